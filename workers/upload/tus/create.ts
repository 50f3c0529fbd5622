/**
 * `POST /api/uploads` (tus creation, creation-defer-length, creation-with-upload): checks the
 * destination and the quota before any byte is stored, creates the upload, stores any data the
 * request carries, and answers 201 with its Location.
 */
import type { Context } from "hono";
import { badRequest } from "../../lib/errors";
import { originalKey } from "../../lib/blob-keys";
import { newId } from "../../lib/ids";
import { mimeFromName } from "../../lib/mime";
import { assertFolder } from "../../core/drive";
import { assertNameAvailable } from "../../core/name-clash";
import { assertQuota } from "../../core/uploads";
import { assertRoomOnDisk } from "../../core/disk-space";
import { insertUpload } from "../../repositories/uploads";
import { appendData } from "./append";
import { parseChecksum } from "./checksum";
import { keepAlive, type TusEnv } from "./context";
import { nextExpiry } from "./expiry";
import { assertOffsetOctetStream, assertUploadSize, byteCountHeader } from "./protocol";
import { requestData } from "./request-body";
import { progressHeaders, uploadLocation } from "./responses";
import { destinationOf, parseUploadMetadata } from "./upload-metadata";

export async function createUpload(c: Context<TusEnv>): Promise<Response> {
  const { services, user } = c.var;
  const length = declaredLength(c.req.header("upload-length"), c.req.header("upload-defer-length"));
  const metadata = parseUploadMetadata(c.req.header("upload-metadata"));
  const { name, parentId, onConflict } = destinationOf(metadata);
  const checksum = parseChecksum(c.req.header("upload-checksum"));
  const data = requestData(c);
  if (data.stream) assertOffsetOctetStream(c.req.header("content-type"));
  if (length !== null) assertUploadSize(length);

  await assertFolder(services, user.id, parentId);
  // Said now rather than after the last byte: the name is taken and the client asked not to rename.
  await assertNameAvailable(services, { ownerId: user.id, parentId, name }, onConflict);
  if (length !== null) await assertQuota(services, user.id, length);
  if (length !== null) await assertRoomOnDisk(services, length);

  const now = Date.now();
  const mime = mimeFromName(name);
  const blobKey = originalKey(newId());
  // The bytes go straight into the file's own key, as parts of one multipart upload (chunk-store.ts).
  const multipart = await services.bucket.createMultipartUpload(blobKey, { httpMetadata: { contentType: mime } });
  const created = await insertUpload(services.db, {
    id: newId(),
    ownerId: user.id,
    parentId,
    name,
    mime,
    length,
    blobKey,
    multipartId: multipart.uploadId,
    metadata,
    now,
    expiresAt: nextExpiry(now),
  });
  const upload = await appendData(services, created, data, {
    ...(checksum ? { checksum } : {}),
    keepAlive: keepAlive(c),
  });
  return c.body(null, 201, { Location: uploadLocation(upload), ...progressHeaders(upload) });
}

/** Upload-Length, or null for `Upload-Defer-Length: 1`; exactly one of them must be sent. */
function declaredLength(lengthHeader: string | undefined, deferHeader: string | undefined): number | null {
  const length = byteCountHeader(lengthHeader, "Upload-Length");
  if (length !== undefined && deferHeader === undefined) return length;
  if (length === undefined && deferHeader === "1") return null;
  throw badRequest(
    "invalid_upload_length",
    "Send Upload-Length, or Upload-Defer-Length: 1 when the size is not known yet.",
  );
}
