/** Share links, the owner's side: make a link to one of your files or folders, an album or a selection of photos, list, revoke (rules: core/shares.ts). */
import { Hono } from "hono";
import type { CreateShareRequest, ShareListResponse } from "@hearth/contract";
import { createShareLink, listShareLinks, revokeShareLink, toShares } from "../core/shares";
import { clientOf } from "../http/client-info";
import type { ApiBindings } from "../lib/env";
import { readJson } from "../http/request";
import type { AuthVariables } from "../http/session";

type Env = { Bindings: ApiBindings; Variables: AuthVariables };

export const shareRoutes = new Hono<Env>()
  .post("/shares", async (c) => {
    const body = await readJson<CreateShareRequest>(c);
    const { services, user } = c.var;
    const row = await createShareLink(services, user.id, body, { actor: user, client: clientOf(c) });
    const [share] = await toShares(services, [row], c.env.PUBLIC_URL);
    return c.json(share, 201);
  })
  .get("/shares", async (c) => {
    const of = { fileId: c.req.query("fileId") || undefined, albumId: c.req.query("albumId") || undefined };
    const rows = await listShareLinks(c.var.services, c.var.user.id, of);
    return c.json<ShareListResponse>({ shares: await toShares(c.var.services, rows, c.env.PUBLIC_URL) });
  })
  .delete("/shares/:id", async (c) => {
    const id = c.req.param("id");
    await revokeShareLink(c.var.services, c.var.user.id, id, { actor: c.var.user, client: clientOf(c) });
    return c.body(null, 204);
  });
