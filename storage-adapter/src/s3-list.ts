/* `list` over S3's ListObjectsV2: the same order (UTF-8 bytes), prefixes, delimiters and paging. */
import { DiskBucketError, R2ErrorCode } from "./errors.js";
import type { ObjectRecord } from "./object-record.js";
import { DiskR2Object } from "./r2-object.js";
import type { S3Client } from "./s3-client.js";
import { errorFromXml, fromS3Name, toS3Name, unquoteEtag, xmlBlocks, xmlText } from "./s3-client.js";

/** HEADs at once when a listing must include metadata S3 listings leave out. */
const HEAD_CONCURRENCY = 16;

/**
 * One page. S3 listings carry key, size, etag and time only; with `include` each listed object is
 * HEADed (metadata, version, exact upload time). Without it `version` is the etag and `uploaded`
 * S3's LastModified. The cursor is S3's continuation token.
 */
export async function listS3(
  s3: S3Client,
  options: R2ListOptions | undefined,
  head: (key: string) => Promise<ObjectRecord | null>,
): Promise<R2Objects> {
  const limit = options?.limit ?? 1000;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new DiskBucketError("list", R2ErrorCode.INVALID_MAX_KEYS, "MaxKeys params must be positive integer <= 1000.");
  const query: Record<string, string> = { "list-type": "2", "encoding-type": "url", "max-keys": String(limit) };
  if (options?.prefix) query.prefix = toS3Name(options.prefix);
  if (options?.delimiter) query.delimiter = toS3Name(options.delimiter);
  if (options?.cursor) query["continuation-token"] = options.cursor;
  else if (options?.startAfter) query["start-after"] = toS3Name(options.startAfter);
  const response = await s3.send(s3.bucketUrl(query));
  const xml = await response.text();
  if (!response.ok) throw errorFromXml("list", response.status, xml);
  const listed = xmlBlocks(xml, "Contents").map((entry): ObjectRecord => {
    const etag = unquoteEtag(xmlText(entry, "ETag"));
    return {
      format: 1,
      key: decodeKey(xmlText(entry, "Key") ?? ""),
      version: etag,
      size: Number(xmlText(entry, "Size") ?? 0),
      etag,
      uploaded: Date.parse(xmlText(entry, "LastModified") ?? "") || 0,
      checksums: {},
      httpMetadata: {},
      customMetadata: {},
      storageClass: "Standard",
      data: "",
    };
  });
  const include = (options as { include?: string[] } | undefined)?.include ?? [];
  const view = { httpMetadata: include.includes("httpMetadata"), customMetadata: include.includes("customMetadata") };
  const records = include.length > 0 ? await headAll(listed, head) : listed;
  const truncated = xmlText(xml, "IsTruncated") === "true";
  const cursor = xmlText(xml, "NextContinuationToken");
  const prefixes = xmlBlocks(xml, "CommonPrefixes").map((block) => decodeKey(xmlText(block, "Prefix") ?? ""));
  const objects = records.map((record) => new DiskR2Object(record, view));
  return truncated && cursor
    ? { objects, truncated: true, cursor, delimitedPrefixes: prefixes }
    : { objects, truncated: false, delimitedPrefixes: prefixes };
}

/** `encoding-type=url` keys: percent-encoded, spaces possibly as `+` (a real `+` arrives as %2B). */
function decodeKey(encoded: string): string {
  return fromS3Name(decodeURIComponent(encoded.replace(/\+/g, " ")));
}

async function headAll(
  listed: ObjectRecord[],
  head: (key: string) => Promise<ObjectRecord | null>,
): Promise<ObjectRecord[]> {
  const out: ObjectRecord[] = new Array(listed.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < listed.length; i = next++) {
      const entry = listed[i] as ObjectRecord;
      // Deleted since it was listed: keep the listing's entry (R2 would not have seen it either way).
      out[i] = (await head(entry.key)) ?? entry;
    }
  };
  await Promise.all(Array.from({ length: Math.min(HEAD_CONCURRENCY, listed.length) }, worker));
  return out;
}
