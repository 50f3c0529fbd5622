/**
 * Adding a request's data to an upload (PATCH, or POST with data): every chunk is stored in the
 * blob store before the offset moves past it, and the upload is completed once the offset
 * reaches its length.
 *
 * Without Upload-Checksum each chunk is committed as soon as it is stored, so a connection that
 * drops mid-request keeps every whole chunk that arrived and the client resumes from there. With
 * a checksum nothing can be trusted until the last byte is hashed, so the chunks are committed
 * together, or deleted on a mismatch.
 */
import { conflict, HttpError } from "../../lib/errors";
import { checksumMatches, checksumMismatch, digestName, type ExpectedChecksum } from "./checksum";
import { CHUNK_BYTES, deleteChunks, storeBody, type StoredBody } from "./chunk-store";
import { assertRoomOnDisk, storeFailure } from "../../core/disk-space";
import type { Services } from "../../core/services";
import { appendChunks, type Chunk, type TusUpload } from "../../repositories/uploads";
import { claimAndComplete } from "./completion";
import { nextExpiry } from "./expiry";
import { MAX_UPLOAD_BYTES } from "./protocol";
import type { RequestData } from "./request-body";

export interface AppendOptions {
  checksum?: ExpectedChecksum;
  /** Keeps a completion running if the client leaves (see keepAlive). */
  keepAlive: (work: Promise<unknown>) => void;
}

const changedMeanwhile = () =>
  conflict(
    "upload_changed",
    "Another request changed this upload at the same time. Ask for its offset (HEAD) and continue from there.",
  );

/** The result of a conditional write, or 409 when another request changed the upload first. */
export function unlessChanged<T>(written: T | undefined): T {
  if (written === undefined) throw changedMeanwhile();
  return written;
}

/** Appends `data` at the upload's offset; resolves with the upload after it (finished when it is complete). */
export async function appendData(
  services: Services,
  upload: TusUpload,
  data: RequestData,
  options: AppendOptions,
): Promise<TusUpload> {
  const remaining = (upload.length ?? MAX_UPLOAD_BYTES) - upload.offset;
  if (data.contentLength !== undefined && data.contentLength > remaining) {
    throw new HttpError(413, "beyond_upload_length", "The data goes past the upload's declared length.");
  }
  // Before any byte flows: bytes that cannot fit on the disk are refused (507), not half stored.
  await assertRoomOnDisk(services, data.contentLength ?? 0);
  if (!data.stream) {
    if (options.checksum && !(await checksumOfNothingMatches(options.checksum))) throw checksumMismatch();
    return completeIfWhole(services, upload, [], options);
  }

  let current = upload;
  // The chunk that ends the upload is kept back for the completion's claim.
  const lastChunks: Chunk[] = [];
  let committed = 0;
  const commitEach = async (chunk: Chunk): Promise<boolean> => {
    if (current.length !== null && current.offset + chunk.size === current.length) {
      lastChunks.push(chunk);
      return true;
    }
    const next = await appendChunks(services.db, current, [chunk], nextExpiry(Date.now()));
    if (!next) return false;
    current = next;
    committed++;
    return true;
  };
  const stored = await storeBody(services.bucket, upload.id, upload.offset, data.stream, {
    ...(data.contentLength === undefined ? {} : { contentLength: data.contentLength }),
    limit: remaining,
    ...(options.checksum ? { checksum: options.checksum } : { onChunk: commitEach }),
  });
  const uncommitted = options.checksum ? stored.chunks : stored.chunks.slice(committed);
  if (stored.outcome !== "complete") {
    await deleteChunks(services.bucket, upload.id, uncommitted);
    // A full disk shows here only as a broken store; at most one chunk was being written when it broke.
    throw stored.outcome === "broken"
      ? await storeFailure(services, CHUNK_BYTES, failureOf(stored))
      : failureOf(stored);
  }
  if (options.checksum) {
    const added = uncommitted.reduce((n, chunk) => n + chunk.size, 0);
    if (current.length === null || current.offset + added < current.length) {
      const next = await appendChunks(services.db, current, uncommitted, nextExpiry(Date.now()));
      if (!next) {
        await deleteChunks(services.bucket, upload.id, uncommitted);
        throw changedMeanwhile();
      }
      return next;
    }
    return completeIfWhole(services, current, uncommitted, options);
  }
  return completeIfWhole(services, current, lastChunks, options);
}

/** Completes the upload when `lastChunks` bring it to its length; otherwise it is returned as it is. */
async function completeIfWhole(
  services: Services,
  upload: TusUpload,
  lastChunks: Chunk[],
  options: AppendOptions,
): Promise<TusUpload> {
  const added = lastChunks.reduce((n, chunk) => n + chunk.size, 0);
  if (upload.length === null || upload.offset + added < upload.length) return upload;
  const completion = claimAndComplete(services, upload, lastChunks);
  options.keepAlive(completion);
  const finished = await completion;
  if (!finished) {
    await deleteChunks(services.bucket, upload.id, lastChunks);
    throw changedMeanwhile();
  }
  return finished;
}

function failureOf(stored: StoredBody): HttpError {
  if (stored.outcome === "mismatch") return checksumMismatch();
  if (stored.outcome === "stopped") return changedMeanwhile();
  if (stored.error instanceof HttpError) return stored.error;
  console.warn("tus data interrupted:", stored.error);
  return new HttpError(
    400,
    "upload_incomplete",
    "The data did not arrive completely; what arrived whole was kept. Ask for the offset (HEAD) and continue.",
  );
}

async function checksumOfNothingMatches(checksum: ExpectedChecksum): Promise<boolean> {
  return checksumMatches(checksum, await crypto.subtle.digest(digestName(checksum.algorithm), new Uint8Array(0)));
}
