/*
 * Notes on multipart uploads
 *
 * An upload lives in its own folder outside the key space, `~multipart/<uploadId>/`:
 *   upload.json                   the key and the metadata given to createMultipartUpload;
 *   <partNumber>.<etag>.part      one file per uploaded part (a re-upload of a part number gets a
 *                                 new etag and replaces the older file).
 * `complete` checks the parts (R2's rules: all but the last at least 5 MiB and the same size,
 * the last no larger) and makes the object out of the part files where they lie: the sidecar
 * lists them in order (`pieces`), so completing costs a few small writes however big the object,
 * and no byte is read or hashed again. With a digest helper (digest-helper.ts) each part is handed to
 * it once written, and an upload whose parts came in order completes with its SHA-256 in
 * `checksums.sha256` (R2 gives a multipart object none). The order of the steps keeps it crash-safe:
 *   0. `object.json` names the sidecar that will own the folder (collectors keep the folder while
 *      that sidecar's `pieces` name it);
 *   1. `upload.json` is deleted: from then on the upload is gone for uploadPart, complete and abort;
 *   2. the sidecar naming the parts is written (the commit point, as for a put);
 *   3. part files the object does not use (older uploads of a part number) are deleted.
 * A crash between 1 and 2 leaves an unreferenced folder (invisible garbage), never half an object.
 * The etag is R2's form, `<32 hex>-<number of parts>`, but from the SHA-256 of the parts' etags
 * (random ids, so parts are never hashed) instead of md5s of the parts' bytes. `abort` deletes the
 * folder while the upload exists. Upload ids are checked to be 32 hex digits before they are used
 * in a path. An abort racing a complete of the same upload is not guarded against.
 */
import type { DigestHelper } from "./digest-helper.js";
import { digestingStream, toByteStream } from "./digesting-stream.js";
import type { DiskClient } from "./disk-client.js";
import { DiskBucketError, R2ErrorCode, ssecUnsupported } from "./errors.js";
import type { StoredHttpMetadata } from "./object-record.js";
import { COMPLETED_MARKER, UPLOADS_FOLDER, UPLOAD_RECORD, type CompletedUploadMarker } from "./disk-layout.js";
import { locateKey, sidecarName, toHex } from "./key-path.js";
import type { ObjectFiles } from "./object-files.js";
import { randomId } from "./object-files.js";
import { DiskR2Object } from "./r2-object.js";

/** R2's minimum size of every part but the last. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;
const MAX_PART_NUMBER = 10000;
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
  digests: DigestHelper | undefined,
  record: UploadRecord,
): Promise<DiskMultipartUpload> {
  const uploadId = randomId();
  await client.write([UPLOADS_FOLDER, uploadId, UPLOAD_RECORD], JSON.stringify(record));
  return new DiskMultipartUpload(client, files, digests, record.key, uploadId);
}

/** A multipart upload in progress, created or resumed by DiskBucket. */
export class DiskMultipartUpload implements R2MultipartUpload {
  constructor(
    private readonly client: DiskClient,
    private readonly files: ObjectFiles,
    private readonly digests: DigestHelper | undefined,
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
    let size: number;
    try {
      await this.client.write(path, digesting.stream);
      size = (await digesting.result).size;
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
    await this.digests?.feed([UPLOADS_FOLDER, this.uploadId], partNumber - 1, { name, size });
    return { partNumber, etag };
  }

  async abort(): Promise<void> {
    if (!UPLOAD_ID.test(this.uploadId)) return;
    // A completed upload's folder holds its object's bytes: only a live upload may be removed.
    if ((await this.client.size([UPLOADS_FOLDER, this.uploadId, UPLOAD_RECORD])) === null) return;
    await this.client.remove([UPLOADS_FOLDER, this.uploadId]);
    await this.digests?.forget([UPLOADS_FOLDER, this.uploadId]);
  }

  async complete(uploadedParts: R2UploadedPart[]): Promise<R2Object> {
    const upload = await this.requireUpload("completeMultipartUpload");
    const parts = await this.checkParts(uploadedParts);
    const location = await locateKey(this.key);
    const folder = [UPLOADS_FOLDER, this.uploadId];
    // Parts uploaded in order were hashed by the helper as they came: the object's SHA-256 for free.
    const sha256 = await this.digests?.sha256(folder, parts);
    const record = {
      format: 1 as const,
      key: this.key,
      version: randomId(),
      size: parts.reduce((n, part) => n + part.size, 0),
      etag: await multipartEtag(parts.map((part) => part.etag)),
      uploaded: Date.now(),
      checksums: sha256 ? { sha256 } : ({} as Record<string, string>),
      httpMetadata: upload.httpMetadata,
      customMetadata: upload.customMetadata,
      storageClass: upload.storageClass,
      data: "",
      pieces: { folder, files: parts.map(({ name, size }) => ({ name, size })) },
    };
    // The folder now holds an object's bytes: say whose, so a collector sweeping abandoned uploads
    // can tell this folder from garbage (it keeps it while that sidecar names it).
    const owner: CompletedUploadMarker = { sidecar: [...location.folder, sidecarName(location.stem)] };
    await this.client.write([...folder, COMPLETED_MARKER], JSON.stringify(owner));
    await this.client.remove([...folder, UPLOAD_RECORD]);
    await this.files.writeNameRecords(location);
    await this.files.commit(location, record);
    const used = new Set([COMPLETED_MARKER, ...parts.map((part) => part.name)]);
    for (const entry of (await this.client.list(folder)) ?? []) {
      if (!used.has(entry.name)) await this.client.remove([...folder, entry.name]).catch(() => false);
    }
    await this.digests?.forget(folder);
    return new DiskR2Object(record);
  }

  private async requireUpload(action: string): Promise<UploadRecord> {
    const text = UPLOAD_ID.test(this.uploadId)
      ? await this.client.readText([UPLOADS_FOLDER, this.uploadId, UPLOAD_RECORD])
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
      parts.push({ partNumber, etag: String(etag), name, size });
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
}

interface PartToJoin {
  partNumber: number;
  etag: string;
  name: string;
  size: number;
}

/** A multipart object's etag in R2's form, `<32 hex>-<parts>`: here from the SHA-256 of the part etags. */
async function multipartEtag(partEtags: string[]): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(partEtags.join(",")));
  return `${toHex(new Uint8Array(digest)).slice(0, 32)}-${partEtags.length}`;
}

function invalidPart(action: string): DiskBucketError {
  return new DiskBucketError(
    action,
    R2ErrorCode.INVALID_PART,
    "One or more of the specified parts could not be found.",
  );
}
