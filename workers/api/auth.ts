/**
 * Signing up and in: first-run setup, registration (first account, open registration, or an
 * invite), password sign-in, the second-factor step, and signing out. The rules are in core/.
 */
import { Hono } from "hono";
import type { LoginRequest, RegisterRequest, TwoFactorLoginRequest, UserResponse } from "@hearth/contract";
import { register, setupStatus } from "../core/registration";
import { describeInvite } from "../core/invites";
import { endEverySession, endSession } from "../core/sessions";
import { signIn, signInWithSecondFactor } from "../core/sign-in";
import type { CommonBindings } from "../lib/env";
import { clientOf } from "../http/client-info";
import { readJson } from "../http/request";
import type { ServicesVariables } from "../http/services";
import { clearSessionCookie, setSessionCookie, type AuthEnv } from "../http/session";

export const authRoutes = new Hono<{ Bindings: CommonBindings; Variables: ServicesVariables }>()
  .get("/setup", async (c) => c.json(await setupStatus(c.var.services, c.env.VERSION)))
  .get("/invites/:token", async (c) => c.json(await describeInvite(c.var.services, c.req.param("token"))))
  .post("/auth/register", async (c) => {
    const { token, user } = await register(c.var.services, await readJson<RegisterRequest>(c), clientOf(c));
    setSessionCookie(c, token);
    return c.json<UserResponse>({ user }, 201);
  })
  .post("/auth/login", async (c) => {
    const result = await signIn(c.var.services, await readJson<LoginRequest>(c), clientOf(c));
    if (result.kind === "two-factor") return c.json(result.challenge);
    setSessionCookie(c, result.token);
    return c.json<UserResponse>({ user: result.user });
  })
  .post("/auth/login/two-factor", async (c) => {
    const { token, user } = await signInWithSecondFactor(
      c.var.services,
      await readJson<TwoFactorLoginRequest>(c),
      clientOf(c),
    );
    setSessionCookie(c, token);
    return c.json<UserResponse>({ user });
  });

/** Routes for a signed-in user; `requireUser` runs before them (see index.ts). */
export const sessionRoutes = new Hono<AuthEnv>()
  .post("/auth/logout", async (c) => {
    await endSession(c.var.services, c.var.user, c.var.sessionId, clientOf(c));
    clearSessionCookie(c);
    return c.body(null, 204);
  })
  .post("/auth/logout-everywhere", async (c) => {
    await endEverySession(c.var.services, c.var.user, clientOf(c));
    clearSessionCookie(c);
    return c.body(null, 204);
  });
