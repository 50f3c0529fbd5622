/** `/api/me/app-passwords`: the signed-in user's passwords for WebDAV clients. The rules are core/app-passwords.ts. */
import { Hono } from "hono";
import type { AppPasswordListResponse, CreateAppPasswordRequest } from "@hearth/contract";
import { createAppPassword, listAppPasswords, revokeAppPassword } from "../core/app-passwords";
import { clientOf } from "../http/client-info";
import { readJson } from "../http/request";
import type { AuthEnv } from "../http/session";

export const appPasswordRoutes = new Hono<AuthEnv>()
  .get("/me/app-passwords", async (c) => {
    const body: AppPasswordListResponse = {
      appPasswords: await listAppPasswords(c.var.services, c.var.user.id),
      davUrl: `${c.env.PUBLIC_URL.replace(/\/+$/, "")}/dav/`,
    };
    return c.json(body);
  })
  .post("/me/app-passwords", async (c) => {
    const body = await readJson<CreateAppPasswordRequest>(c);
    return c.json(await createAppPassword(c.var.services, c.var.user, body, clientOf(c)), 201);
  })
  .delete("/me/app-passwords/:id", async (c) => {
    await revokeAppPassword(c.var.services, c.var.user, c.req.param("id"), clientOf(c));
    return c.body(null, 204);
  });
