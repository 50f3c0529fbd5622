/**
 * Admin → Updates (admin-only and same-origin, like all of /api/admin; the GET routes refuse a
 * cross-site browser request too, since a status or a stream is not for other sites to read).
 * The rules are in core/updates.ts.
 */
import { Hono, type MiddlewareHandler } from "hono";
import {
  cancelUpdate,
  listReleases,
  rollBackTo,
  setKeptImages,
  startUpdate,
  updateEvents,
  updateStatus,
  versionInfo,
  type UpdaterLink,
} from "../../core/updates";
import { forbidden } from "../../lib/errors";
import { releaseCheckOf } from "../../lib/host-status";
import type { ApiBindings } from "../../lib/env";
import { readJson } from "../../http/request";
import type { AuthEnv } from "../../http/session";

const linkOf = (env: unknown): UpdaterLink | undefined => {
  const { UPDATER_URL, UPDATER_SECRET } = env as Pick<ApiBindings, "UPDATER_URL" | "UPDATER_SECRET">;
  return UPDATER_URL ? { url: UPDATER_URL.replace(/\/+$/, ""), secret: UPDATER_SECRET ?? "" } : undefined;
};

const sameSiteReads: MiddlewareHandler = async (c, next) => {
  const origin = c.req.header("origin");
  if (c.req.header("sec-fetch-site") === "cross-site" || (origin !== undefined && origin !== new URL(c.req.url).origin))
    throw forbidden("Requests from other sites are not accepted.");
  await next();
};

export const adminUpdateRoutes = new Hono<AuthEnv>()
  .use("/version", sameSiteReads)
  .use("/update/*", sameSiteReads)
  .get("/version", async (c) => {
    const link = linkOf(c.env);
    const check = link ? null : await releaseCheckOf(c.env.HOST_STATUS);
    return c.json(await versionInfo(link, c.env.VERSION, check));
  })
  .get("/update/releases", async (c) => c.json(await listReleases(linkOf(c.env))))
  .post("/update/start", async (c) => c.json(await startUpdate(linkOf(c.env), await readJson(c)), 202))
  .get("/update/status", async (c) => c.json(await updateStatus(linkOf(c.env), c.req.query("update_id"))))
  .get("/update/stream", async (c) => {
    const stream = await updateEvents(linkOf(c.env), c.req.query("update_id"));
    return new Response(stream, { headers: { "content-type": "text/event-stream", "cache-control": "no-store" } });
  })
  .post("/update/cancel", async (c) => c.json(await cancelUpdate(linkOf(c.env), await readJson(c)), 202))
  .post("/update/rollback", async (c) => c.json(await rollBackTo(linkOf(c.env), await readJson(c)), 202))
  .put("/update/settings", async (c) => c.json(await setKeptImages(linkOf(c.env), await readJson(c))));
