/** `HEAD /api/uploads/:id`: where the upload stands, so a client can resume (or learn its file). */
import type { Context } from "hono";
import { HttpError } from "../../lib/errors";
import type { TusEnv } from "./context";
import { statusHeaders } from "./responses";

export function uploadStatus(c: Context<TusEnv>): Response {
  // hono routes HEAD to GET handlers; a real GET has nothing to fetch here.
  if (c.req.method !== "HEAD")
    throw new HttpError(405, "method_not_allowed", "Use HEAD to ask for an upload's offset.");
  return c.body(null, 200, statusHeaders(c.var.upload));
}
