/*
 * What R2 reports about an object that S3 does not keep, carried in one user-metadata header,
 * `x-amz-meta-hearth`, written with the object (percent-encoded JSON, so any text survives
 * every S3 server's header handling):
 *   v  the version id (S3 versioning is off in most buckets; R2 gives every write a new id)
 *   u  upload time in epoch ms (S3's Last-Modified header has whole seconds)
 *   h  httpMetadata as given (S3 servers add their own Content-Type default; R2 reports none)
 *   c  customMetadata (S3 lower-cases metadata names and mangles non-ASCII values)
 *   s  checksums known when the write started: the SHA-256 of a body small enough to be read
 *      before it is sent, or a checksum the caller gave (hex, by R2 field name)
 * Objects written by something else (a copy made with rclone, say) still read: version from
 * the etag, time from Last-Modified, Content-Type and x-amz-meta-* headers as metadata.
 */
import type { ObjectRecord, StoredHttpMetadata } from "./object-record.js";
import { unquoteEtag } from "./s3-client.js";

export const METADATA_HEADER = "x-amz-meta-hearth";

/** The part of a record stored in the metadata header. */
export interface StoredFields {
  version: string;
  uploaded: number;
  httpMetadata: StoredHttpMetadata;
  customMetadata: Record<string, string>;
  checksums: Record<string, string>;
}

export function metadataHeader(fields: StoredFields): string {
  const { version: v, uploaded: u, httpMetadata: h, customMetadata: c, checksums: s } = fields;
  return encodeURIComponent(JSON.stringify({ v, u, h, c, s }));
}

/** The headers a write sends so the object carries its R2 fields (and a real Content-Type for other readers). */
export function writeHeaders(fields: StoredFields): Headers {
  const headers = new Headers({ [METADATA_HEADER]: metadataHeader(fields) });
  const type = fields.httpMetadata.contentType;
  if (type !== undefined && /^[\x20-\x7e]*$/.test(type)) headers.set("content-type", type);
  return headers;
}

/** The record of an object from the headers of a HEAD or GET answer; `size` is the whole object's. */
export function recordFromHeaders(key: string, headers: Headers, size: number): ObjectRecord {
  const etag = unquoteEtag(headers.get("etag"));
  const stored = parseStored(headers.get(METADATA_HEADER));
  const lastModified = Date.parse(headers.get("last-modified") ?? "");
  return {
    format: 1,
    key,
    version: stored?.version ?? etag,
    size,
    etag,
    uploaded: stored?.uploaded ?? (Number.isNaN(lastModified) ? 0 : lastModified),
    checksums: stored?.checksums ?? (/^[0-9a-f]{32}$/.test(etag) ? { md5: etag } : {}),
    httpMetadata: stored?.httpMetadata ?? foreignHttpMetadata(headers),
    customMetadata: stored?.customMetadata ?? foreignCustomMetadata(headers),
    storageClass: "Standard",
    data: "",
  };
}

function parseStored(header: string | null): StoredFields | undefined {
  if (header === null) return undefined;
  try {
    const value = JSON.parse(decodeURIComponent(header)) as Record<string, unknown>;
    if (typeof value.v !== "string" || typeof value.u !== "number") return undefined;
    return {
      version: value.v,
      uploaded: value.u,
      httpMetadata: (value.h ?? {}) as StoredHttpMetadata,
      customMetadata: (value.c ?? {}) as Record<string, string>,
      checksums: (value.s ?? {}) as Record<string, string>,
    };
  } catch {
    return undefined;
  }
}

function foreignHttpMetadata(headers: Headers): StoredHttpMetadata {
  const type = headers.get("content-type");
  return type === null ? {} : { contentType: type };
}

function foreignCustomMetadata(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) {
    if (name.startsWith("x-amz-meta-") && name !== METADATA_HEADER) out[name.slice("x-amz-meta-".length)] = value;
  }
  return out;
}

/** A random version id: 32 hex digits, as R2's. */
export function newVersion(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
