/**
 * Albums: named sets of photos and videos, owned by one user and shared with household members as
 * viewers (they see it) or contributors (they also add their own photos and remove only those).
 * Every album route answers 404 to someone who is neither the owner nor a member.
 */

import type { FileItem } from "./drive";

export const ALBUM_ROLES = ["viewer", "contributor"] as const;
export type AlbumRole = (typeof ALBUM_ROLES)[number];
/** What the caller is to an album. */
export type AlbumAccess = "owner" | AlbumRole;

/** Longest album name (characters). */
export const MAX_ALBUM_NAME = 200;
/** Most photos added or removed in one request. */
export const MAX_ALBUM_BATCH = 1000;
/** Most items in one page of `GET /api/albums/:id`; the default when `limit` is absent. */
export const MAX_ALBUM_PAGE = 1000;
export const DEFAULT_ALBUM_PAGE = 500;

/** A person in the household, as albums show them: a display name, never an email. */
export interface Person {
  id: string;
  name: string;
}

/** `GET /api/people` → the other active household members, to share an album with. */
export interface PeopleResponse {
  people: Person[];
}

/** The photo on an album's card (`GET /api/albums/:id/items/:fileId/thumbnail?size=`). */
export interface AlbumCover {
  fileId: string;
  thumbhash: string | null;
  placeholderColour: string | null;
  /** False until the media process has made the thumbnail. */
  hasThumbnail: boolean;
}

/** An album as the album lists show it. */
export interface AlbumSummary {
  id: string;
  name: string;
  owner: Person;
  /** What the caller is to this album. */
  access: AlbumAccess;
  /** The chosen cover when it is still in the album, else the newest photo; null when empty. */
  cover: AlbumCover | null;
  /** Photos and videos in it (trashed ones are left out until restored). */
  count: number;
  /** The dates taken of its oldest and newest photos (ISO); null when empty. */
  from: string | null;
  to: string | null;
  createdAt: string;
  updatedAt: string;
  /** How many household members it is shared with. */
  memberCount: number;
}

/** `GET /api/albums` → the caller's albums and those shared with them, most recently changed first. */
export interface AlbumListResponse {
  owned: AlbumSummary[];
  shared: AlbumSummary[];
}

export interface AlbumMember extends Person {
  role: AlbumRole;
}

export interface AlbumDetail extends AlbumSummary {
  /** The chosen cover's file id, or null when the album shows its newest photo. */
  coverId: string | null;
  members: AlbumMember[];
  /** True for the owner and contributors. */
  canAdd: boolean;
}

/**
 * A photo of an album. Its bytes are read through the album:
 * `GET /api/albums/:id/items/:fileId/thumbnail?size=`, `/content`, `/preview`. For photos that are
 * not the caller's, `media.latitude`/`longitude` are null (a location never leaves its owner)
 * and `parentId` is null.
 */
export interface AlbumItem extends FileItem {
  /** Who put it in the album; `name` is null for someone who has left the household. */
  addedBy: { id: string; name: string | null };
  addedAt: string;
  /** True when the caller owns the file. */
  yours: boolean;
  /** True when the caller may take it out of the album (the owner: any; a contributor: their own additions). */
  removable: boolean;
}

/**
 * `GET /api/albums/:id?after=<cursor>&limit=N` → the album and its photos, oldest taken first.
 * Pass `nextCursor` as `after` for the next page; null on the last one.
 */
export interface AlbumResponse {
  album: AlbumDetail;
  items: AlbumItem[];
  nextCursor: string | null;
}

/** `POST /api/albums` → 201 AlbumDetail. */
export interface CreateAlbumRequest {
  name: string;
  fileIds?: string[];
}

/** `PATCH /api/albums/:id` (owner only) → AlbumDetail. `coverId` must be in the album; null goes back to the newest. */
export interface PatchAlbumRequest {
  name?: string;
  coverId?: string | null;
}

/** `POST /api/albums/:id/items` and `DELETE /api/albums/:id/items`. */
export interface AlbumItemsRequest {
  fileIds: string[];
}

/** What adding or removing did: `changed` photos went in (or out), `unchanged` already were (or were not). */
export interface AlbumItemsResponse {
  changed: number;
  unchanged: number;
  album: AlbumSummary;
}

/** `PUT /api/albums/:id/members/:userId` (owner only) → AlbumDetail. */
export interface PutAlbumMemberRequest {
  role: AlbumRole;
}
