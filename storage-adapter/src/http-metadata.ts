import type { StoredHttpMetadata } from "./object-record.js";

/**
 * Normalizes the `httpMetadata` option of put/createMultipartUpload. A Headers object is read
 * the way the runtime reads it: Content-Type, -Language, -Disposition, -Encoding, Cache-Control
 * and Expires.
 */
export function storedHttpMetadata(input: R2HTTPMetadata | Headers | undefined): StoredHttpMetadata {
  if (input === undefined || input === null) return {};
  if (input instanceof Headers) {
    const expires = input.get("expires");
    return compact({
      contentType: input.get("content-type") ?? undefined,
      contentLanguage: input.get("content-language") ?? undefined,
      contentDisposition: input.get("content-disposition") ?? undefined,
      contentEncoding: input.get("content-encoding") ?? undefined,
      cacheControl: input.get("cache-control") ?? undefined,
      cacheExpiry: expires === null ? undefined : new Date(expires).getTime(),
    });
  }
  return compact({
    contentType: optionalString(input.contentType),
    contentLanguage: optionalString(input.contentLanguage),
    contentDisposition: optionalString(input.contentDisposition),
    contentEncoding: optionalString(input.contentEncoding),
    cacheControl: optionalString(input.cacheControl),
    cacheExpiry: input.cacheExpiry === undefined ? undefined : new Date(input.cacheExpiry).getTime(),
  });
}

/** The stored form turned back into what R2 objects expose. */
export function r2HttpMetadata(stored: StoredHttpMetadata): R2HTTPMetadata {
  const { cacheExpiry, ...strings } = stored;
  const out: R2HTTPMetadata = { ...strings };
  if (cacheExpiry !== undefined) out.cacheExpiry = new Date(cacheExpiry);
  return out;
}

/** Sets the response headers an object's HTTP metadata describes, as `R2Object.writeHttpMetadata` does. */
export function writeHttpMetadata(metadata: R2HTTPMetadata, headers: Headers): void {
  if (metadata.contentType !== undefined) headers.set("content-type", metadata.contentType);
  if (metadata.contentLanguage !== undefined) headers.set("content-language", metadata.contentLanguage);
  if (metadata.contentDisposition !== undefined) headers.set("content-disposition", metadata.contentDisposition);
  if (metadata.contentEncoding !== undefined) headers.set("content-encoding", metadata.contentEncoding);
  if (metadata.cacheControl !== undefined) headers.set("cache-control", metadata.cacheControl);
  if (metadata.cacheExpiry !== undefined) headers.set("expires", metadata.cacheExpiry.toUTCString());
}

/** Validates `customMetadata` (string values only) and copies it. */
export function storedCustomMetadata(input: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (input === undefined || input === null) return out;
  for (const [k, v] of Object.entries(input)) out[k] = String(v);
  return out;
}

function optionalString(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

function compact(metadata: StoredHttpMetadata): StoredHttpMetadata {
  const out: StoredHttpMetadata = {};
  for (const [k, v] of Object.entries(metadata) as [keyof StoredHttpMetadata, string | number | undefined][]) {
    if (v !== undefined && !(typeof v === "number" && Number.isNaN(v))) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}
