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
  /** Bytes of the user's files (trash included, as Drive counts it). */
  usedBytes?: number;
  /** null: no limit. */
  quotaBytes?: number | null;
  twoFactorEnabled: boolean;
  /** The admin requires two-factor sign-in and this user has not enrolled yet: only enrolment works. */
  mustEnrollTwoFactor: boolean;
}

export interface RegisterRequest {
  email: string;
  password: string;
  name: string;
  /** From an invite link (`/invite/<token>`); needed while registration is closed. */
  inviteToken?: string;
}

export interface LoginRequest {
  email: string;
  password: string;
}

/** `POST /api/auth/register` → 201, `POST /api/auth/login` → 200, `GET /api/me` → 200. */
export interface UserResponse {
  user: User;
}

/**
 * `POST /api/auth/login` when the account has two-factor sign-in: no session yet. Send the code
 * (or a recovery code) with the challenge to `POST /api/auth/login/two-factor` within 5 minutes.
 */
export interface TwoFactorChallenge {
  twoFactorRequired: true;
  challenge: string;
}

export interface TwoFactorLoginRequest {
  challenge: string;
  /** A 6-digit TOTP code, or one of the recovery codes (`xxxxx-xxxxx`). */
  code: string;
}

/** `GET /api/setup` → whether the first account (the admin) still has to be created. */
export interface SetupStatus {
  needsSetup: boolean;
  registrationOpen: boolean;
  version: string;
}

/** `GET /api/invites/:token` (no session needed) → what the invite page shows. */
export interface InviteInfo {
  email: string | null;
  role: Role;
  expiresAt: string;
  invitedBy: string;
}

/** `PATCH /api/me` */
export interface UpdateProfileRequest {
  name?: string;
}

/** `POST /api/me/password`: ends every other session. */
export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

/** `GET /api/me/sessions` */
export interface SessionInfo {
  id: string;
  /** e.g. "Firefox on Linux", from the User-Agent. */
  device: string;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

export interface SessionListResponse {
  sessions: SessionInfo[];
}

/** `POST /api/me/two-factor/setup` → a new secret to scan; not active until confirmed. */
export interface TwoFactorSetup {
  secret: string;
  otpauthUrl: string;
}

/** `POST /api/me/two-factor/enable` `{code}` → the ten one-time recovery codes, shown once. */
export interface RecoveryCodesResponse {
  recoveryCodes: string[];
}

/** Admin view of a user. */
export interface AdminUser extends User {
  createdAt: string;
  disabled: boolean;
  quotaBytes: number | null;
  usedBytes: number;
  lastSeenAt: string | null;
}

export interface AdminUserListResponse {
  users: AdminUser[];
}

/** `POST /api/admin/users` */
export interface CreateUserRequest {
  email: string;
  password: string;
  name: string;
  role?: Role;
  quotaBytes?: number | null;
}

/** `PATCH /api/admin/users/:id`; `password` resets it and ends the user's sessions. */
export interface UpdateUserRequest {
  name?: string;
  role?: Role;
  disabled?: boolean;
  quotaBytes?: number | null;
  password?: string;
}

/**
 * `DELETE /api/admin/users/:id` with a JSON body: either move their files to another user
 * (into a folder "Files from <name>"), or delete them, confirmed by typing the user's name.
 */
export type DeleteUserRequest = { transferTo: string } | { deleteFiles: true; confirmName: string };

/** `POST /api/admin/invites` */
export interface CreateInviteRequest {
  email?: string;
  role?: Role;
  /** Default 72, at most 720. */
  expiresInHours?: number;
}

export interface Invite {
  id: string;
  email: string | null;
  role: Role;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

/** The link is shown once, at creation; only a hash of its token is stored. */
export interface CreatedInvite extends Invite {
  url: string;
}

export interface InviteListResponse {
  invites: Invite[];
}

/** `GET|PATCH /api/admin/settings` */
export interface AdminSettings {
  registrationOpen: boolean;
  requireTwoFactor: boolean;
}

export interface AuditEntry {
  id: number;
  at: string;
  action: string;
  success: boolean;
  actorId: string | null;
  actorEmail: string | null;
  ip: string | null;
  targetType: string | null;
  targetId: string | null;
  detail: Record<string, unknown> | null;
}

/** `GET /api/admin/audit?user=&action=&before=<id>&limit=` → newest first; `nextBefore` pages on. */
export interface AuditListResponse {
  entries: AuditEntry[];
  nextBefore: number | null;
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
  starred: boolean;
  /** Set on items in the trash (`GET /api/trash`). */
  trashedAt?: string;
  /** In the trash: where it was, e.g. "/Photos/2024" ("/" for the top level). */
  originalPath?: string;
}

/** One step of a breadcrumb trail. */
export interface PathStep {
  id: string;
  name: string;
}

export type ThumbnailSize = 240 | 720;

export type SortKey = "name" | "modified" | "size";
export type SortOrder = "asc" | "desc";

/**
 * `GET /api/files?parent=<folderId|root>&sort=name|modified|size&order=asc|desc` — folders first.
 * `folder` is the listed folder (null for the top level) and `path` the trail from the top down to it.
 */
export interface FileListResponse {
  items: FileItem[];
  folder: FileItem | null;
  path: PathStep[];
  /**
   * With `&limit=N` the listing is paged: pass this as `&cursor=` for the next page; null on the
   * last one. Big folders open fast from their first page while the rest streams in.
   */
  nextCursor?: string | null;
}

/** `GET /api/search?q=`, `GET /api/recent`, `GET /api/starred`, `GET /api/trash`. */
export interface ItemsResponse {
  items: FileItem[];
}

/** What to do when the name is taken: refuse (409 `name_taken`), `name (1).ext`, or replace the old one (it goes to the trash). */
export type OnConflict = "fail" | "keepBoth" | "replace";

/** `GET /api/photos` → images and videos, newest taken first. */
export interface PhotoListResponse {
  items: FileItem[];
}

export interface CreateFolderRequest {
  parentId: string | null;
  name: string;
  onConflict?: OnConflict;
}

/** `PATCH /api/files/:id`: rename and/or move (metadata only, however big the folder). */
export interface PatchFileRequest {
  name?: string;
  parentId?: string | null;
  onConflict?: OnConflict;
}

/** `POST /api/files/:id/copy` → 201 the copy (folders are copied with everything inside). */
export interface CopyFileRequest {
  parentId: string | null;
  name?: string;
  onConflict?: OnConflict;
}

/** `PUT|DELETE /api/files/:id/star` → the item. */

/** A share link. `url` is `PUBLIC_URL/s/<token>`. */
export interface Share {
  id: string;
  fileId: string;
  token: string;
  url: string;
  createdAt: string;
  expiresAt: string | null;
  hasPassword: boolean;
  allowDownload: boolean;
  /** How many times the link was opened. */
  opens: number;
}

/** `POST /api/shares` → 201 Share. */
export interface CreateShareRequest {
  fileId: string;
  expiresAt?: string | null;
  password?: string | null;
  allowDownload?: boolean;
}

/** `GET /api/shares?fileId=` (all of the user's links when no fileId). */
export interface ShareListResponse {
  shares: Share[];
}

/**
 * `GET /api/public/:token` → the shared item, or 401 `password_required` until
 * `POST /api/public/:token/unlock` `{password}` succeeds (it sets a cookie for this link).
 * Inside a shared folder: `GET /api/public/:token/files?parent=<id>` (FileListResponse, `path`
 * starting at the shared folder), `/api/public/:token/files/:id/content` and `/thumbnail?size=`,
 * `/api/public/:token/zip`. View-only links serve thumbnails and previews but refuse `content`
 * downloads (403 `download_not_allowed`).
 */
export interface PublicShareResponse {
  item: FileItem;
  allowDownload: boolean;
  expiresAt: string | null;
  sharedBy: string;
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
  | { type: "file.restored"; file: FileItem }
  | { type: "file.deleted"; fileId: string }
  | { type: "job.progress"; fileId: string; job: JobKind; state: JobState; progress: number }
  | { type: "thumbnail.ready"; fileId: string; sizes: ThumbnailSize[] };

export type JobKind = "image" | "video";
export type JobState = "queued" | "running" | "done" | "failed";
