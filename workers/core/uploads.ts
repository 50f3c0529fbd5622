/**
 * What happens when an upload's bytes are all stored (from `PUT /api/files/content` or a finished
 * tus upload): the quota is enforced, bytes the user already has are not kept twice, the file
 * appears in its folder under the name rule, media processing is queued, and the user's other
 * tabs hear about it. Also the end of unfinished resumable uploads: cancelled, or expired.
 */
import type { FileItem, OnConflict } from "@hearth/contract";
import { tusUploadPrefix } from "../lib/blob-keys";
import { HttpError } from "../lib/errors";
import { newId } from "../lib/ids";
import { mediaJobKind } from "../lib/mime";
import {
  deleteBlobRow,
  findBlobByKey,
  findMediaOf,
  findOwnBlobWithSameBytes,
  forgetUnusedBlobs,
  insertBlob,
  type BlobRow,
} from "../repositories/blobs";
import { findLiveItem, insertItem, replaceContent } from "../repositories/files";
import { enqueueUnlessPending } from "../repositories/jobs";
import { deleteIfStillExpired, deleteUpload, expiredUploads, type TusUpload } from "../repositories/uploads";
import { deleteBytesOf } from "./blobs";
import { assertQuota, withinQuota } from "./quota";
import { withNameRule } from "./name-clash";
import { toFileItem } from "./presenter";
import type { Services } from "./services";

export { assertQuota, QuotaExceeded } from "./quota";

/** An upload whose bytes are stored at `key`, not yet a file. */
export interface StoredUpload {
  ownerId: string;
  parentId: string | null;
  name: string;
  mime: string;
  /** Where the bytes were stored; deleted again when they turn out to be a duplicate or over quota. */
  key: string;
  size: number;
  sha256: string;
  onConflict: OnConflict;
}

/**
 * Turns stored bytes into a file in the owner's Drive; resolves with the file as the API shows it.
 * Whatever stops that (quota, a name clash, the database failing) removes the stored bytes at once,
 * unless a blob row that another file uses claims them: nothing stays on disk without a reference.
 */
export async function recordUpload(services: Services, upload: StoredUpload): Promise<FileItem> {
  const { db } = services;
  let blob: BlobRow | undefined;
  let blobIsNew = false;
  let file;
  try {
    await assertQuota(services, upload.ownerId, upload.size);
    const now = services.now();
    blob = await blobFor(services, upload, now);
    blobIsNew = blob.key === upload.key;
    const row = {
      id: newId(),
      ownerId: upload.ownerId,
      parentId: upload.parentId,
      kind: "file" as const,
      size: upload.size,
      mime: upload.mime,
    };
    const blobId = blob.id;
    file = await withinQuota(services, upload.ownerId, upload.size, () =>
      withNameRule(services, upload, upload.onConflict, (name) =>
        insertItem(db, { ...row, name, blobId, createdAt: now, updatedAt: now }),
      ),
    );
  } catch (error) {
    await forgetStoredBytes(services, upload, blob);
    throw error;
  }
  // Bytes stored just now have no media row yet: only a duplicate's may already be processed.
  const media = blobIsNew ? undefined : await findMediaOf(db, blob.id);
  const kind = mediaJobKind(upload.mime);
  // Bytes already processed (a duplicate) need no second job.
  let mediaRow = media ?? null;
  if (kind && !media) {
    const now = services.now();
    await enqueueUnlessPending(db, { kind, blobId: blob.id, fileId: file.id, ownerId: upload.ownerId, now });
    mediaRow = (await findMediaOf(db, blob.id)) ?? null;
  }
  const item = toFileItem(file, blob, mediaRow);
  await services.events.publish(upload.ownerId, { type: "file.created", file: item });
  return item;
}

/**
 * Gives an existing file new bytes (a WebDAV client saving over a file): the file keeps its id,
 * name, star and share links; the bytes it had go once no other file uses them. Quota, dedup,
 * media jobs and the user's other tabs are handled as for any upload.
 */
export async function replaceUploadedContent(
  services: Services,
  fileId: string,
  upload: Omit<StoredUpload, "onConflict" | "parentId" | "name">,
): Promise<FileItem> {
  const { db, bucket } = services;
  try {
    await assertQuota(services, upload.ownerId, upload.size);
  } catch (error) {
    await bucket.delete(upload.key);
    throw error;
  }
  const now = services.now();
  const blob = await blobFor(services, upload, now);
  const replaced = await replaceContent(
    db,
    upload.ownerId,
    fileId,
    { blobId: blob.id, size: upload.size, mime: upload.mime },
    now,
  );
  if (!replaced) {
    if (blob.key === upload.key) {
      await deleteBlobRow(db, blob.id);
      await bucket.delete(upload.key);
    }
    throw new HttpError(404, "not_found", "No such file.");
  }
  if (replaced.oldBlobId && replaced.oldBlobId !== blob.id)
    await deleteBytesOf(services, await forgetUnusedBlobs(db, [replaced.oldBlobId]));
  // Bytes stored just now have no media row yet: only a duplicate's may already be processed.
  const media = blob.key === upload.key ? undefined : await findMediaOf(db, blob.id);
  const kind = mediaJobKind(upload.mime);
  if (kind && !media) await enqueueUnlessPending(db, { kind, blobId: blob.id, fileId, ownerId: upload.ownerId, now });
  const found = await findLiveItem(db, upload.ownerId, fileId);
  if (!found) throw new HttpError(404, "not_found", "No such file.");
  const item = toFileItem(found.file, found.blob, found.media);
  await services.events.publish(upload.ownerId, { type: "file.updated", file: item });
  return item;
}

/**
 * Removes the bytes of an upload that did not become a file, and the blob row made for them.
 * A failed request may still have committed (the answer was lost), so the bytes go only once the
 * database confirms no file uses them; when it cannot answer, they stay for the collector
 * (core/collector.ts), which removes bytes no blob row references.
 */
async function forgetStoredBytes(services: Services, upload: StoredUpload, blob: BlobRow | undefined): Promise<void> {
  if (blob && blob.key !== upload.key) return; // a duplicate: the upload's own copy is already gone
  try {
    const row = await findBlobByKey(services.db, upload.key);
    if (row && (await forgetUnusedBlobs(services.db, [row.id])).length === 0) return;
    await services.bucket.delete(upload.key);
  } catch (error) {
    console.warn(`left ${upload.key} for the collector:`, error);
  }
}

/** The blob the file will use: one of the owner's with the same bytes (the new copy is deleted), or a new one. */
async function blobFor(
  services: Services,
  upload: Pick<StoredUpload, "ownerId" | "sha256" | "size" | "key" | "mime">,
  now: number,
): Promise<BlobRow> {
  const same = await findOwnBlobWithSameBytes(services.db, upload.ownerId, upload.sha256, upload.size);
  if (same) {
    await services.bucket.delete(upload.key);
    return same;
  }
  const blob = {
    id: newId(),
    key: upload.key,
    size: upload.size,
    sha256: upload.sha256,
    mime: upload.mime,
    createdAt: now,
  };
  await insertBlob(services.db, blob);
  return blob;
}

/** Deletes every object under an upload's prefix, including chunks of writes that never committed. */
export async function deleteUploadChunks(bucket: R2Bucket, uploadId: string): Promise<void> {
  for (;;) {
    const listing = await bucket.list({ prefix: tusUploadPrefix(uploadId), limit: 1000 });
    if (listing.objects.length > 0) await bucket.delete(listing.objects.map((object) => object.key));
    if (!listing.truncated) return;
  }
}

/** Deletes what an unfinished upload stored: its tail chunks, its parts, and the file's object unless a blob row claims it. */
async function deleteUploadBytes(services: Services, upload: TusUpload): Promise<void> {
  await deleteUploadChunks(services.bucket, upload.id);
  if (upload.fileId === null && upload.multipartId !== "")
    await services.bucket
      .resumeMultipartUpload(upload.blobKey, upload.multipartId)
      .abort()
      .catch(() => {}); // completed or already gone
  // A completion that stopped after assembling may have left the file's object unrecorded.
  if (upload.fileId === null && !(await findBlobByKey(services.db, upload.blobKey)))
    await services.bucket.delete(upload.blobKey);
}

/**
 * Ends an upload at its owner's request. The row goes first, so a PATCH still running can no
 * longer commit (and deletes its own chunk); a finished upload's file is not touched.
 */
export async function cancelUpload(services: Services, upload: TusUpload): Promise<void> {
  await deleteUpload(services.db, upload);
  await deleteUploadBytes(services, upload);
}

const EXPIRY_BATCH = 100;

/**
 * Deletes every resumable upload whose time ran out: first its stored bytes, then its row, so a
 * crash part-way leaves the row for the next run. Resolves with how many uploads were removed.
 */
export async function deleteExpiredUploads(services: Services): Promise<number> {
  const now = services.now();
  let removed = 0;
  for (;;) {
    const batch = await expiredUploads(services.db, now, EXPIRY_BATCH);
    for (const upload of batch) {
      await deleteUploadBytes(services, upload);
      if (await deleteIfStillExpired(services.db, upload.id, now)) removed++;
    }
    if (batch.length < EXPIRY_BATCH) return removed;
  }
}
