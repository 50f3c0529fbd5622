/**
 * The tus expiration extension: an upload nobody touched for UPLOAD_TTL_MS expires. From then on
 * it answers 410, and core/uploads.ts `deleteExpiredUploads` (run by the maintenance job) removes
 * its row, its chunks and anything an interrupted completion left behind. A finished upload's row
 * expires the same way; the file it became is not affected.
 */
import { HttpError } from "../../lib/errors";
import type { TusUpload } from "../../repositories/uploads";

/** How long an upload lives after its last activity. */
export const UPLOAD_TTL_MS = 24 * 3600_000;

/** The expiry of an upload active at `now`. */
export function nextExpiry(now: number): number {
  return now + UPLOAD_TTL_MS;
}

/** Throws 410 for an upload whose time ran out. */
export function assertNotExpired(upload: TusUpload, now: number): void {
  if (upload.expiresAt <= now)
    throw new HttpError(410, "upload_expired", "This upload expired after a day without activity. Start it again.");
}
