/**
 * An upload's bytes in the blob store before they become a file: the parts of one R2 multipart
 * upload at the file's own key, so that completing it (completion.ts) makes the file without
 * copying a byte. Part n holds bytes [(n-1)·PART_BYTES, n·PART_BYTES) of the file; every part is
 * whole except the file's last, as R2 requires.
 *
 * A PATCH that stops short of a part boundary (a dropped connection, a client with odd-sized
 * chunks) leaves its last bytes in a "tail" object of their own at `tus/<ab>/<uploadId>/<name>`;
 * the next PATCH writes the tail's bytes and its own into the next whole part, so at most one
 * part's worth is ever written twice, and a client sending PART_BYTES-aligned chunks (tus-js-client
 * and the web app send 8 MiB) never rewrites anything. No byte is hashed here unless the request
 * carries an Upload-Checksum: the file's SHA-256 is taken once, at completion.
 */
import { SliceReader, toHex } from "@hearth/storage-adapter";
import { tusChunkKey } from "../../lib/blob-keys";
import { HttpError } from "../../lib/errors";
import type { Chunk } from "../../repositories/uploads";
import { checksumMatches, digestName, type ExpectedChecksum } from "./checksum";

/**
 * Size of every part but the last. Small enough that a dropped connection loses little, large
 * enough that the per-part cost (a few disk-service calls and one database write) stays small, and
 * above R2's 5 MiB minimum.
 */
export const PART_BYTES = 8 * 1024 * 1024;
/** Kept for callers that speak of chunks (the largest piece one write stores). */
export const CHUNK_BYTES = PART_BYTES;

/** Where an upload's pieces go. */
export interface UploadTarget {
  uploadId: string;
  /** The multipart upload at the file's key. */
  multipart: R2MultipartUpload;
  /** The declared length; null while deferred. */
  length: number | null;
  /** The committed offset. */
  offset: number;
  /** The committed tail object, whose bytes come first in the next part. */
  tail?: Chunk;
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
  /** Called before the part that ends the upload is written; resolve false to stop without writing it. */
  beforeLastPart?: () => Promise<boolean>;
}

/** What became of a body. */
export interface StoredBody {
  /** Every chunk stored, in order (including any `onChunk` refused). */
  chunks: Chunk[];
  /** "complete": all of it; "stopped": `onChunk` said stop; "mismatch": it failed its checksum; "broken": see `error`. */
  outcome: "complete" | "stopped" | "mismatch" | "broken";
  error?: unknown;
}

export function chunkKey(uploadId: string, chunk: Pick<Chunk, "name">): string {
  return tusChunkKey(uploadId, chunk.name);
}

/** A fresh tail name: its offset (so a listing reads in order) and a random tail (so racing writers never share a key). */
function tailName(start: number): string {
  return `${String(start).padStart(15, "0")}-${toHex(crypto.getRandomValues(new Uint8Array(4)))}`;
}

/**
 * Streams `body` (the bytes from `target.offset` on) into whole parts and perhaps a final tail
 * object, reading it in large BYOB slices; never throws, so the caller always learns which chunks
 * exist. Without a Content-Length a piece is gathered in memory (at most PART_BYTES) before it is
 * stored, because whether it becomes a part or a tail depends on its size.
 */
export async function storeBody(
  bucket: R2Bucket,
  target: UploadTarget,
  body: ReadableStream<Uint8Array>,
  options: StoreBodyOptions,
): Promise<StoredBody> {
  const slices = new SliceReader(body);
  const hasher = options.checksum ? new crypto.DigestStream(digestName(options.checksum.algorithm)) : undefined;
  const hashWriter = hasher?.getWriter();
  const chunks: Chunk[] = [];
  let seen = 0;
  let tail = target.tail;
  let start = target.offset - (tail?.size ?? 0);
  const end = target.length ?? Number.MAX_SAFE_INTEGER;
  const take = async (max: number): Promise<Uint8Array | undefined> => {
    const slice = await slices.take(max);
    if (!slice) return undefined;
    seen += slice.byteLength;
    if (options.limit !== undefined && seen > options.limit)
      throw new HttpError(413, "beyond_upload_length", "The data goes past the upload's declared length.");
    if (hashWriter) await hashWriter.write(slice);
    return slice;
  };
  try {
    for (;;) {
      const bodyLeft = options.contentLength === undefined ? undefined : options.contentLength - seen;
      // Always read to the body's end: workerd reuses the connection only once it has seen it.
      if (!(await slices.hasMore())) {
        if (bodyLeft) throw new Error(`the body ended ${bodyLeft} bytes early`);
        break;
      }
      const prefix = tail?.size ?? 0;
      const room = Math.min(PART_BYTES, end - start) - prefix;
      const gathered = bodyLeft === undefined ? await gather(take, room) : undefined;
      const fromBody = gathered ? gathered.size : Math.min(room, bodyLeft ?? 0);
      const size = prefix + fromBody;
      const last = start + size === target.length;
      const whole = size === PART_BYTES || last;
      if (last && options.beforeLastPart && !(await options.beforeLastPart())) {
        // Read the rest so the client gets the answer, not a broken connection.
        while (await take(PART_BYTES)) {
          // discarded: another request is storing these bytes
        }
        return { chunks, outcome: "stopped" };
      }
      const piece = new FixedLengthStream(size);
      const name = tailName(start);
      const storing = whole
        ? target.multipart
            .uploadPart(start / PART_BYTES + 1, piece.readable)
            .then((part): Chunk => ({ name: part.etag, size, start, part: part.partNumber }))
        : bucket.put(chunkKey(target.uploadId, { name }), piece.readable).then((): Chunk => ({ name, size, start }));
      const writer = piece.writable.getWriter();
      storing.catch((error) => writer.abort(error).catch(() => {}));
      try {
        if (tail) await copyObject(bucket, chunkKey(target.uploadId, tail), tail.size, writer);
        if (gathered) for (const slice of gathered.slices) await writer.write(slice);
        else await copyBody(take, fromBody, writer, (slice) => slices.recycle(slice));
        await writer.close();
      } catch (error) {
        await writer.abort(error).catch(() => {});
        await storing.catch(() => {});
        throw error;
      }
      const chunk = await storing;
      chunks.push(chunk);
      start += size;
      tail = undefined;
      if (options.onChunk && !(await options.onChunk(chunk))) {
        await slices.cancel(new Error("the upload changed meanwhile"));
        return { chunks, outcome: "stopped" };
      }
    }
    if (options.checksum && hasher && hashWriter) {
      await hashWriter.close();
      if (!checksumMatches(options.checksum, await hasher.digest)) return { chunks, outcome: "mismatch" };
    }
    return { chunks, outcome: "complete" };
  } catch (error) {
    await slices.cancel(error);
    await hashWriter?.abort(error).catch(() => {});
    return { chunks, outcome: "broken", error };
  } finally {
    slices.release();
  }
}

/** Reads up to `max` bytes of the body into memory (for a body of unknown length). */
async function gather(
  take: (max: number) => Promise<Uint8Array | undefined>,
  max: number,
): Promise<{ slices: Uint8Array[]; size: number }> {
  const slices: Uint8Array[] = [];
  let size = 0;
  while (size < max) {
    const slice = await take(max - size);
    if (!slice) break;
    slices.push(slice);
    size += slice.byteLength;
  }
  return { slices, size };
}

/** Copies exactly `count` bytes of the body into a piece. */
async function copyBody(
  take: (max: number) => Promise<Uint8Array | undefined>,
  count: number,
  writer: WritableStreamDefaultWriter,
  done: (slice: Uint8Array) => void,
): Promise<void> {
  for (let left = count; left > 0;) {
    const slice = await take(left);
    if (!slice) throw new Error(`the body ended ${left} bytes early`);
    await writer.write(slice);
    left -= slice.byteLength;
    done(slice);
  }
}

/** Copies a stored tail object into a piece. */
async function copyObject(bucket: R2Bucket, key: string, size: number, writer: WritableStreamDefaultWriter) {
  const object = await bucket.get(key);
  if (!object || object.size !== size) throw new Error(`the upload's stored tail ${key} is missing or changed`);
  for await (const slice of new SliceReader(object.body).slices()) await writer.write(slice);
}

/** Deletes the tail objects among `chunks` (parts stay with the multipart upload, which a retry overwrites or an abort removes). */
export async function deleteChunks(bucket: R2Bucket, uploadId: string, chunks: Chunk[]): Promise<void> {
  const keys = chunks
    .filter((chunk) => chunk.part === undefined && chunk.size > 0)
    .map((chunk) => chunkKey(uploadId, chunk));
  if (keys.length > 0) await bucket.delete(keys);
}
