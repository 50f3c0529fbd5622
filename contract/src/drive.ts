/** Drive: the file tree, listings, folders, rename/move/copy and the trash. */

import type { MediaInfo, ProcessingInfo, ThumbnailSize } from "./photos";

export const FILE_KINDS = ["file", "folder"] as const;
export type FileKind = (typeof FILE_KINDS)[number];

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
  /** Photos and videos: where their processing stands, and why it failed (POST /api/files/:id/reprocess retries). */
  processing?: ProcessingInfo;
  starred: boolean;
  /** Set on archived photos: they stay in Drive but leave the Photos timeline (`GET /api/photos/archive`). */
  archivedAt?: string;
  /** Set on items in the trash (`GET /api/trash`). */
  trashedAt?: string;
  /** In the trash: where it was, e.g. "/Photos/2024" ("/" for the top level). */
  originalPath?: string;
  /**
   * Set on a partner's photo (partner sharing): whose it is. Its bytes are read through the share,
   * `/api/partners/:ownerId/photos/:id/thumbnail`, `/content` and `/preview`; like a shared album's
   * photos it carries no GPS position, folder or star.
   */
  owner?: { id: string; name: string };
}

/** One step of a breadcrumb trail. */
export interface PathStep {
  id: string;
  name: string;
}

/** Listing orders: `GET /api/files?sort=&order=`. */
export const SORT_KEYS = ["name", "modified", "size"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export const SORT_ORDERS = ["asc", "desc"] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** Most items in one listing response; bigger folders are paged with `limit` and `cursor`. */
export const MAX_LISTING_PAGE = 10_000;

/** Days an item stays in the trash before it is deleted for good, unless TRASH_RETENTION_DAYS says otherwise. */
export const DEFAULT_TRASH_RETENTION_DAYS = 30;

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

/**
 * What to do when the name is taken: refuse (409 `name_taken`), `name (1).ext`, or replace the old
 * one (it goes to the trash).
 */
export const CONFLICT_MODES = ["fail", "keepBoth", "replace"] as const;
export type OnConflict = (typeof CONFLICT_MODES)[number];

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
