/**
 * Turning an upload's chunk objects into the file's one object, hashing it on the way: the chunks
 * are read back in order and written with one streamed put of the known total length, which is
 * where the whole file's SHA-256 comes from (hashingPipe; a hash cannot be carried across the
 * separate PATCH requests). Past what real R2 takes in one put, the same stream goes into a
 * multipart upload of equal parts instead.
 */
import { hashingPipe } from "../../lib/hashing-pipe";
import { concatChunks } from "./chunk-store";
import type { Chunk } from "../../repositories/uploads";
import { splitStream } from "./split-stream";

const MiB = 1024 * 1024;
/** R2 takes at most 5 GiB in a single put; stay clear of it. */
const SINGLE_PUT_LIMIT = 5 * 1024 * MiB - 64 * MiB;
/** R2's multipart rules: at most 10,000 parts, all but the last the same size, >= 5 MiB. */
const MAX_PARTS = 10_000;
const MIN_PART_BYTES = 64 * MiB;

export interface Assembly {
  uploadId: string;
  chunks: Chunk[];
  length: number;
  key: string;
  mime: string;
}

/** Writes the chunks' bytes to `key`; resolves with their size and SHA-256 (hex). Nothing is left at `key` on failure. */
export async function assembleFile(bucket: R2Bucket, assembly: Assembly): Promise<{ size: number; sha256: string }> {
  const hashed = hashingPipe(concatChunks(bucket, assembly.uploadId, assembly.chunks), assembly.length);
  const httpMetadata = { contentType: assembly.mime };
  try {
    if (assembly.length <= SINGLE_PUT_LIMIT) await bucket.put(assembly.key, hashed.stream, { httpMetadata });
    else await putInParts(bucket, assembly.key, hashed.stream, assembly.length, httpMetadata);
    return await hashed.result;
  } catch (error) {
    await bucket.delete(assembly.key).catch(() => {});
    throw error;
  }
}

async function putInParts(
  bucket: R2Bucket,
  key: string,
  stream: ReadableStream<Uint8Array>,
  length: number,
  httpMetadata: R2HTTPMetadata,
): Promise<void> {
  const partBytes = Math.max(MIN_PART_BYTES, Math.ceil(length / MAX_PARTS / MiB) * MiB);
  const upload = await bucket.createMultipartUpload(key, { httpMetadata });
  const parts: R2UploadedPart[] = [];
  try {
    await splitStream(stream, partBytes, length, async (piece, _size, index) => {
      parts.push(await upload.uploadPart(index + 1, piece));
      return true;
    });
    await upload.complete(parts);
  } catch (error) {
    await upload.abort().catch(() => {});
    throw error;
  }
}
