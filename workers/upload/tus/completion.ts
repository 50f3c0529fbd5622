/*
 * Notes on completion
 *
 * When the last byte is stored the upload becomes a file: its multipart upload is completed into
 * the object at `blobKey` (no byte copied) and the file hashed once, core/uploads.ts `recordUpload` checks the quota,
 * de-duplicates and creates the file row, and the upload row is marked finished with the file's id.
 *
 * That takes a while for a big file, and the client may retry meanwhile (its connection dropped
 * after the last byte), so one completion runs at a time: the request that stores the last chunk
 * first *claims* it in the row (conditional write; one request wins). Until the file exists the
 * row's offset stays below the length, so a client that asks (HEAD) sends the last chunk again,
 * and that PATCH waits for the running completion and answers with its file id. A claim older
 * than its lease (the process died) may be taken over by such a retry.
 *
 * Retrying after a crash must not make a second file: the blob key is fixed at creation, so a
 * completion first looks for a file already recorded with that key. (One window remains: a
 * completion whose bytes turned out to be a duplicate of another file of the user's, that
 * crashed between creating the file row and marking the upload finished, is recorded again.)
 */
import { assertFolder } from "../../core/drive";
import type { Services } from "../../core/services";
import { deleteUploadChunks, recordUpload } from "../../core/uploads";
import {
  claimCompletion,
  claimedChunks,
  fileRecordedFor,
  findUpload,
  markFinished,
  releaseClaim,
  type Chunk,
  type TusUpload,
} from "../../repositories/uploads";
import { assembleFile } from "./assemble";
import { deleteChunks } from "./chunk-store";
import { nextExpiry } from "./expiry";
import { destinationOf } from "./upload-metadata";

const POLL_MS = 250;

/** How long a completion may run before another request may take it over: generous, since taking over from a live one would record the file twice. */
function leaseMs(length: number): number {
  return 2 * 60_000 + Math.ceil(length / (10 * 1024 * 1024)) * 1000;
}

/** When the running completion's claim lapses; undefined when none is claimed. */
export function claimLapsesAt(upload: TusUpload): number | undefined {
  const since = claimedChunks(upload).map((chunk) => chunk.completingSince ?? 0);
  return since.length === 0 ? undefined : Math.min(...since) + leaseMs(upload.length ?? 0);
}

/**
 * Claims completion with `lastChunks` (the chunks that bring the offset to the length, perhaps
 * none) and completes. Resolves with the finished upload, or undefined when another request
 * changed the upload first (the caller then owns `lastChunks` and must delete them).
 */
export async function claimAndComplete(
  services: Services,
  upload: TusUpload,
  lastChunks: Chunk[],
): Promise<TusUpload | undefined> {
  const now = Date.now();
  const claimed = await claimCompletion(services.db, upload, lastChunks, now, nextExpiry(now));
  return claimed && complete(services, claimed);
}

/**
 * Claims completion before the bytes that end the upload are stored (the last part's number is
 * fixed, so two requests writing it at once would replace each other's part): resolves with the
 * claimed upload, or undefined when another request changed or claimed it first.
 */
export async function claimBeforeLastPart(services: Services, upload: TusUpload): Promise<TusUpload | undefined> {
  const now = Date.now();
  return claimCompletion(services.db, upload, [], now, nextExpiry(now));
}

/** Completes an upload claimed by claimBeforeLastPart, whose bytes are now all in `chunks`. */
export function completeClaimed(services: Services, claimed: TusUpload, chunks: Chunk[]): Promise<TusUpload> {
  return complete(services, claimed, chunks);
}

/** Gives a claim up (it failed or lapsed) and deletes its chunks; the client sends them again. The upload as it is then, or undefined when it changed meanwhile. */
export async function releaseCompletionClaim(services: Services, upload: TusUpload): Promise<TusUpload | undefined> {
  const released = await releaseClaim(services.db, upload);
  if (released) await deleteChunks(services.bucket, upload.id, claimedChunks(upload));
  return released;
}

/** Completes a claimed upload; on failure the claim is released (the client sends the last chunk again) and the error thrown. */
async function complete(services: Services, claimed: TusUpload, chunks = claimed.chunks): Promise<TusUpload> {
  const { db, bucket } = services;
  let fileId: string;
  try {
    fileId = (await fileRecordedFor(db, claimed)) ?? (await recordFile(services, { ...claimed, chunks }));
  } catch (error) {
    await releaseCompletionClaim(services, claimed).catch((cleanup) =>
      console.warn(`upload ${claimed.id}: releasing its claim failed:`, cleanup),
    );
    throw error;
  }
  const finished = await markFinished(db, claimed, fileId, nextExpiry(Date.now()));
  if (!finished) console.warn(`upload ${claimed.id} was taken over while completing; it may now exist as two files`);
  await deleteUploadChunks(bucket, claimed.id).catch((error) =>
    console.warn(`upload ${claimed.id}: deleting its chunks failed (expiry retries):`, error),
  );
  return finished ?? { ...claimed, fileId, offset: claimed.length ?? claimed.offset, chunks: [] };
}

async function recordFile(services: Services, upload: TusUpload): Promise<string> {
  const { bucket } = services;
  // The folder may have been deleted while the bytes were on their way.
  await assertFolder(services, upload.ownerId, upload.parentId);
  const length = upload.length ?? upload.offset;
  const { size, sha256 } = await assembleFile(bucket, {
    multipartId: upload.multipartId,
    chunks: upload.chunks,
    length,
    key: upload.blobKey,
    mime: upload.mime,
  });
  const { onConflict } = destinationOf(upload.metadata);
  const item = await recordUpload(services, {
    ownerId: upload.ownerId,
    parentId: upload.parentId,
    name: upload.name,
    mime: upload.mime,
    key: upload.blobKey,
    size,
    sha256,
    onConflict,
  });
  return item.id;
}

/**
 * Waits while another request completes the upload. Resolves with the upload once it is
 * finished, its claim was released, or the claim lapsed.
 */
export async function awaitCompletion(services: Services, upload: TusUpload): Promise<TusUpload> {
  let current = upload;
  for (;;) {
    const lapsesAt = claimLapsesAt(current);
    if (current.fileId !== null || lapsesAt === undefined || Date.now() >= lapsesAt) return current;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const reread = await findUpload(services.db, upload.ownerId, upload.id);
    if (!reread) return current;
    current = reread;
  }
}
