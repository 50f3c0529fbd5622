/** What the tus handlers get from hono: bindings, the signed-in user, and the upload they act on. */
import type { Context, MiddlewareHandler } from "hono";
import type { UploadBindings } from "../../lib/env";
import { HttpError, notFound } from "../../lib/errors";
import type { AuthVariables } from "../../http/session";
import { findUpload, type TusUpload } from "../../repositories/uploads";
import { assertNotExpired } from "./expiry";

export type TusEnv = { Bindings: UploadBindings; Variables: AuthVariables & { upload: TusUpload } };

/**
 * Lets `work` finish even if the client goes away (on Cloudflare a disconnect cancels the request;
 * workerd keeps it running anyway), so a completion is never cut off half-way by a client.
 */
export function keepAlive(c: Context<TusEnv>): (work: Promise<unknown>) => void {
  return (work) => {
    try {
      c.executionCtx.waitUntil(work.catch(() => {}));
    } catch {
      // No execution context (called outside a fetch event): nothing to extend.
    }
  };
}

/** Loads the upload named in the path; 404 unless the signed-in user owns it, 410 once it expired. */
export const loadOwnedUpload: MiddlewareHandler<TusEnv> = async (c, next) => {
  const upload = await findUpload(c.var.services.db, c.var.user.id, c.req.param("id") ?? "");
  if (!upload) throw notFound("No such upload.");
  assertNotExpired(upload, Date.now());
  if (upload.multipartId === "" && upload.fileId === null)
    throw new HttpError(
      410,
      "upload_expired",
      "This upload was started before Hearth changed how it stores uploads. Start it again.",
    );
  c.set("upload", upload);
  await next();
};
