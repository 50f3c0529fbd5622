/**
 * The hono side of sessions: the cookie (HttpOnly, SameSite=Lax, Secure behind https), the
 * `requireUser` middleware that sets `c.var.user`, and `requireAdmin`. What a session is and
 * what it allows (lifetime, sliding expiry, the two-factor enrolment rule) is core/sessions.ts.
 */
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { User } from "@hearth/contract";
import { assertMayUse, resumeSession, SESSION_LIFETIME_MS } from "../core/sessions";
import type { Services } from "../core/services";
import type { CommonBindings } from "../lib/env";
import { forbidden, unauthorized } from "../lib/errors";
import { clientOf } from "./client-info";

export const SESSION_COOKIE = "hearth_session";

/**
 * `services` comes from provideServices (http/services.ts), which runs before requireUser.
 * `db` is a transitional alias of `services.db` for routes not yet moved to core.
 */
export type AuthVariables = { user: User; sessionId: string; services: Services };
export type AuthEnv = { Bindings: CommonBindings; Variables: AuthVariables };

/** Sets the session cookie; its lifetime starts again each time (sliding expiry). */
export function setSessionCookie<E extends { Bindings: CommonBindings }>(c: Context<E>, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Lax",
    secure: c.env.PUBLIC_URL.startsWith("https:"),
    path: "/",
    maxAge: SESSION_LIFETIME_MS / 1000,
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
}

/** Requires a live session; sets `user`, `sessionId` and `db` for the handlers after it. */
export const requireUser: MiddlewareHandler<AuthEnv> = async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token) throw unauthorized();
  const session = await resumeSession(c.var.services, token, clientOf(c));
  if (!session) {
    clearSessionCookie(c);
    throw unauthorized("Your session has ended. Sign in again.");
  }
  if (session.renewed) setSessionCookie(c, token);
  assertMayUse(session.user, c.req.path);
  c.set("user", session.user);
  c.set("sessionId", session.sessionId);
  await next();
};

/** After requireUser: only admins pass. */
export const requireAdmin: MiddlewareHandler<AuthEnv> = async (c, next) => {
  if (c.var.user.role !== "admin") throw forbidden("Only an admin can do that.");
  await next();
};
