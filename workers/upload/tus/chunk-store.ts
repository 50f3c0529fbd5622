/**
 * An upload's bytes in the blob store before they become a file: every PATCH body is cut into
 * chunk objects of at most CHUNK_BYTES at `tus/<ab>/<uploadId>/<name>`, written with one streamed put
 * each. Plain objects of any size work the same on real R2 (whose multipart parts would have to be
 * >= 5 MiB and all equal, which tus chunks are not) and on the disk store. A body that breaks
 * off keeps every chunk that was stored whole before the break.
 */
import { hashingPipe } from "../../lib/hashing-pipe";
import { toHex } from "@hearth/storage-adapter";
import { tusChunkKey } from "../../lib/blob-keys";
import { HttpError } from "../../lib/errors";
import { checksumMatches, digestName, hexBytes, type ExpectedChecksum } from "./checksum";
import type { Chunk } from "../../repositories/uploads";
import { splitStream } from "./split-stream";

/**
 * Largest chunk object. Small enough that a dropped connection loses little, large enough that
 * the per-object cost (a few disk-service calls and one database write) stays a few percent.
 */
export const CHUNK_BYTES = 8 * 1024 * 1024;

// Fanned out like originals: the disk store keeps a (then empty) folder per upload.

export function chunkKey(uploadId: string, chunk: Pick<Chunk, "name">): string {
  return tusChunkKey(uploadId, chunk.name);
}

/** A fresh name: the chunk's offset (so a listing reads in order) and a random tail (so racing writers never share a key). */
function chunkName(offset: number): string {
  const tail = toHex(crypto.getRandomValues(new Uint8Array(4)));
  return `${String(offset).padStart(15, "0")}-${tail}`;
}

export interface StoreBodyOptions {
  /** The body's Content-Length, when the request declared one. */
  contentLength?: number;
  /** Most bytes the body may hold (what is left of the upload's length). */
  limit?: number;
  /** Upload-Checksum of the whole body. */
  checksum?: ExpectedChecksum;
  /** Called once each chunk is stored; resolve false to stop reading (its chunk stays stored). */
  onChunk?: (chunk: Chunk) => Promise<boolean>;
}

/** What became of a body. */
export interface StoredBody {
  /** Every chunk stored, in order (including any `onChunk` refused). */
  chunks: Chunk[];
  /** "complete": all of it; "stopped": `onChunk` said stop; "mismatch": it failed its checksum; "broken": see `error`. */
  outcome: "complete" | "stopped" | "mismatch" | "broken";
  error?: unknown;
}

/**
 * Streams `body` (the bytes from `offset` on) into chunk objects, reading it with hashingPipe's
 * large BYOB reads; never throws, so the caller always learns which chunks exist.
 */
export async function storeBody(
  bucket: R2Bucket,
  uploadId: string,
  offset: number,
  body: ReadableStream<Uint8Array>,
  options: StoreBodyOptions,
): Promise<StoredBody> {
  const hashed = hashingPipe(body, options.contentLength);
  // hashingPipe already computes SHA-256; other checksum algorithms hash the same large slices.
  const otherAlgorithm =
    options.checksum && options.checksum.algorithm !== "sha256"
      ? new crypto.DigestStream(digestName(options.checksum.algorithm))
      : undefined;
  const otherWriter = otherAlgorithm?.getWriter();
  const chunks: Chunk[] = [];
  let stored = 0;
  let seen = 0;
  let stopped = false;
  try {
    await splitStream(
      hashed.stream,
      CHUNK_BYTES,
      options.contentLength,
      async (piece) => {
        const chunk = { name: chunkName(offset + stored), size: 0 };
        const object = await bucket.put(chunkKey(uploadId, chunk), piece);
        if (!object) throw new Error(`chunk ${chunk.name} was not stored`);
        chunk.size = object.size;
        chunks.push(chunk);
        stored += chunk.size;
        stopped = options.onChunk ? !(await options.onChunk(chunk)) : false;
        return !stopped;
      },
      async (slice) => {
        seen += slice.byteLength;
        if (options.limit !== undefined && seen > options.limit)
          throw new HttpError(413, "beyond_upload_length", "The data goes past the upload's declared length.");
        if (otherWriter) await otherWriter.write(slice);
      },
    );
    if (stopped) return { chunks, outcome: "stopped" };
    const { sha256 } = await hashed.result;
    if (options.checksum) {
      let digest: ArrayBuffer | Uint8Array = hexBytes(sha256);
      if (otherAlgorithm && otherWriter) {
        await otherWriter.close();
        digest = await otherAlgorithm.digest;
      }
      if (!checksumMatches(options.checksum, digest)) return { chunks, outcome: "mismatch" };
    }
    return { chunks, outcome: "complete" };
  } catch (error) {
    await otherWriter?.abort(error).catch(() => {});
    return { chunks, outcome: "broken", error };
  }
}

/** One stream of the chunks' bytes in order, piped natively from the store. */
export function concatChunks(bucket: R2Bucket, uploadId: string, chunks: Chunk[]): ReadableStream<Uint8Array> {
  const pipe = new IdentityTransformStream();
  (async () => {
    for (const chunk of chunks) {
      if (chunk.size === 0) continue;
      const object = await bucket.get(chunkKey(uploadId, chunk));
      if (!object || object.size !== chunk.size)
        throw new Error(`chunk ${chunk.name} of upload ${uploadId} is missing or changed`);
      await object.body.pipeTo(pipe.writable, { preventClose: true });
    }
    await pipe.writable.close();
  })().catch((error) => pipe.writable.abort(error).catch(() => {}));
  return pipe.readable as ReadableStream<Uint8Array>;
}

/** Deletes the given chunk objects (a size-0 claim marker has none). */
export async function deleteChunks(bucket: R2Bucket, uploadId: string, chunks: Chunk[]): Promise<void> {
  const keys = chunks.filter((chunk) => chunk.size > 0).map((chunk) => chunkKey(uploadId, chunk));
  if (keys.length > 0) await bucket.delete(keys);
}
