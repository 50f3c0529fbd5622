/** Admin: invitation links (single use, expiring). The rules are in core/invites.ts. */
import { Hono } from "hono";
import type { CreateInviteRequest } from "@hearth/contract";
import { createInvite, inviteList, revokeInvite } from "../../core/invites";
import { clientOf } from "../../http/client-info";
import { readJson } from "../../http/request";
import type { AuthEnv } from "../../http/session";

export const adminInviteRoutes = new Hono<AuthEnv>()
  .get("/invites", async (c) => c.json(await inviteList(c.var.services)))
  .post("/invites", async (c) => {
    const body = await readJson<CreateInviteRequest>(c);
    const input = { actor: c.var.user, body, publicUrl: c.env.PUBLIC_URL, client: clientOf(c) };
    return c.json(await createInvite(c.var.services, input), 201);
  })
  .delete("/invites/:id", async (c) => {
    await revokeInvite(c.var.services, c.var.user, c.req.param("id"), clientOf(c));
    return c.body(null, 204);
  });
