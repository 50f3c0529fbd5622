/** Helpers shared by the conformance cases: test data, hashing, streams R2 accepts. */

/** One conformance case, written against the plain R2Bucket interface. */
export interface ConformanceCase {
  name: string;
  /** `scope` is a key prefix ("c12/") that no other case uses. */
  run(bucket: R2Bucket, scope: string): Promise<void>;
}

const encoder = new TextEncoder();

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** `length` deterministic pseudo-random bytes (a different sequence per seed). */
export function patternBytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed * 2654435761 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Hex digest of some bytes. */
export async function hexDigest(algorithm: "MD5" | "SHA-256", bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest(algorithm, bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The etags a put of `bytes` may have: R2 (and miniflare) use the md5; DiskBucket the first 128
 * bits of the SHA-256, which it computes anyway (so it never needs an md5 pass). Both are 32 hex
 * digits, opaque to callers.
 */
export async function etagForms(bytes: Uint8Array): Promise<string[]> {
  return [await hexDigest("MD5", bytes), (await hexDigest("SHA-256", bytes)).slice(0, 32)];
}

/** A stream of known length (R2 refuses streams whose length it cannot know). */
export function knownLengthStream(bytes: Uint8Array, chunkSize = 64 * 1024): ReadableStream {
  const { readable, writable } = new FixedLengthStream(bytes.byteLength);
  const writer = writable.getWriter();
  void (async () => {
    for (let at = 0; at < bytes.byteLength; at += chunkSize) await writer.write(bytes.subarray(at, at + chunkSize));
    await writer.close();
  })();
  return readable;
}

/** Reads an object body fully. */
export async function bodyBytes(object: R2ObjectBody): Promise<Uint8Array> {
  return new Uint8Array(await object.arrayBuffer());
}

/** Whether two byte arrays are equal. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether `get` returned a body (an R2ObjectBody) rather than only metadata. */
export function hasBody(object: R2Object | R2ObjectBody | null): object is R2ObjectBody {
  return object !== null && "body" in object;
}

/** Every page of a listing, following cursors. */
export async function listAll(
  bucket: R2Bucket,
  options: R2ListOptions,
): Promise<{ pages: R2Objects[]; keys: string[]; prefixes: string[] }> {
  const pages: R2Objects[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const page = await bucket.list({ ...options, cursor });
    pages.push(page);
    if (!page.truncated) break;
    cursor = page.cursor;
  }
  return {
    pages,
    keys: pages.flatMap((p) => p.objects.map((o) => o.key)),
    prefixes: pages.flatMap((p) => p.delimitedPrefixes),
  };
}

/** Puts small objects with the keys' own names as contents. */
export async function putAll(bucket: R2Bucket, keys: string[]): Promise<void> {
  for (const key of keys) await bucket.put(key, key);
}

/** The object a put returned; fails when the put stored nothing (workers-types types every put as nullable). */
export async function stored(put: Promise<R2Object | null>): Promise<R2Object> {
  const object = await put;
  if (object === null) throw new Error("put stored nothing");
  return object;
}
