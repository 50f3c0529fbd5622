/**
 * Share links, the public side: what someone holding a link (and no account) may see. The rules
 * are core/shares.ts (may this visitor open the link? passwords and unlock proofs) and
 * core/share-visits.ts (what an open link shows); this file reads the token, the unlock cookie
 * and the query, and answers.
 *
 * The unlock cookie is scoped to `Path=/api/public/<token>` and holds core's unlock proof.
 */
import { Hono, type Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import {
  getSharedItem,
  listSharedFolder,
  sharedFileToDownload,
  sharedFileToPreview,
  sharedZip,
  viewShare,
} from "../core/share-visits";
import { unlockShare, type ShareVisit } from "../core/shares";
import type { ApiBindings } from "../lib/env";
import { readJson } from "../http/request";
import { clientOf } from "../http/client-info";
import { serveFileContent, serveThumbnail, serveVideoPreview } from "../http/serve-blob";
import type { ServicesVariables } from "../http/services";
import { serveZip } from "../http/serve-zip";

type Env = { Bindings: ApiBindings; Variables: ServicesVariables };

const UNLOCK_COOKIE = "hearth_share_unlock";

/** The link named by `:token`, and the unlock proof this browser holds for it. */
function visitOf(c: Context<Env>): ShareVisit {
  return { token: c.req.param("token") ?? "", unlockProof: getCookie(c, UNLOCK_COOKIE) ?? null };
}

export const publicShareRoutes = new Hono<Env>()
  .get("/:token", async (c) => c.json(await viewShare(c.var.services, visitOf(c))))
  .post("/:token/unlock", async (c) => {
    const body = await readJson<{ password: string }>(c);
    const token = c.req.param("token");
    const unlocked = await unlockShare(c.var.services, token, body.password, clientOf(c).ip);
    if (!unlocked) return c.body(null, 204);
    setCookie(c, UNLOCK_COOKIE, unlocked.proof, {
      httpOnly: true,
      sameSite: "Lax",
      secure: c.env.PUBLIC_URL.startsWith("https:"),
      path: `/api/public/${token}`,
      maxAge: Math.max(1, Math.floor((unlocked.expiresAt - c.var.services.now()) / 1000)),
    });
    return c.body(null, 204);
  })
  .get("/:token/files", async (c) => {
    const parent = c.req.query("parent");
    const folderId = !parent || parent === "root" ? null : parent;
    return c.json(await listSharedFolder(c.var.services, visitOf(c), folderId));
  })
  .get("/:token/files/:id", async (c) => c.json(await getSharedItem(c.var.services, visitOf(c), c.req.param("id"))))
  .on(["GET", "HEAD"], "/:token/files/:id/content", async (c) => {
    const file = await sharedFileToDownload(c.var.services, visitOf(c), c.req.param("id"));
    return serveFileContent(c.var.services.bucket, file, c.req.raw);
  })
  .get("/:token/files/:id/thumbnail", async (c) => {
    const file = await sharedFileToPreview(c.var.services, visitOf(c), c.req.param("id"));
    return serveThumbnail(c.var.services.bucket, file, c.req.raw);
  })
  .on(["GET", "HEAD"], "/:token/files/:id/preview", async (c) => {
    const file = await sharedFileToPreview(c.var.services, visitOf(c), c.req.param("id"));
    return serveVideoPreview(c.var.services.bucket, file, c.req.raw);
  })
  .get("/:token/zip", async (c) => serveZip(c.var.services.bucket, await sharedZip(c.var.services, visitOf(c))));
