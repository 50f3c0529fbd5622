/**
 * `DELETE /api/uploads/:id` (tus termination): the upload and its stored chunks are deleted. The
 * row goes first, so a PATCH still running can no longer commit and deletes its own chunk.
 * A finished upload's file is not touched.
 */
import type { Context } from "hono";
import { HttpError } from "../../lib/errors";
import { deleteAllChunks } from "./chunk-store";
import { claimLapsesAt } from "./completion";
import { servicesOf, type TusEnv } from "./context";
import { deleteUpload, isRecordedBlob } from "./repository";

export async function terminateUpload(c: Context<TusEnv>): Promise<Response> {
  const { db, bucket } = servicesOf(c);
  const upload = c.var.upload;
  const lapsesAt = claimLapsesAt(upload);
  if (upload.fileId === null && lapsesAt !== undefined && Date.now() < lapsesAt) {
    throw new HttpError(423, "upload_busy", "This upload is being turned into a file and cannot be cancelled now.");
  }
  await deleteUpload(db, upload);
  await deleteAllChunks(bucket, upload.id);
  if (upload.fileId === null && !(await isRecordedBlob(db, upload.blobKey))) await bucket.delete(upload.blobKey);
  return c.body(null, 204);
}
