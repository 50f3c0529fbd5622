/** Share links and the public page behind them. */

import type { FileItem } from "./drive";

/** What a link shows: one file or folder, an album (as it is now and later), or a fixed selection of photos. */
export type ShareKind = "item" | "album" | "selection";

/** A share link. `url` is `PUBLIC_URL/s/<token>`. */
export interface Share {
  id: string;
  kind: ShareKind;
  /** The shared file or folder (kind "item"), else null. */
  fileId: string | null;
  /** The shared album (kind "album"), else null. */
  albumId: string | null;
  /** How many photos a selection link holds now (kind "selection"), else null. */
  photoCount: number | null;
  token: string;
  url: string;
  createdAt: string;
  expiresAt: string | null;
  hasPassword: boolean;
  allowDownload: boolean;
  /** How many times the link was opened. */
  opens: number;
}

/**
 * `POST /api/shares` → 201 Share. Send exactly one of `fileId` (a file or folder of yours),
 * `albumId` (an album you own) or `fileIds` (photos of yours: a selection link).
 */
export interface CreateShareRequest {
  fileId?: string;
  albumId?: string;
  fileIds?: string[];
  expiresAt?: string | null;
  password?: string | null;
  allowDownload?: boolean;
}

/** Most photos in one selection link. */
export const MAX_SHARED_SELECTION = 5000;

/** `GET /api/shares?fileId=` or `?albumId=` (all of the user's links when neither). */
export interface ShareListResponse {
  shares: Share[];
}

/**
 * `GET /api/public/:token` → what the link shows, or 401 `password_required` until
 * `POST /api/public/:token/unlock` `{password}` succeeds (it sets a cookie for this link).
 * Inside a shared folder: `GET /api/public/:token/files?parent=<id>` (FileListResponse, `path`
 * starting at the shared folder). Any file the link shows (in the folder, the album or the
 * selection): `/api/public/:token/files/:id/content`, `/thumbnail?size=` and `/preview`;
 * everything as one archive: `/api/public/:token/zip`. View-only links serve thumbnails and
 * previews but refuse `content` downloads and the ZIP (403 `download_not_allowed`).
 * Photo locations are never in a public answer.
 */
export type PublicShareResponse = PublicItemShare | PublicPhotosShare;

interface PublicShareBase {
  allowDownload: boolean;
  expiresAt: string | null;
  sharedBy: string;
}

/** A link to one file or folder. */
export interface PublicItemShare extends PublicShareBase {
  kind: "item";
  item: FileItem;
}

/** A link to an album or a selection: its photos, oldest taken first. */
export interface PublicPhotosShare extends PublicShareBase {
  kind: "album" | "selection";
  /** The album's name, or "N photos" for a selection. */
  title: string;
  photos: FileItem[];
}
