/** Photos: media metadata, thumbnails and the photo listing. */

import type { FileItem } from "./drive";

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
  width: number | null;
  height: number | null;
  durationSeconds: number | null;
}

/** `GET /api/photos` → images and videos, newest taken first. */
export interface PhotoListResponse {
  items: FileItem[];
}
