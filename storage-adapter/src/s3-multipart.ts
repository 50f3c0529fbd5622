/*
 * R2's multipart API over S3's: the same rules (parts 1–10000, all but the last ≥ 5 MiB) are the
 * server's, and the completed object's etag is S3's `<md5 of part md5s>-<parts>`, R2's form.
 * A part's body streams straight through: like R2, a stream must have a known length (a request
 * body with Content-Length, a FixedLengthStream), or the request goes out chunked, which Ceph and
 * MinIO accept and AWS S3 refuses.
 */
import { DiskBucketError, R2ErrorCode } from "./errors.js";
import { DiskR2Object } from "./r2-object.js";
import type { S3Client } from "./s3-client.js";
import { errorFromXml, errorOf, escapeXml, unquoteEtag, xmlText } from "./s3-client.js";
import { recordFromHeaders, writeHeaders, type StoredFields } from "./s3-record.js";

/** Starts an upload; the metadata is the completed object's. */
export async function createS3Upload(s3: S3Client, key: string, fields: StoredFields): Promise<S3MultipartUpload> {
  const response = await s3.send(s3.objectUrl(key, { uploads: "" }), { method: "POST", headers: writeHeaders(fields) });
  const xml = await response.text();
  if (!response.ok) throw errorFromXml("createMultipartUpload", response.status, xml);
  const uploadId = xmlText(xml, "UploadId");
  if (!uploadId) throw errorFromXml("createMultipartUpload", 500, xml);
  return new S3MultipartUpload(s3, key, uploadId);
}

export class S3MultipartUpload implements R2MultipartUpload {
  constructor(
    readonly s3: S3Client,
    readonly key: string,
    readonly uploadId: string,
  ) {}

  async uploadPart(
    partNumber: number,
    value: ReadableStream | ArrayBuffer | ArrayBufferView | string | Blob,
  ): Promise<R2UploadedPart> {
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10000)
      throw new DiskBucketError("uploadPart", R2ErrorCode.INVALID_PART, "Part number must be between 1 and 10000.");
    const url = this.s3.objectUrl(this.key, { partNumber: String(partNumber), uploadId: this.uploadId });
    const body = typeof value === "string" ? new TextEncoder().encode(value) : value;
    // A stream goes straight through (no copy); it must have a known length, as R2 requires.
    const response = await this.s3.send(url, { method: "PUT", body: body as BodyInit });
    if (!response.ok) throw await errorOf("uploadPart", response);
    await response.body?.cancel();
    return { partNumber, etag: unquoteEtag(response.headers.get("etag")) };
  }

  async abort(): Promise<void> {
    const response = await this.s3.send(this.s3.objectUrl(this.key, { uploadId: this.uploadId }), { method: "DELETE" });
    // Aborting twice, or an upload S3 already forgot, is fine (as in R2).
    if (!response.ok && response.status !== 404) throw await errorOf("abortMultipartUpload", response);
    await response.body?.cancel();
  }

  async complete(uploadedParts: R2UploadedPart[]): Promise<R2Object> {
    await this.completeEtag(uploadedParts);
    const head = await this.s3.send(this.s3.objectUrl(this.key), { method: "HEAD" });
    if (!head.ok) throw await errorOf("completeMultipartUpload", head);
    const record = recordFromHeaders(this.key, head.headers, Number(head.headers.get("content-length") ?? 0));
    return new DiskR2Object(record);
  }

  /** Completes the upload; resolves with the object's etag. */
  async completeEtag(uploadedParts: R2UploadedPart[]): Promise<string> {
    const parts = [...uploadedParts].sort((a, b) => a.partNumber - b.partNumber);
    const body =
      `<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload>` +
      parts
        .map((p) => `<Part><PartNumber>${p.partNumber}</PartNumber><ETag>"${escapeXml(p.etag)}"</ETag></Part>`)
        .join("") +
      `</CompleteMultipartUpload>`;
    const response = await this.s3.send(this.s3.objectUrl(this.key, { uploadId: this.uploadId }), {
      method: "POST",
      headers: { "content-type": "application/xml" },
      body,
    });
    const xml = await response.text();
    // S3 may answer 200 and still report an error in the body.
    if (!response.ok || xml.includes("<Error>")) throw errorFromXml("completeMultipartUpload", response.status, xml);
    return unquoteEtag(xmlText(xml, "ETag"));
  }
}
