/*
 * Writing an object to S3 in one hash pass, with bounded memory whatever the body's size.
 *
 * S3 needs every request body's length up front (Ceph answers MissingContentLength to a chunked
 * PUT, AWS 411), and a worker cannot learn a stream's length from JavaScript. So a stream is read
 * in slices: when it ends within the first PART_BYTES it is sent as one PUT, hashed before it goes
 * (so its SHA-256 is stored with it); otherwise it becomes a multipart upload of PART_BYTES parts,
 * at most PARTS_IN_FLIGHT of them held and sent at once, hashed on the way (its SHA-256 is
 * returned by put but not stored: S3 metadata cannot change after the write).
 */
import { verifyChecksum, type ExpectedChecksum } from "./checksums.js";
import type { DigestAlgorithm } from "./digesting-stream.js";
import { DiskBucketError, R2ErrorCode } from "./errors.js";
import { toHex } from "./key-path.js";
import type { ObjectRecord } from "./object-record.js";
import type { S3Client } from "./s3-client.js";
import { errorFromXml, unquoteEtag } from "./s3-client.js";
import { createS3Upload } from "./s3-multipart.js";
import { METADATA_HEADER, metadataHeader, writeHeaders, type StoredFields } from "./s3-record.js";
import { SliceReader } from "./slice-reader.js";

export const PART_BYTES = 8 * 1024 * 1024;
const PARTS_IN_FLIGHT = 2;

/** What the caller asked for, for one put. */
export interface PutRequest {
  key: string;
  fields: StoredFields;
  /** Headers beyond the metadata (preconditions, Content-MD5). */
  headers: Headers;
  expected: ExpectedChecksum | undefined;
}

/** Puts bytes that are all in memory; null when S3 refused a precondition. */
export async function putBytes(s3: S3Client, request: PutRequest, body: Blob): Promise<ObjectRecord | null> {
  const digests = new Map<DigestAlgorithm, ArrayBuffer>();
  const bytes = new Uint8Array(await body.arrayBuffer());
  for (const algorithm of algorithmsFor(request.expected))
    digests.set(algorithm, await crypto.subtle.digest(algorithm, bytes));
  if (request.expected) verifyChecksum(request.expected, digests.get(request.expected.algorithm));
  const fields = { ...request.fields, checksums: { ...request.fields.checksums, sha256: sha256Of(digests) } };
  const headers = writeHeaders(fields);
  for (const [name, value] of request.headers) headers.set(name, value);
  headers.set(METADATA_HEADER, metadataHeader(fields));
  const response = await s3.send(s3.objectUrl(request.key), { method: "PUT", headers, body: bytes });
  if (response.status === 412) return null;
  const text = await response.text();
  if (!response.ok) throw errorFromXml("put", response.status, text);
  return recordOf(request.key, fields, bytes.byteLength, unquoteEtag(response.headers.get("etag")));
}

/** Puts a stream of any length (see the top of this file); null when S3 refused a precondition. */
export async function putStream(
  s3: S3Client,
  request: PutRequest,
  stream: ReadableStream,
): Promise<ObjectRecord | null> {
  const reader = new SliceReader(stream);
  const hashers = algorithmsFor(request.expected).map((algorithm) => {
    const digest = new crypto.DigestStream(algorithm);
    return { algorithm, digest, writer: digest.getWriter() };
  });
  const gather = async (): Promise<Blob | undefined> => {
    const slices: Uint8Array[] = [];
    let size = 0;
    while (size < PART_BYTES) {
      const slice = await reader.take(PART_BYTES - size);
      if (!slice) break;
      slices.push(slice);
      size += slice.byteLength;
    }
    return size === 0 ? undefined : new Blob(slices);
  };
  const first = (await gather()) ?? new Blob([]);
  if (!(await reader.hasMore())) {
    for (const hasher of hashers) await hasher.writer.abort().catch(() => {});
    return putBytes(s3, request, first);
  }
  const feed = async (part: Blob) => {
    const bytes = new Uint8Array(await part.arrayBuffer());
    for (const hasher of hashers) await hasher.writer.write(bytes);
  };
  const upload = await createS3Upload(s3, request.key, request.fields);
  const parts: Promise<R2UploadedPart>[] = [];
  let size = 0;
  try {
    for (let part: Blob | undefined = first; part; part = await gather()) {
      await feed(part);
      size += part.size;
      // Keep at most PARTS_IN_FLIGHT parts in memory: wait for the oldest before reading on.
      if (parts.length >= PARTS_IN_FLIGHT) await parts[parts.length - PARTS_IN_FLIGHT];
      const sending = upload.uploadPart(parts.length + 1, part);
      sending.catch(() => {});
      parts.push(sending);
    }
    const uploaded = await Promise.all(parts);
    const digests = new Map<DigestAlgorithm, ArrayBuffer>();
    for (const hasher of hashers) {
      await hasher.writer.close();
      digests.set(hasher.algorithm, await hasher.digest.digest);
    }
    if (request.expected) verifyChecksum(request.expected, digests.get(request.expected.algorithm));
    const etag = await upload.completeEtag(uploaded);
    const record = recordOf(request.key, request.fields, size, etag);
    record.checksums = { ...record.checksums, sha256: sha256Of(digests) };
    return record;
  } catch (error) {
    await reader.cancel(error);
    for (const hasher of hashers) await hasher.writer.abort(error).catch(() => {});
    await Promise.allSettled(parts);
    await upload.abort().catch(() => {});
    throw error;
  }
}

function algorithmsFor(expected: ExpectedChecksum | undefined): DigestAlgorithm[] {
  return expected && expected.algorithm !== "SHA-256" ? ["SHA-256", expected.algorithm] : ["SHA-256"];
}

function sha256Of(digests: Map<DigestAlgorithm, ArrayBuffer>): string {
  const digest = digests.get("SHA-256");
  if (!digest) throw new DiskBucketError("put", R2ErrorCode.INTERNAL_ERROR, "no SHA-256 was computed");
  return toHex(new Uint8Array(digest));
}

function recordOf(key: string, fields: StoredFields, size: number, etag: string): ObjectRecord {
  return {
    format: 1,
    key,
    version: fields.version,
    size,
    etag,
    uploaded: fields.uploaded,
    checksums: { ...fields.checksums },
    httpMetadata: fields.httpMetadata,
    customMetadata: fields.customMetadata,
    storageClass: "Standard",
    data: "",
  };
}
