/**
 * The tus expiration extension: an upload nobody touched for UPLOAD_TTL_MS expires. From then on
 * it answers 410, and `deleteExpiredUploads` (run by the maintenance job) removes its row, its
 * chunks and anything an interrupted completion left behind. A finished upload's row expires the
 * same way; the file it became is not affected.
 */
import type { Database } from "../../repositories/database";
import { HttpError } from "../../lib/errors";
import { deleteAllChunks } from "./chunk-store";
import { deleteIfStillExpired, expiredUploads, isRecordedBlob, type TusUpload } from "./repository";

/** How long an upload lives after its last activity. */
export const UPLOAD_TTL_MS = 24 * 3600_000;

const BATCH = 100;

/** The expiry of an upload active at `now`. */
export function nextExpiry(now: number): number {
  return now + UPLOAD_TTL_MS;
}

/** Throws 410 for an upload whose time ran out. */
export function assertNotExpired(upload: TusUpload, now: number): void {
  if (upload.expiresAt <= now) throw new HttpError(410, "upload_expired", "This upload expired after a day without activity. Start it again.");
}

/**
 * Deletes every upload that expired by `now`: first its stored bytes, then its row, so a crash
 * part-way leaves the row for the next run. Returns how many uploads were removed.
 */
export async function deleteExpiredUploads(db: Database, bucket: R2Bucket, now: number): Promise<number> {
  let removed = 0;
  for (;;) {
    const batch = await expiredUploads(db, now, BATCH);
    for (const upload of batch) {
      await deleteAllChunks(bucket, upload.id);
      // A completion that stopped after assembling may have left the file's object unrecorded.
      if (upload.fileId === null && !(await isRecordedBlob(db, upload.blobKey))) await bucket.delete(upload.blobKey);
      if (await deleteIfStillExpired(db, upload.id, now)) removed++;
    }
    if (batch.length < BATCH) return removed;
  }
}
