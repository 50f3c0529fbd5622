/** Photos: media metadata, thumbnails and the photo listing. */

import type { FileItem } from "./drive";
import type { PlaceName } from "./places";

/** Thumbnail sizes (longest edge, px) the media process makes and `?size=` accepts, smallest first. */
export const THUMBNAIL_SIZES = [240, 720] as const;
export type ThumbnailSize = (typeof THUMBNAIL_SIZES)[number];

/** True for a size in THUMBNAIL_SIZES. */
export function isThumbnailSize(size: number): size is ThumbnailSize {
  return (THUMBNAIL_SIZES as readonly number[]).includes(size);
}

/**
 * Where a photo's or video's processing stands: waiting in the queue, being worked on, done,
 * failed (damaged, or a fault: "Try again" requeues it) or unsupported (a format or size this
 * Hearth cannot process; the reason says which).
 */
export const PROCESSING_STATES = ["pending", "processing", "ready", "failed", "unsupported"] as const;
export type ProcessingState = (typeof PROCESSING_STATES)[number];

/** `FileItem.processing`: set on files the media process works on (photos and videos). */
export interface ProcessingInfo {
  state: ProcessingState;
  /** Why it failed or is unsupported, in words for the owner; null otherwise. */
  reason: string | null;
}

export interface MediaInfo {
  takenAt: string | null;
  cameraMake: string | null;
  cameraModel: string | null;
  lens: string | null;
  latitude: number | null;
  longitude: number | null;
  /** Where it was taken, named offline from its GPS position; null without GPS, far from any town, or not yet named. */
  place: PlaceName | null;
  width: number | null;
  height: number | null;
  durationSeconds: number | null;
  /**
   * What a tile shows until its thumbnail loads: a ThumbHash (base64; decode with the `thumbhash`
   * package's thumbHashToDataURL) and its average colour ("#rrggbb"). Null until processed.
   */
  thumbhash: string | null;
  placeholderColour: string | null;
  /**
   * True when `GET /api/files/:id/preview` serves a 720p H.264 MP4 of this video (made for videos
   * browsers cannot play directly or whose bitrate is too high to stream well): play it instead of
   * the content. False for photos and for videos that play as they are.
   */
  videoPreview: boolean;
}

/** Most items in one page of `GET /api/photos`; the default when `limit` is absent. */
export const MAX_PHOTO_PAGE = 1000;
export const DEFAULT_PHOTO_PAGE = 200;
/** Most neighbours asked for on each side of a photo (`GET /api/photos/:id/neighbours?count=`). */
export const MAX_PHOTO_NEIGHBOURS = 50;

/** A timeline month, "YYYY-MM" (UTC of the date taken). */
export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** One month of the scrubber: how many photos and videos the timeline has in it. */
export interface PhotoMonth {
  month: string;
  count: number;
}

/** `GET /api/photos/months` → the timeline's months, newest first, archived and trashed photos left out. */
export interface PhotoMonthsResponse {
  months: PhotoMonth[];
}

/**
 * `GET /api/photos?month=YYYY-MM&before=<cursor>&limit=N` and `GET /api/photos/archive?before=&limit=`:
 * newest first by date taken; `month` keeps the page inside that month. Pass `nextCursor` as
 * `before` for the next page; null on the last one. Cursors are opaque (a date and an id).
 */
export interface PhotoPageResponse {
  items: FileItem[];
  nextCursor: string | null;
}

/** @deprecated the old unpaged shape; `GET /api/photos` now answers PhotoPageResponse. */
export type PhotoListResponse = PhotoPageResponse;

/**
 * `GET /api/photos/:id/neighbours?count=N` → the photos around one in the timeline (or in the
 * archive when it is archived): `newer` nearest first, `older` nearest first.
 */
export interface PhotoNeighboursResponse {
  photo: FileItem;
  newer: FileItem[];
  older: FileItem[];
}
