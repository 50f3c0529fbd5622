/*
 * Notes on multipart uploads
 *
 * An upload lives in its own folder outside the key space, `~multipart/<uploadId>/`:
 *   upload.json                   the key and the metadata given to createMultipartUpload;
 *   <partNumber>.<etag>.part      one file per uploaded part (a re-upload of a part number gets a
 *                                 new etag and replaces the older file).
 * `complete` checks the parts (R2's rules: all but the last at least 5 MiB and the same size,
 * the last no larger), then streams them one after the other into a new data file of the
 * object, hashing each part on the way for the multipart etag (md5 of the parts' md5s, "-N").
 * It then commits the object like any put and deletes the upload folder. `abort` deletes the
 * folder. Upload ids are checked to be 32 hex digits before they are used in a path.
 */
import { copyWithDigests, digestingStream, toByteStream } from "./digesting-stream.js";
import type { DiskClient } from "./disk-client.js";
import { DiskBucketError, R2ErrorCode, ssecUnsupported } from "./errors.js";
import type { StoredHttpMetadata } from "./object-record.js";
import { locateKey, toHex } from "./key-path.js";
import type { ObjectFiles } from "./object-files.js";
import { randomId } from "./object-files.js";
import { DiskR2Object } from "./r2-object.js";

/** R2's minimum size of every part but the last. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;
const MAX_PART_NUMBER = 10000;
const UPLOADS_FOLDER = "~multipart";
const UPLOAD_ID = /^[0-9a-f]{32}$/;

/** What `upload.json` holds. */
interface UploadRecord {
  key: string;
  httpMetadata: StoredHttpMetadata;
  customMetadata: Record<string, string>;
  storageClass: string;
}

/** Starts an upload: writes its record and returns the handle. */
export async function createUpload(
  client: DiskClient,
  files: ObjectFiles,
  record: UploadRecord,
): Promise<DiskMultipartUpload> {
  const uploadId = randomId();
  await client.write([UPLOADS_FOLDER, uploadId, "upload.json"], JSON.stringify(record));
  return new DiskMultipartUpload(client, files, record.key, uploadId);
}

/** A multipart upload in progress, created or resumed by DiskBucket. */
export class DiskMultipartUpload implements R2MultipartUpload {
  constructor(
    private readonly client: DiskClient,
    private readonly files: ObjectFiles,
    readonly key: string,
    readonly uploadId: string,
  ) {}

  async uploadPart(
    partNumber: number,
    value: ReadableStream | ArrayBuffer | ArrayBufferView | string | Blob,
    options?: R2UploadPartOptions,
  ): Promise<R2UploadedPart> {
    if (options?.ssecKey !== undefined) throw ssecUnsupported("uploadPart");
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
      throw new DiskBucketError(
        "uploadPart",
        R2ErrorCode.INVALID_PART,
        "Part number must be an integer between 1 and 10000.",
      );
    }
    await this.requireUpload("uploadPart");
    const etag = randomId();
    const name = `${partNumber}.${etag}.part`;
    const path = [UPLOADS_FOLDER, this.uploadId, name];
    const digesting = digestingStream(toByteStream(value), []);
    try {
      await this.client.write(path, digesting.stream);
      const { size } = await digesting.result;
      if ((await this.client.size(path)) !== size) throw new Error("short write of a multipart part");
    } catch (error) {
      await this.client.remove(path).catch(() => false);
      throw error;
    }
    // Only the latest upload of a part number may be completed, as in R2.
    const listing = (await this.client.list([UPLOADS_FOLDER, this.uploadId])) ?? [];
    for (const entry of listing) {
      if (entry.name.startsWith(`${partNumber}.`) && entry.name !== name) {
        await this.client.remove([UPLOADS_FOLDER, this.uploadId, entry.name]).catch(() => false);
      }
    }
    return { partNumber, etag };
  }

  async abort(): Promise<void> {
    if (!UPLOAD_ID.test(this.uploadId)) return;
    await this.client.remove([UPLOADS_FOLDER, this.uploadId]);
  }

  async complete(uploadedParts: R2UploadedPart[]): Promise<R2Object> {
    const upload = await this.requireUpload("completeMultipartUpload");
    const parts = await this.checkParts(uploadedParts);
    const location = await locateKey(this.key);
    const joined = this.concatenate(parts);
    const staged = await this.files.stage(location, joined.stream, []);
    let etag: string;
    try {
      etag = await multipartEtag(await joined.partMd5s);
    } catch (error) {
      await this.files.discard(location, staged.dataName);
      throw error;
    }
    const record = {
      format: 1 as const,
      key: this.key,
      version: staged.version,
      size: staged.size,
      etag,
      uploaded: Date.now(),
      checksums: {},
      httpMetadata: upload.httpMetadata,
      customMetadata: upload.customMetadata,
      storageClass: upload.storageClass,
      data: staged.dataName,
    };
    await this.files.commit(location, record);
    await this.client.remove([UPLOADS_FOLDER, this.uploadId]).catch(() => false);
    return new DiskR2Object(record);
  }

  private async requireUpload(action: string): Promise<UploadRecord> {
    const text = UPLOAD_ID.test(this.uploadId)
      ? await this.client.readText([UPLOADS_FOLDER, this.uploadId, "upload.json"])
      : null;
    const record = text === null ? null : (JSON.parse(text) as UploadRecord);
    if (record === null || record.key !== this.key) {
      throw new DiskBucketError(action, R2ErrorCode.NO_SUCH_UPLOAD, "The specified multipart upload does not exist.");
    }
    return record;
  }

  /** Finds every named part and applies R2's size rules; returns them in part-number order. */
  private async checkParts(uploadedParts: R2UploadedPart[]): Promise<PartToJoin[]> {
    const action = "completeMultipartUpload";
    const seen = new Set<number>();
    const parts: PartToJoin[] = [];
    for (const { partNumber, etag } of uploadedParts) {
      if (seen.has(partNumber) || !/^[0-9a-f]{32}$/.test(String(etag))) throw invalidPart(action);
      seen.add(partNumber);
      const name = `${partNumber}.${etag}.part`;
      const size = await this.client.size([UPLOADS_FOLDER, this.uploadId, name]);
      if (size === null) throw invalidPart(action);
      parts.push({ partNumber, name, size });
    }
    for (const part of parts.slice(0, -1)) {
      if (part.size < MIN_PART_SIZE) {
        throw new DiskBucketError(
          action,
          R2ErrorCode.ENTITY_TOO_SMALL,
          "Your proposed upload is smaller than the minimum allowed object size.",
        );
      }
    }
    parts.sort((a, b) => a.partNumber - b.partNumber);
    const partSize = parts[0]?.size ?? 0;
    const uneven =
      parts.slice(0, -1).some((p) => p.size !== partSize) ||
      (parts.length > 1 && (parts[parts.length - 1]?.size ?? 0) > partSize);
    if (uneven)
      throw new DiskBucketError(action, R2ErrorCode.BAD_UPLOAD, "There was a problem with the multipart upload.");
    return parts;
  }

  /**
   * One stream of all parts in order, and the md5 of each part (read on the way through, for the
   * etag). Parts follow one another into one pipe, a slice at a time.
   */
  private concatenate(parts: PartToJoin[]): { stream: ReadableStream<Uint8Array>; partMd5s: Promise<ArrayBuffer[]> } {
    const pipe = new IdentityTransformStream();
    const writer = pipe.writable.getWriter();
    const folder = [UPLOADS_FOLDER, this.uploadId];
    const partMd5s = (async () => {
      const md5s: ArrayBuffer[] = [];
      try {
        for (const part of parts) {
          const opened = await this.client.open([...folder, part.name]);
          if (opened === null) throw invalidPart("completeMultipartUpload");
          const { size, digests } = await copyWithDigests(opened.body, writer, ["MD5"]);
          if (size !== part.size) throw new Error(`part ${part.partNumber} changed while completing`);
          md5s.push(digests.get("MD5") ?? new ArrayBuffer(0));
        }
        await writer.close();
        return md5s;
      } catch (error) {
        await writer.abort(error).catch(() => {});
        throw error;
      }
    })();
    partMd5s.catch(() => {});
    return { stream: pipe.readable, partMd5s };
  }
}

interface PartToJoin {
  partNumber: number;
  name: string;
  size: number;
}

/** R2's etag of a multipart object: the md5 of the parts' binary md5s, then "-<number of parts>". */
async function multipartEtag(partMd5s: ArrayBuffer[]): Promise<string> {
  const joined = new Uint8Array(partMd5s.length * 16);
  partMd5s.forEach((md5, i) => joined.set(new Uint8Array(md5), i * 16));
  const digest = await crypto.subtle.digest("MD5", joined);
  return `${toHex(new Uint8Array(digest))}-${partMd5s.length}`;
}

function invalidPart(action: string): DiskBucketError {
  return new DiskBucketError(
    action,
    R2ErrorCode.INVALID_PART,
    "One or more of the specified parts could not be found.",
  );
}
