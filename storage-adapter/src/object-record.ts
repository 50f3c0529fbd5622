/*
 * The sidecar: one small JSON file per object (`<stem>~m`) holding everything R2 reports about
 * it, plus the name of the data file that holds its bytes. Writing the sidecar is the commit
 * point of every put: an object exists exactly when its sidecar does.
 */

/** HTTP metadata as stored (dates as epoch milliseconds). */
export interface StoredHttpMetadata {
  contentType?: string;
  contentLanguage?: string;
  contentDisposition?: string;
  contentEncoding?: string;
  cacheControl?: string;
  cacheExpiry?: number;
}

/** The content of a sidecar. */
export interface ObjectRecord {
  format: 1;
  key: string;
  version: string;
  size: number;
  etag: string;
  /** Epoch milliseconds. */
  uploaded: number;
  /** Hex digests, by R2 field name (md5, sha1, sha256, sha384, sha512). */
  checksums: Record<string, string>;
  httpMetadata: StoredHttpMetadata;
  customMetadata: Record<string, string>;
  storageClass: string;
  /** Name of the data file, in the same folder as the sidecar ("" when the bytes are `pieces`). */
  data: string;
  /**
   * A completed multipart upload: its bytes are the part files in this order, left where they
   * were uploaded (a folder the object owns alone), so completing never copies them.
   */
  pieces?: DataPieces;
}

/** The files that hold an object's bytes in order, all in one folder that belongs to the object. */
export interface DataPieces {
  /** Path from the bucket's root. */
  folder: string[];
  files: { name: string; size: number }[];
}

/** Serializes a record for writing. */
export function serializeRecord(record: ObjectRecord): string {
  return JSON.stringify(record);
}

/** Parses a sidecar; null when it is not one DiskBucket wrote (treated as no object). */
export function parseRecord(text: string): ObjectRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const r = value as Partial<ObjectRecord>;
  const valid =
    r.format === 1 &&
    typeof r.key === "string" &&
    typeof r.version === "string" &&
    typeof r.size === "number" &&
    typeof r.etag === "string" &&
    typeof r.uploaded === "number" &&
    isStringRecord(r.checksums) &&
    typeof r.httpMetadata === "object" &&
    r.httpMetadata !== null &&
    isStringRecord(r.customMetadata) &&
    typeof r.storageClass === "string" &&
    typeof r.data === "string" &&
    (r.pieces === undefined || isPieces(r.pieces));
  return valid ? (r as ObjectRecord) : null;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === "object" && value !== null && Object.values(value).every((v) => typeof v === "string");
}

function isPieces(value: unknown): value is DataPieces {
  if (typeof value !== "object" || value === null) return false;
  const p = value as Partial<DataPieces>;
  return (
    Array.isArray(p.folder) &&
    p.folder.every((part) => typeof part === "string") &&
    Array.isArray(p.files) &&
    p.files.every(
      (f) => typeof f === "object" && f !== null && typeof f.name === "string" && typeof f.size === "number",
    )
  );
}
