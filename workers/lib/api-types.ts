/**
 * Request and response shapes of Hearth's HTTP API, shared by the workers and the web app so a
 * changed field fails the build, not the user.
 */

export type Role = "admin" | "member";

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface RegisterRequest {
  email: string;
  password: string;
  name: string;
}

export interface LoginRequest {
  email: string;
  password: string;
}

/** `POST /api/auth/register` → 201, `POST /api/auth/login` → 200, `GET /api/me` → 200. */
export interface UserResponse {
  user: User;
}

/** `GET /api/setup` → whether the first account (the admin) still has to be created. */
export interface SetupStatus {
  needsSetup: boolean;
  version: string;
}

export type FileKind = "file" | "folder";

export interface MediaInfo {
  takenAt: string | null;
  cameraMake: string | null;
  cameraModel: string | null;
  lens: string | null;
  latitude: number | null;
  longitude: number | null;
  width: number | null;
  height: number | null;
  durationSeconds: number | null;
}

export interface FileItem {
  id: string;
  parentId: string | null;
  name: string;
  kind: FileKind;
  size: number;
  mime: string | null;
  createdAt: string;
  updatedAt: string;
  sha256?: string;
  /** Which thumbnail sizes are ready to fetch from `/api/files/:id/thumbnail?size=`. */
  thumbnails: ThumbnailSize[];
  media?: MediaInfo;
}

export type ThumbnailSize = 240 | 720;

/** `GET /api/files?parent=<folderId|root>` */
export interface FileListResponse {
  items: FileItem[];
}

/** `GET /api/photos` → images and videos, newest taken first. */
export interface PhotoListResponse {
  items: FileItem[];
}

export interface CreateFolderRequest {
  parentId: string | null;
  name: string;
}

export interface PatchFileRequest {
  name?: string;
  parentId?: string | null;
}

export interface ApiError {
  error: { code: string; message: string };
}

/** `GET /health` */
export interface HealthResponse {
  status: "ok" | "degraded";
  version: string;
  db: "ok" | "down";
  blobs: "ok" | "down";
}

/**
 * Events pushed on `GET /api/events` (Server-Sent Events). The SSE `event:` field is the `type`,
 * the `data:` field is the JSON of the whole event.
 */
export type HearthEvent =
  | { type: "file.created"; file: FileItem }
  | { type: "file.updated"; file: FileItem }
  | { type: "file.trashed"; fileId: string }
  | { type: "job.progress"; fileId: string; job: JobKind; state: JobState; progress: number }
  | { type: "thumbnail.ready"; fileId: string; sizes: ThumbnailSize[] };

export type JobKind = "image" | "video";
export type JobState = "queued" | "running" | "done" | "failed";
