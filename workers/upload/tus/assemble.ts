/**
 * Turning an upload's parts into the file's one object: the multipart upload is completed, which
 * in the blob store writes a small manifest (storage-adapter: the parts stay where they are) and
 * on R2 is one request, so no byte is copied however big the file. The file's SHA-256 is then read
 * once from the finished object (a hash cannot be carried natively from one PATCH request to the
 * next, and a WebAssembly hash that could was 5x slower than reading the bytes back).
 */
import { sha256Of } from "../../lib/store-bytes";
import type { Chunk } from "../../repositories/uploads";

export interface Assembly {
  multipartId: string;
  /** The upload's chunks: its parts, perhaps with a tail a claimed part replaces. */
  chunks: Chunk[];
  length: number;
  key: string;
  mime: string;
}

/**
 * Makes the object at `key`; resolves with its size and SHA-256 (hex). Once completed, the parts
 * are the object: a failure after that leaves it for the retry (which finds it) or for the
 * upload's expiry (core/uploads.ts deletes a blob key no file claims).
 */
export async function assembleFile(bucket: R2Bucket, assembly: Assembly): Promise<{ size: number; sha256: string }> {
  const object = (await bucket.head(assembly.key)) ?? (await completeParts(bucket, assembly));
  if (object.size !== assembly.length)
    throw new Error(`the assembled file has ${object.size} bytes, not ${assembly.length}`);
  return { size: object.size, sha256: await sha256Of(bucket, object) };
}

async function completeParts(bucket: R2Bucket, assembly: Assembly): Promise<R2Object> {
  // R2 cannot complete an upload without parts: an empty file is a plain put.
  if (assembly.length === 0)
    return bucket.put(assembly.key, new Uint8Array(0), { httpMetadata: { contentType: assembly.mime } });
  const byNumber = new Map<number, R2UploadedPart>();
  for (const chunk of assembly.chunks) {
    if (chunk.part !== undefined) byNumber.set(chunk.part, { partNumber: chunk.part, etag: chunk.name });
  }
  const parts = [...byNumber.values()].sort((a, b) => a.partNumber - b.partNumber);
  return bucket.resumeMultipartUpload(assembly.key, assembly.multipartId).complete(parts);
}
