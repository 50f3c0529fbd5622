import { checkRangeOption } from "./byte-range.js";
import { expectedChecksum } from "./checksums.js";
import { conditionsHold, parseConditions, type Conditions } from "./conditional.js";
import { emptyStream } from "./disk-client.js";
import { DiskBucketError, R2ErrorCode, invalidObjectName } from "./errors.js";
import { storedCustomMetadata, storedHttpMetadata } from "./http-metadata.js";
import { MAX_KEY_BYTES, keyByteLength, normalizeKey } from "./key-path.js";
import type { ObjectRecord } from "./object-record.js";
import { DiskR2Object, DiskR2ObjectBody } from "./r2-object.js";
import { NUL_STAND_IN, S3Client, errorOf, type S3Settings } from "./s3-client.js";
import { hexToBase64 } from "./s3-digests.js";
import { putBytes, putStream } from "./s3-put.js";
import { deleteKeys } from "./s3-delete.js";
import { listS3 } from "./s3-list.js";
import { S3MultipartUpload, createS3Upload } from "./s3-multipart.js";
import { newVersion, recordFromHeaders, type StoredFields } from "./s3-record.js";

export type { S3Settings } from "./s3-client.js";

/** R2's limit on custom metadata (keys plus values, in bytes). */
const MAX_CUSTOM_METADATA_BYTES = 2048;

/**
 * An R2 bucket over any S3-compatible object store (AWS S3, R2's S3 API, Backblaze B2, MinIO,
 * Ceph RGW, Garage...), signed with SigV4 by aws4fetch. Bodies stream both ways: a put sends the
 * caller's stream in bounded parts, hashed on the way (s3-put.ts); a get returns the answer's
 * body. What R2 promises and S3 does not keep (version ids, millisecond upload times, metadata
 * exactly as given, the SHA-256) travels in one metadata header (s3-record.ts). What differs from
 * R2 is listed in storage-adapter/README.md ("S3Bucket").
 */
export class S3Bucket implements R2Bucket {
  readonly #s3: S3Client;

  constructor(settings: S3Settings) {
    this.#s3 = new S3Client(settings);
  }

  async head(key: string): Promise<R2Object | null> {
    const record = await this.#record("head", checkedKey("head", key));
    return record && new DiskR2Object(record, { range: whole(record), httpMetadata: true, customMetadata: true });
  }

  get(
    key: string,
    options: R2GetOptions & { onlyIf: R2Conditional | Headers },
  ): Promise<R2ObjectBody | R2Object | null>;
  get(key: string, options?: R2GetOptions): Promise<R2ObjectBody | null>;
  async get(key: string, options?: R2GetOptions): Promise<R2ObjectBody | R2Object | null> {
    if (options?.ssecKey !== undefined) throw ssecUnsupported("get");
    const normalized = checkedKey("get", key);
    const conditions = parseConditions(options?.onlyIf);
    const range = rangeHeaderOf(options?.range);
    for (let attempt = 0; attempt < 3; attempt++) {
      const headers = new Headers();
      if (conditions) {
        // R2's preconditions (millisecond times, its etag rules) are judged here on a HEAD; the
        // GET then asks for exactly that object, so a racing write is caught by If-Match.
        const record = await this.#record("get", normalized);
        if (record === null) return null;
        if (!conditionsHold(conditions, record))
          return new DiskR2Object(record, { range: whole(record), httpMetadata: true, customMetadata: true });
        headers.set("if-match", `"${record.etag}"`);
      }
      if (range.header) headers.set("range", range.header);
      const response = await this.#s3.send(this.#s3.objectUrl(normalized), { headers });
      if (response.status === 404) {
        await response.body?.cancel();
        return null;
      }
      if (response.status === 412 && conditions) {
        await response.body?.cancel();
        continue;
      }
      if (response.status === 416) {
        await response.body?.cancel();
        if (!range.fromHeaders) throw invalidRange();
        range.header = undefined; // an unusable Range header means the whole object, as in R2
        continue;
      }
      if (!response.ok) await this.#s3.fail("get", response);
      const served = servedRange(response.headers);
      const record = recordFromHeaders(normalized, response.headers, served.size);
      return new DiskR2ObjectBody(record, response.body ?? emptyStream(), served.range);
    }
    throw new DiskBucketError("get", R2ErrorCode.INTERNAL_ERROR, "The object kept changing while it was read.");
  }

  put(
    key: string,
    value: ReadableStream | ArrayBuffer | ArrayBufferView | string | null | Blob,
    options?: R2PutOptions & { onlyIf: R2Conditional | Headers },
  ): Promise<R2Object | null>;
  put(
    key: string,
    value: ReadableStream | ArrayBuffer | ArrayBufferView | string | null | Blob,
    options?: R2PutOptions,
  ): Promise<R2Object>;
  async put(
    key: string,
    value: ReadableStream | ArrayBuffer | ArrayBufferView | string | null | Blob,
    options?: R2PutOptions,
  ): Promise<R2Object | null> {
    const stream = value instanceof ReadableStream ? value : undefined;
    try {
      if (options?.ssecKey !== undefined) throw ssecUnsupported("put");
      const normalized = checkedKey("put", key);
      const conditions = parseConditions(options?.onlyIf);
      const expected = expectedChecksum(options);
      const fields: StoredFields = {
        version: newVersion(),
        uploaded: Date.now(),
        httpMetadata: storedHttpMetadata(options?.httpMetadata),
        customMetadata: checkedCustomMetadata(options?.customMetadata),
        checksums: expected ? { [expected.field]: expected.hex } : {},
      };
      if (conditions && !conditionsHold(conditions, await this.#record("put", normalized))) {
        await stream?.cancel().catch(() => {});
        return null;
      }
      const headers = new Headers(conditionHeaders(conditions));
      if (expected?.field === "md5") headers.set("content-md5", hexToBase64(expected.hex));
      const request = { key: normalized, fields, headers, expected };
      const record = stream
        ? await putStream(this.#s3, request, stream)
        : await putBytes(this.#s3, request, new Blob([await bytesOf(value as Exclude<typeof value, ReadableStream>)]));
      return record && new DiskR2Object(record);
    } catch (error) {
      await stream?.cancel().catch(() => {});
      throw error;
    }
  }

  async delete(keys: string | string[]): Promise<void> {
    const list = (Array.isArray(keys) ? keys : [keys]).map((key) => checkedKey("delete", key));
    await deleteKeys(this.#s3, list);
  }

  async list(options?: R2ListOptions): Promise<R2Objects> {
    return listS3(this.#s3, options, (key) => this.#record("list", key));
  }

  async createMultipartUpload(key: string, options?: R2MultipartOptions): Promise<R2MultipartUpload> {
    if (options?.ssecKey !== undefined) throw ssecUnsupported("createMultipartUpload");
    return createS3Upload(this.#s3, checkedKey("createMultipartUpload", key), {
      version: newVersion(),
      uploaded: Date.now(),
      httpMetadata: storedHttpMetadata(options?.httpMetadata),
      customMetadata: checkedCustomMetadata(options?.customMetadata),
      checksums: {},
    });
  }

  resumeMultipartUpload(key: string, uploadId: string): R2MultipartUpload {
    return new S3MultipartUpload(this.#s3, normalizeKey(key), String(uploadId));
  }

  /** The object's record from a HEAD, or null when there is none. */
  async #record(action: string, key: string): Promise<ObjectRecord | null> {
    const response = await this.#s3.send(this.#s3.objectUrl(key), { method: "HEAD" });
    if (response.status === 404) return null;
    if (!response.ok) throw await errorOf(action, response);
    return recordFromHeaders(key, response.headers, Number(response.headers.get("content-length") ?? 0));
  }
}

function checkedKey(action: string, key: string): string {
  const normalized = normalizeKey(key);
  if (keyByteLength(normalized) > MAX_KEY_BYTES || normalized.includes(NUL_STAND_IN)) throw invalidObjectName(action);
  return normalized;
}

/** S3's own conditional-write headers for the preconditions it can check atomically. */
function conditionHeaders(conditions: Conditions | undefined): [string, string][] {
  const out: [string, string][] = [];
  // (If-Match is left to the HEAD check: Ceph answers 412 to a PUT's If-Match even when it holds.)
  const noneMatch = conditions?.etagDoesNotMatch;
  if (noneMatch?.length === 1 && noneMatch[0]?.type === "wildcard") out.push(["if-none-match", "*"]);
  return out;
}

/** The Range header for an R2 `range` option; `fromHeaders` when it came from a Headers object. */
function rangeHeaderOf(option: R2Range | Headers | undefined): { header?: string; fromHeaders: boolean } {
  if (option instanceof Headers) {
    const header = option.get("range") ?? undefined;
    // One range only; anything else is served whole, as by R2.
    return {
      header: header && /^\s*bytes=\s*\d*\s*-\s*\d*\s*$/i.test(header) && header !== "bytes=-" ? header : undefined,
      fromHeaders: true,
    };
  }
  const range = checkRangeOption(option);
  if (!range) return { fromHeaders: false };
  const { offset, length, suffix } = range;
  if (suffix !== undefined) {
    if (suffix === 0) throw invalidRange();
    return { header: `bytes=-${suffix}`, fromHeaders: false };
  }
  if (length === 0) throw invalidRange();
  const start = offset ?? 0;
  return { header: `bytes=${start}-${length === undefined ? "" : start + length - 1}`, fromHeaders: false };
}

/** The object's total size and the range an answer carries. */
function servedRange(headers: Headers): { size: number; range: { offset: number; length: number } } {
  const contentRange = /bytes (\d+)-(\d+)\/(\d+)/.exec(headers.get("content-range") ?? "");
  if (contentRange) {
    const [first, last, total] = contentRange.slice(1).map(Number) as [number, number, number];
    return { size: total, range: { offset: first, length: last - first + 1 } };
  }
  const size = Number(headers.get("content-length") ?? 0);
  return { size, range: { offset: 0, length: size } };
}

function whole(record: ObjectRecord): { offset: number; length: number } {
  return { offset: 0, length: record.size };
}

async function bytesOf(value: ArrayBuffer | ArrayBufferView | string | null | Blob): Promise<Uint8Array> {
  if (value === null) return new Uint8Array(0);
  if (typeof value === "string") return new TextEncoder().encode(value);
  if (value instanceof Blob) return new Uint8Array(await value.arrayBuffer());
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError("put: the value must be a ReadableStream, ArrayBuffer, ArrayBufferView, string, Blob or null.");
}

function checkedCustomMetadata(input: Record<string, string> | undefined): Record<string, string> {
  const metadata = storedCustomMetadata(input);
  const size = Object.entries(metadata).reduce((n, [k, v]) => n + keyByteLength(k) + keyByteLength(v), 0);
  if (size > MAX_CUSTOM_METADATA_BYTES)
    throw new DiskBucketError(
      "put",
      R2ErrorCode.METADATA_TOO_LARGE,
      "Your metadata headers exceed the maximum allowed metadata size.",
    );
  return metadata;
}

function invalidRange(): DiskBucketError {
  return new DiskBucketError("get", R2ErrorCode.INVALID_RANGE, "The requested range is not satisfiable");
}

function ssecUnsupported(action: string): DiskBucketError {
  return new DiskBucketError(action, R2ErrorCode.INVALID_ARGUMENT, "SSE-C (ssecKey) is not supported by S3Bucket.");
}
