/**
 * `DELETE /api/uploads/:id` (tus termination): the upload and its stored chunks are deleted
 * (core/uploads.ts `cancelUpload`), unless a completion is turning it into a file right now.
 */
import type { Context } from "hono";
import { cancelUpload } from "../../core/uploads";
import { HttpError } from "../../lib/errors";
import { claimLapsesAt } from "./completion";
import type { TusEnv } from "./context";

export async function terminateUpload(c: Context<TusEnv>): Promise<Response> {
  const upload = c.var.upload;
  const lapsesAt = claimLapsesAt(upload);
  if (upload.fileId === null && lapsesAt !== undefined && Date.now() < lapsesAt) {
    throw new HttpError(423, "upload_busy", "This upload is being turned into a file and cannot be cancelled now.");
  }
  await cancelUpload(c.var.services, upload);
  return c.body(null, 204);
}
