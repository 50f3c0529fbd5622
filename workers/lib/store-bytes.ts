/**
 * Storing an upload's bytes in one pass: the request body goes straight into the blob store, which
 * hashes it on the way and reports the SHA-256 (`checksums.sha256`; DiskBucket always computes
 * it). Nothing in JavaScript touches the bytes and no second stream copies them. A store that does
 * not report a SHA-256 (real R2 reports an md5, and no checksum for multipart objects) has the
 * object read back and hashed once, natively.
 */
import { bytesReceivedBy, toHex } from "@hearth/storage-adapter";

export interface StoredBytes {
  size: number;
  /** Hex. */
  sha256: string;
}

/** Why a store of a body failed, and how many bytes had arrived by then (to tell a full disk from a dropped client). */
export class StoreFailed extends Error {
  constructor(
    readonly bytesReceived: number,
    readonly reason: unknown,
  ) {
    super(`the body did not reach the store: ${reason instanceof Error ? reason.message : String(reason)}`);
  }
}

/**
 * Puts `body` at `key` and resolves with its size and SHA-256. With `length` known, a body of any
 * other size is refused. On failure nothing stays at `key` and the promise rejects with StoreFailed.
 */
export async function storeBytes(
  bucket: R2Bucket,
  key: string,
  body: ReadableStream<Uint8Array>,
  options: { length?: number; contentType: string },
): Promise<StoredBytes> {
  try {
    const object = await bucket.put(key, body, { httpMetadata: { contentType: options.contentType } });
    if (options.length !== undefined && object.size !== options.length)
      throw new Error(`${object.size} of ${options.length} bytes arrived`);
    return { size: object.size, sha256: await sha256Of(bucket, object) };
  } catch (error) {
    await bucket.delete(key).catch(() => {});
    throw new StoreFailed(bytesReceivedBy(error) ?? options.length ?? 0, error);
  }
}

/** The object's SHA-256 (hex): as the store reported it, or read back and hashed when it did not. */
export async function sha256Of(bucket: R2Bucket, object: R2Object): Promise<string> {
  if (object.checksums.sha256) return toHex(new Uint8Array(object.checksums.sha256));
  const stored = await bucket.get(object.key);
  if (!stored || stored.version !== object.version) throw new Error(`${object.key} changed before it was hashed`);
  const digest = new crypto.DigestStream("SHA-256");
  await stored.body.pipeTo(digest);
  return toHex(new Uint8Array(await digest.digest));
}
