/** Admin → Jobs: the media queue and its failures, and retrying a failed job. */
import { Hono } from "hono";
import type { AdminJobListResponse } from "@hearth/contract";
import { listJobsForAdmin, retryJobAsAdmin } from "../../core/media-state";
import type { AuthEnv } from "../../http/session";

export const adminJobRoutes = new Hono<AuthEnv>()
  .get("/jobs", async (c) => c.json<AdminJobListResponse>(await listJobsForAdmin(c.var.services)))
  .post("/jobs/:id/retry", async (c) => {
    await retryJobAsAdmin(c.var.services, Number(c.req.param("id")));
    return c.body(null, 204);
  });
