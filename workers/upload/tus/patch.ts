/**
 * `PATCH /api/uploads/:id`: data at the upload's offset. The offset must be the one stored
 * (409 otherwise); a deferred length may be declared here; a retry of the last chunk of an upload
 * that is finishing or finished is answered with the file instead of being stored twice.
 */
import type { Context } from "hono";
import { badRequest, conflict, HttpError } from "../../lib/errors";
import type { Services } from "../../core/services";
import { assertQuota } from "../../core/uploads";
import { declareLength, type TusUpload } from "../../repositories/uploads";
import { appendData, unlessChanged } from "./append";
import { parseChecksum } from "./checksum";
import { awaitCompletion, claimLapsesAt, releaseCompletionClaim } from "./completion";
import { keepAlive, type TusEnv } from "./context";
import { nextExpiry } from "./expiry";
import { assertOffsetOctetStream, assertUploadSize, byteCountHeader } from "./protocol";
import { discardData, requestData, type RequestData } from "./request-body";
import { progressHeaders } from "./responses";

export async function patchUpload(c: Context<TusEnv>): Promise<Response> {
  const { services } = c.var;
  assertOffsetOctetStream(c.req.header("content-type"));
  const offset = byteCountHeader(c.req.header("upload-offset"), "Upload-Offset");
  if (offset === undefined)
    throw badRequest("missing_upload_offset", "Send the offset the data starts at as Upload-Offset.");
  const declared = byteCountHeader(c.req.header("upload-length"), "Upload-Length");
  const checksum = parseChecksum(c.req.header("upload-checksum"));
  const data = requestData(c);
  let upload = c.var.upload;

  if (upload.fileId !== null) return answerRetryOfFinished(c, upload, offset, data);
  if (offset !== upload.offset)
    throw conflict(
      "offset_mismatch",
      `The upload has ${upload.offset} bytes; send data from there, not from ${offset}.`,
    );
  const lapsesAt = claimLapsesAt(upload);
  if (lapsesAt !== undefined) {
    if (Date.now() < lapsesAt) {
      // The last chunk again, while an earlier request is still turning the upload into a file.
      await discardData(data);
      const settled = await awaitCompletion(services, upload);
      if (settled.fileId !== null) return c.body(null, 204, progressHeaders(settled));
      throw new HttpError(423, "upload_busy", "This upload is being finished. Try again in a moment.");
    }
    upload = unlessChanged(await releaseCompletionClaim(services, upload));
  }
  if (declared !== undefined) upload = await acceptLength(services, upload, declared);

  const appended = await appendData(services, upload, data, {
    ...(checksum ? { checksum } : {}),
    keepAlive: keepAlive(c),
  });
  return c.body(null, 204, progressHeaders(appended));
}

/**
 * A PATCH for an upload that is already a file: when it is the last chunk again (its answer was
 * lost), answer as the first time; anything else is a wrong offset.
 */
async function answerRetryOfFinished(
  c: Context<TusEnv>,
  upload: TusUpload,
  offset: number,
  data: RequestData,
): Promise<Response> {
  const end = offset + (data.contentLength ?? 0);
  if (end !== upload.length && offset !== upload.length)
    throw conflict("offset_mismatch", `The upload is complete at ${upload.offset} bytes.`);
  // Bytes past the end of a finished upload cannot be added: refuse rather than drop them silently.
  const extra =
    offset === upload.length && (data.contentLength === undefined ? data.stream !== null : data.contentLength > 0);
  if (extra) {
    await discardData(data);
    throw new HttpError(
      413,
      "beyond_upload_length",
      `The upload is complete at ${upload.length} bytes; nothing can follow.`,
    );
  }
  await discardData(data);
  return c.body(null, 204, progressHeaders(upload));
}

/** Takes a length declared late (creation-defer-length), checking it against the quota now. */
async function acceptLength(services: Services, upload: TusUpload, length: number): Promise<TusUpload> {
  if (upload.length !== null) {
    if (length !== upload.length)
      throw badRequest("upload_length_mismatch", `The upload's length is ${upload.length} bytes and cannot change.`);
    return upload;
  }
  if (length < upload.offset)
    throw badRequest("upload_length_too_small", `The upload already has ${upload.offset} bytes.`);
  assertUploadSize(length);
  await assertQuota(services, upload.ownerId, length);
  return unlessChanged(await declareLength(services.db, upload, length, nextExpiry(Date.now())));
}
