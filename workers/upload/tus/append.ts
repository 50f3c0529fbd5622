/**
 * Adding a request's data to an upload (PATCH, or POST with data): every chunk is stored in the
 * blob store before the offset moves past it, and the upload is completed once the offset
 * reaches its length.
 *
 * Without Upload-Checksum each part is committed as soon as it is stored, so a connection that
 * drops mid-request keeps every whole part that arrived and the client resumes from there. With
 * a checksum nothing can be trusted until the last byte is hashed, so the parts are committed
 * together, or released on a mismatch. The request that stores the upload's last part claims the
 * completion first (completion.ts), so a retry of the last chunk waits for it instead of writing
 * the same part number under it.
 */
import { conflict, HttpError } from "../../lib/errors";
import { checksumMatches, checksumMismatch, digestName, type ExpectedChecksum } from "./checksum";
import { CHUNK_BYTES, deleteChunks, storeBody, type StoredBody, type UploadTarget } from "./chunk-store";
import { assertRoomOnDisk, storeFailure } from "../../core/disk-space";
import type { Services } from "../../core/services";
import {
  appendChunks,
  committedChunks,
  findUpload,
  replacedBy,
  type Chunk,
  type TusUpload,
} from "../../repositories/uploads";
import {
  awaitCompletion,
  claimAndComplete,
  claimBeforeLastPart,
  completeClaimed,
  releaseCompletionClaim,
} from "./completion";
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
  // Set once this request has claimed the completion (just before storing the upload's last bytes).
  let claimed: TusUpload | undefined;
  const claimLast = async (): Promise<boolean> => {
    claimed = await claimBeforeLastPart(services, current);
    return claimed !== undefined;
  };
  let committed = 0;
  const commitEach = async (chunk: Chunk): Promise<boolean> => {
    if (claimed) return true; // the upload's last bytes: the completion records them
    const next = await appendChunks(services.db, current, [chunk], nextExpiry(Date.now()));
    if (!next) return false;
    await deleteChunks(services.bucket, upload.id, replacedBy(current, [chunk]));
    current = next;
    committed++;
    return true;
  };
  const stored = await storeBody(services.bucket, uploadTarget(services.bucket, upload), data.stream, {
    ...(data.contentLength === undefined ? {} : { contentLength: data.contentLength }),
    limit: remaining,
    // With a checksum nothing is committed before the last byte is checked.
    ...(options.checksum ? { checksum: options.checksum } : { onChunk: commitEach }),
    beforeLastPart: claimLast,
  });
  const uncommitted = stored.chunks.slice(committed);
  if (stored.outcome !== "complete") {
    await releaseParts(services, upload, uncommitted);
    if (claimed) await releaseCompletionClaim(services, claimed).catch(() => {});
    // Another request claimed the end first (the last chunk sent twice): answer with its file.
    const finished = stored.outcome === "stopped" && !claimed ? await finishedMeanwhile(services, current) : undefined;
    if (finished) return finished;
    // A full disk shows here only as a broken store; at most one part was being written when it broke.
    throw stored.outcome === "broken"
      ? await storeFailure(services, CHUNK_BYTES, failureOf(stored))
      : failureOf(stored);
  }
  if (claimed) {
    const finishing = completeClaimed(services, claimed, [...committedChunks(current), ...uncommitted]);
    options.keepAlive(finishing);
    return finishing;
  }
  if (uncommitted.length > 0) {
    const next = await appendChunks(services.db, current, uncommitted, nextExpiry(Date.now()));
    if (!next) {
      await releaseParts(services, upload, uncommitted);
      throw changedMeanwhile();
    }
    await deleteChunks(services.bucket, upload.id, replacedBy(current, uncommitted));
    current = next;
  }
  return completeIfWhole(services, current, [], options);
}

/**
 * Frees what a failed request stored: its tail objects are deleted, its parts emptied (R2 cannot
 * delete one part; a new upload of the same number replaces it, and the upload's end aborts them all).
 */
async function releaseParts(services: Services, upload: TusUpload, chunks: Chunk[]): Promise<void> {
  await deleteChunks(services.bucket, upload.id, chunks);
  const multipart = uploadTarget(services.bucket, upload).multipart;
  for (const chunk of chunks) {
    if (chunk.part !== undefined) await multipart.uploadPart(chunk.part, new Uint8Array(0)).catch(() => {});
  }
}

/** The upload as another request finished it, if it did while this one waited to claim it. */
async function finishedMeanwhile(services: Services, upload: TusUpload): Promise<TusUpload | undefined> {
  const settled = await awaitCompletion(services, (await findUpload(services.db, upload.ownerId, upload.id)) ?? upload);
  return settled.fileId !== null ? settled : undefined;
}

/** Completes the upload when `lastChunks` bring it to its length; otherwise it is returned as it is. */
async function completeIfWhole(
  services: Services,
  upload: TusUpload,
  lastChunks: Chunk[],
  options: AppendOptions,
): Promise<TusUpload> {
  if (upload.length === null || endOf(lastChunks, upload.offset) < upload.length) return upload;
  const completion = claimAndComplete(services, upload, lastChunks);
  options.keepAlive(completion);
  const finished = await completion;
  if (!finished) {
    await deleteChunks(services.bucket, upload.id, lastChunks);
    throw changedMeanwhile();
  }
  return finished;
}

/** Where the bytes of `chunks` end in the file (`offset` when there are none). */
function endOf(chunks: Chunk[], offset: number): number {
  const last = chunks.at(-1);
  return last ? last.start + last.size : offset;
}

/** Where the upload's next bytes go: its multipart upload, after its committed tail if it has one. */
export function uploadTarget(bucket: R2Bucket, upload: TusUpload): UploadTarget {
  const last = committedChunks(upload).at(-1);
  return {
    uploadId: upload.id,
    multipart: bucket.resumeMultipartUpload(upload.blobKey, upload.multipartId),
    length: upload.length,
    offset: upload.offset,
    ...(last && last.part === undefined ? { tail: last } : {}),
  };
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
