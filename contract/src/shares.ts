/** Share links and the public page behind them. */

import type { FileItem } from "./drive";

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
