/** The signed-in user's own account: profile, password, sessions, two-factor sign-in. The rules are in core/. */
import { Hono } from "hono";
import type { ChangePasswordRequest, UpdateProfileRequest } from "@hearth/contract";
import { changePassword, profile, updateProfile } from "../core/accounts";
import { revokeSession, sessionsOf } from "../core/sessions";
import { disableTwoFactor, enableTwoFactor, renewRecoveryCodes, startTwoFactorSetup } from "../core/two-factor";
import { clientOf } from "../http/client-info";
import { readJson } from "../http/request";
import type { AuthEnv } from "../http/session";

export const accountRoutes = new Hono<AuthEnv>()
  .get("/me", async (c) => c.json(await profile(c.var.services, c.var.user)))
  .patch("/me", async (c) =>
    c.json(await updateProfile(c.var.services, c.var.user, await readJson<UpdateProfileRequest>(c))),
  )
  .post("/me/password", async (c) => {
    const body = await readJson<ChangePasswordRequest>(c);
    const { user, sessionId } = c.var;
    await changePassword(c.var.services, {
      user,
      sessionId,
      currentPassword: body.currentPassword,
      newPassword: body.newPassword,
      client: clientOf(c),
    });
    return c.body(null, 204);
  })
  .get("/me/sessions", async (c) => c.json(await sessionsOf(c.var.services, c.var.user, c.var.sessionId)))
  .delete("/me/sessions/:id", async (c) => {
    await revokeSession(c.var.services, c.var.user, c.req.param("id"), clientOf(c));
    return c.body(null, 204);
  })
  .post("/me/two-factor/setup", async (c) => c.json(await startTwoFactorSetup(c.var.services, c.var.user)))
  .post("/me/two-factor/enable", async (c) => {
    const body = await readJson<{ code: string }>(c);
    return c.json(await enableTwoFactor(c.var.services, c.var.user, body.code, clientOf(c)));
  })
  .post("/me/two-factor/disable", async (c) => {
    const body = await readJson<{ password: string }>(c);
    await disableTwoFactor(c.var.services, c.var.user, body.password, clientOf(c));
    return c.body(null, 204);
  })
  .post("/me/two-factor/recovery-codes", async (c) => {
    const body = await readJson<{ password: string }>(c);
    return c.json(await renewRecoveryCodes(c.var.services, c.var.user, body.password, clientOf(c)));
  });
