import type { ByteRange } from "./byte-range.js";
import { checkRangeOption, resolveRange } from "./byte-range.js";
import type { ExpectedChecksum } from "./checksums.js";
import { expectedChecksum, fromHex, verifyChecksum } from "./checksums.js";
import { conditionsHold, parseConditions } from "./conditional.js";
import type { DigestAlgorithm } from "./digesting-stream.js";
import { toByteStream } from "./digesting-stream.js";
import { DiskClient, emptyStream } from "./disk-client.js";
import { DiskBucketError, R2ErrorCode, damagedObject, invalidObjectName, ssecUnsupported } from "./errors.js";
import { storedCustomMetadata, storedHttpMetadata } from "./http-metadata.js";
import type { StoredHttpMetadata } from "./object-record.js";
import type { ObjectLocation } from "./key-path.js";
import { COMPLETED_MARKER, UPLOADS_FOLDER, type CompletedUploadMarker } from "./disk-layout.js";
import { DigestHelper } from "./digest-helper.js";
import { MAX_KEY_BYTES, keyByteLength, locateKey, normalizeKey, sidecarName, toHex } from "./key-path.js";
import type { ListOptions } from "./list.js";
import { listObjects } from "./list.js";
import { DiskMultipartUpload, createUpload } from "./multipart.js";
import { ObjectFiles, randomId, withBytesReceived } from "./object-files.js";
import type { ObjectRecord } from "./object-record.js";
import { DiskR2Object, DiskR2ObjectBody } from "./r2-object.js";
import type { BodyHead } from "./pieces.js";
import { SMALL_PUT_BYTES, piecesSha256, readHead, writePieces } from "./pieces.js";
import { SliceReader } from "./slice-reader.js";

/** R2's limit on custom metadata (keys plus values, in bytes). */
const MAX_CUSTOM_METADATA_BYTES = 2048;
/** How often `get` re-reads a sidecar whose data file vanished under it (replaced by a racing put). */
const GET_ATTEMPTS = 3;
const STORAGE_CLASS = "Standard";

/** What a put stores besides its bytes, checked before any byte is read. */
interface PutDescription {
  key: string;
  httpMetadata: StoredHttpMetadata;
  customMetadata: Record<string, string>;
  expected: ExpectedChecksum | undefined;
  /** The put's `onlyIf`, checked again against the object in place just before committing. */
  allow: ((current: ObjectRecord | null) => boolean) | undefined;
}

/** Where DiskBucket may send work off its thread. */
export interface DiskBucketOptions {
  /**
   * The digest helper (digest-protocol.ts; Hearth's supervisor serves it): with it, puts past
   * SMALL_PUT_BYTES are written in pieces and multipart parts are hashed as they arrive, on
   * another core, so their SHA-256 is known at once when they complete.
   */
  digests?: Fetcher;
}

/**
 * An R2 bucket kept in a folder, through workerd's writable disk service.
 *
 * ```capnp
 * (name = "blobs", disk = (path = "/data/blobs", writable = true)),
 * # and in the worker: bindings = [(name = "BLOBS_DISK", service = "blobs")]
 * ```
 * ```ts
 * const bucket: R2Bucket = new DiskBucket(env.BLOBS_DISK);
 * ```
 * See storage-adapter/README.md for the on-disk layout, the crash-safety argument and what
 * differs from R2.
 */
export class DiskBucket implements R2Bucket {
  readonly #client: DiskClient;
  readonly #files: ObjectFiles;
  readonly #digests: DigestHelper | undefined;

  /** @param disk the service binding of a `disk = (path = ..., writable = true)` service. */
  constructor(disk: Fetcher, options: DiskBucketOptions = {}) {
    this.#client = new DiskClient(disk);
    this.#files = new ObjectFiles(this.#client);
    this.#digests = options.digests && new DigestHelper(options.digests);
  }

  /** The object's metadata, or null when there is no object under `key`. */
  async head(key: string): Promise<R2Object | null> {
    const record = await this.#files.read(await locate("head", key));
    return record && new DiskR2Object(record, { range: whole(record), httpMetadata: true, customMetadata: true });
  }

  /**
   * The object with a body streaming from disk; null when missing; the object without a body when
   * an `onlyIf` precondition fails. `range` takes `{offset, length}`, `{suffix}` or a Headers.
   */
  get(
    key: string,
    options: R2GetOptions & { onlyIf: R2Conditional | Headers },
  ): Promise<R2ObjectBody | R2Object | null>;
  get(key: string, options?: R2GetOptions): Promise<R2ObjectBody | null>;
  async get(key: string, options?: R2GetOptions): Promise<R2ObjectBody | R2Object | null> {
    if (options?.ssecKey !== undefined) throw ssecUnsupported("get");
    const location = await locate("get", key);
    const conditions = parseConditions(options?.onlyIf);
    checkRangeOption(options?.range);
    for (let attempt = 0; attempt < GET_ATTEMPTS; attempt++) {
      const record = await this.#files.read(location);
      if (record === null) return null;
      if (!conditionsHold(conditions, record))
        return new DiskR2Object(record, { range: whole(record), httpMetadata: true, customMetadata: true });
      const range = resolveRange(options?.range, record.size) ?? whole(record);
      const body = await this.#openBody(location, record, range);
      if (body !== null) return new DiskR2ObjectBody(record, body, range);
    }
    throw damagedObject("get", key);
  }

  /**
   * Stores an object. The value is streamed to disk and hashed on the way: SHA-256 always (it is
   * returned in `checksums.sha256`, and the etag is its first 128 bits), plus the algorithm of a
   * given checksum (md5, sha1...), which must match or nothing is stored.
   * Returns null, storing nothing, when an `onlyIf` precondition fails.
   */
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
    let source = toByteStream(value);
    let staged: { location: ObjectLocation; dataName: string } | undefined;
    try {
      if (options?.ssecKey !== undefined) throw ssecUnsupported("put");
      const location = await locate("put", key);
      const conditions = parseConditions(options?.onlyIf);
      const expected = expectedChecksum(options);
      const httpMetadata = storedHttpMetadata(options?.httpMetadata);
      const customMetadata = checkedCustomMetadata(options?.customMetadata);
      if (conditions && !conditionsHold(conditions, await this.#files.read(location))) {
        await source.cancel().catch(() => {});
        return null;
      }
      const allow = conditions && ((current: ObjectRecord | null) => conditionsHold(conditions, current));
      const described = { key: normalizeKey(key), httpMetadata, customMetadata, expected, allow };
      if (this.#digests) {
        // Big bodies go to disk in pieces that the helper hashes on another core (pieces.ts).
        const reader = new SliceReader(source);
        const head = await readHead(reader, SMALL_PUT_BYTES);
        if (!head.ended) return await this.#putInPieces(location, described, head, reader);
        source = streamOf(head.slices);
      }
      // One hash pass: SHA-256 always (the etag and checksums.sha256 come from it); a checksum the
      // caller asked to verify in another algorithm (md5...) is computed beside it.
      const algorithms: DigestAlgorithm[] = ["SHA-256"];
      if (expected && expected.algorithm !== "SHA-256") algorithms.push(expected.algorithm);
      const data = await this.#files.stage(location, source, algorithms);
      staged = { location, dataName: data.dataName };
      const sha256 = toHex(new Uint8Array(data.digests.get("SHA-256") ?? new ArrayBuffer(0)));
      const checksums: Record<string, string> = { sha256 };
      if (expected) {
        verifyChecksum(expected, data.digests.get(expected.algorithm));
        checksums[expected.field] = expected.hex;
      }
      const record: ObjectRecord = {
        format: 1,
        key: described.key,
        version: data.version,
        size: data.size,
        etag: etagOf(sha256),
        uploaded: Date.now(),
        checksums,
        httpMetadata,
        customMetadata,
        storageClass: STORAGE_CLASS,
        data: data.dataName,
      };
      const committed = await this.#files.commit(location, record, allow);
      if (!committed) {
        await this.#files.discard(location, data.dataName);
        return null;
      }
      staged = undefined;
      return new DiskR2Object(record);
    } catch (error) {
      if (staged) await this.#files.discard(staged.location, staged.dataName);
      await source.cancel().catch(() => {});
      throw error;
    }
  }

  /**
   * The rest of a put too big to hold: its bytes in pieces (pieces.ts), hashed by the helper;
   * committed like a completed multipart upload, with the put's etag and SHA-256.
   */
  async #putInPieces(
    location: ObjectLocation,
    put: PutDescription,
    head: BodyHead,
    reader: SliceReader,
  ): Promise<R2Object | null> {
    const helper = this.#digests!;
    const folder = [UPLOADS_FOLDER, randomId()];
    const progress = { bytes: 0 };
    const other = put.expected && put.expected.algorithm !== "SHA-256" ? put.expected : undefined;
    const otherHash = other && new crypto.DigestStream(other.algorithm);
    const otherWriter = otherHash?.getWriter();
    let committed = false;
    try {
      const { files, size } = await writePieces(
        this.#client,
        helper,
        folder,
        head,
        reader,
        progress,
        otherWriter && ((slice) => otherWriter.write(slice)),
      );
      const sha256 = await piecesSha256(this.#client, helper, folder, files);
      const checksums: Record<string, string> = { sha256 };
      if (put.expected) {
        let digest = fromHex(sha256);
        if (otherHash && otherWriter) {
          await otherWriter.close();
          digest = await otherHash.digest;
        }
        verifyChecksum(put.expected, digest);
        checksums[put.expected.field] = put.expected.hex;
      }
      const record: ObjectRecord = {
        format: 1,
        key: put.key,
        version: randomId(),
        size,
        etag: etagOf(sha256),
        uploaded: Date.now(),
        checksums,
        httpMetadata: put.httpMetadata,
        customMetadata: put.customMetadata,
        storageClass: STORAGE_CLASS,
        data: "",
        pieces: { folder, files },
      };
      const owner: CompletedUploadMarker = { sidecar: [...location.folder, sidecarName(location.stem)] };
      await this.#client.write([...folder, COMPLETED_MARKER], JSON.stringify(owner));
      await this.#files.writeNameRecords(location);
      committed = await this.#files.commit(location, record, put.allow);
      return committed ? new DiskR2Object(record) : null;
    } catch (error) {
      await reader.cancel(error);
      await otherWriter?.abort(error).catch(() => {});
      throw withBytesReceived(error, progress.bytes);
    } finally {
      reader.release();
      if (!committed) await this.#client.remove(folder).catch(() => false);
      await helper.forget(folder);
    }
  }

  /** Deletes one key or several. Missing keys are fine; other keys sharing the prefix are never touched. */
  async delete(keys: string | string[]): Promise<void> {
    const list = Array.isArray(keys) ? keys : [keys];
    const locations = await Promise.all(list.map((key) => locate("delete", key)));
    for (const location of locations) await this.#files.remove(location);
  }

  /**
   * Lists objects in key order: `prefix`, `delimiter` (rolled up into `delimitedPrefixes`),
   * `cursor`/`startAfter`, `limit` (1-1000, default 1000) and `include`.
   */
  async list(options?: ListOptions): Promise<R2Objects> {
    return listObjects(this.#client, this.#files, options);
  }

  /** Starts a multipart upload; the metadata given here is what the completed object gets. */
  async createMultipartUpload(key: string, options?: R2MultipartOptions): Promise<R2MultipartUpload> {
    if (options?.ssecKey !== undefined) throw ssecUnsupported("createMultipartUpload");
    const normalized = normalizeKey(key);
    if (keyByteLength(normalized) > MAX_KEY_BYTES) throw invalidObjectName("createMultipartUpload");
    return createUpload(this.#client, this.#files, this.#digests, {
      key: normalized,
      httpMetadata: storedHttpMetadata(options?.httpMetadata),
      customMetadata: checkedCustomMetadata(options?.customMetadata),
      storageClass: STORAGE_CLASS,
    });
  }

  /** A handle on an upload started earlier; an unknown id fails on first use, as in R2. */
  resumeMultipartUpload(key: string, uploadId: string): R2MultipartUpload {
    return new DiskMultipartUpload(this.#client, this.#files, this.#digests, normalizeKey(key), String(uploadId));
  }

  /** The body for `range` of the object, or null when its data file vanished under us. */
  async #openBody(
    location: ObjectLocation,
    record: ObjectRecord,
    range: ByteRange,
  ): Promise<ReadableStream<Uint8Array> | null> {
    if (range.length === 0) {
      // Nothing to read, but the object must still be whole on disk to be returned.
      const size = await this.#files.dataSize(location, record);
      if (size === null) return null;
      if (size !== record.size) throw damagedObject("get", record.key);
      return emptyStream();
    }
    const wholeObject = range.offset === 0 && range.length === record.size;
    const opened = await this.#files.openData(location, record, wholeObject ? undefined : range);
    if (opened === null) return null;
    if (opened.totalSize !== record.size) {
      await opened.body.cancel().catch(() => {});
      throw damagedObject("get", record.key);
    }
    return opened.body;
  }
}

async function locate(action: string, key: string): Promise<ObjectLocation> {
  const normalized = normalizeKey(key);
  if (keyByteLength(normalized) > MAX_KEY_BYTES) throw invalidObjectName(action);
  return locateKey(normalized);
}

/**
 * The etag of a put: the first 128 bits of its SHA-256, in hex. R2 uses the md5 there; the etag is
 * opaque to callers, and 32 hex digits keep the form clients expect (some truncate longer `If:`
 * headers), while saving the md5 pass that used to cost more than the disk write.
 */
export function etagOf(sha256Hex: string): string {
  return sha256Hex.slice(0, 32);
}

/** The slices already read, as a stream that hands them on as they are (no copy, no re-slicing). */
function streamOf(slices: Uint8Array[]): ReadableStream<Uint8Array> {
  const left = [...slices];
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const slice = left.shift();
      if (slice) controller.enqueue(slice);
      else controller.close();
    },
  });
}

function whole(record: ObjectRecord): ByteRange {
  return { offset: 0, length: record.size };
}

function checkedCustomMetadata(input: Record<string, string> | undefined): Record<string, string> {
  const metadata = storedCustomMetadata(input);
  const size = Object.entries(metadata).reduce((n, [k, v]) => n + keyByteLength(k) + keyByteLength(v), 0);
  if (size > MAX_CUSTOM_METADATA_BYTES) {
    throw new DiskBucketError(
      "put",
      R2ErrorCode.METADATA_TOO_LARGE,
      "Your metadata headers exceed the maximum allowed metadata size.",
    );
  }
  return metadata;
}
