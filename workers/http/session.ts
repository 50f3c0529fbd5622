/**
 * Sign-in sessions. The cookie holds a random 256-bit token; the database holds only its SHA-256,
 * so a copied database cannot be used to sign in. Expiry slides: each use within the lifetime
 * pushes it out again (written at most once a minute, not on every request).
 */
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { User } from "@hearth/contract";
import { clientIp } from "./client-info";
import type { Database } from "../repositories/database";
import type { Services } from "../core/services";
import type { CommonBindings } from "../lib/env";
import { forbidden, HttpError, unauthorized } from "../lib/errors";
import { newToken, sha256Hex } from "../lib/ids";
import { deleteSession, findSession, insertSession, touchSession } from "../repositories/sessions";
import { toUser } from "../repositories/users";

export const SESSION_COOKIE = "hearth_session";
export const SESSION_LIFETIME_MS = 30 * 24 * 3600_000;
const TOUCH_AFTER_MS = 60_000;

/** `services` comes from provideServices (http/services.ts), which runs before requireUser. */
export type AuthVariables = { user: User; sessionId: string; db: Database; services: Services };
export type AuthEnv = { Bindings: CommonBindings; Variables: AuthVariables };

function cookieOptions(env: CommonBindings) {
  return {
    httpOnly: true,
    sameSite: "Lax" as const,
    secure: env.PUBLIC_URL.startsWith("https:"),
    path: "/",
    maxAge: SESSION_LIFETIME_MS / 1000,
  };
}

/** Starts a session for the user and sets its cookie on the response. */
export async function startSession(c: Context<{ Bindings: CommonBindings }>, db: Database, userId: string): Promise<string> {
  const token = newToken();
  const now = Date.now();
  const id = await sha256Hex(token);
  await insertSession(db, {
    id,
    userId,
    now,
    expiresAt: now + SESSION_LIFETIME_MS,
    userAgent: c.req.header("user-agent")?.slice(0, 300) ?? null,
    ip: clientIp(c),
  });
  setCookie(c, SESSION_COOKIE, token, cookieOptions(c.env));
  return id;
}

export async function endSession(c: Context<AuthEnv>): Promise<void> {
  await deleteSession(c.var.db, c.var.sessionId);
  clearSessionCookie(c);
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
}

/** Paths a user who must still enrol in two-factor sign-in may use: enrolment and signing out. */
const ENROLMENT_PATHS = /^\/api\/(me|me\/two-factor\/(setup|enable)|auth\/logout(-everywhere)?|events)$/;

/** Requires a live session; sets `user`, `sessionId` and `db` for the handlers after it. */
export const requireUser: MiddlewareHandler<AuthEnv> = async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token || token.length > 100) throw unauthorized();
  const { db } = c.var.services;
  const sessionId = await sha256Hex(token);
  const now = Date.now();
  const found = await findSession(db, sessionId, now);
  if (!found) {
    clearSessionCookie(c);
    throw unauthorized("Your session has ended. Sign in again.");
  }
  if (now - found.session.lastSeenAt > TOUCH_AFTER_MS) {
    await touchSession(db, sessionId, now, now + SESSION_LIFETIME_MS, clientIp(c));
    setCookie(c, SESSION_COOKIE, token, cookieOptions(c.env));
  }
  const user = toUser(found.user, found.requireTwoFactor);
  if (user.mustEnrollTwoFactor && !ENROLMENT_PATHS.test(c.req.path)) {
    throw new HttpError(403, "two_factor_required", "Your household requires two-factor sign-in. Set it up in Settings to continue.");
  }
  c.set("user", user);
  c.set("sessionId", sessionId);
  c.set("db", db);
  await next();
};

/** After requireUser: only admins pass. */
export const requireAdmin: MiddlewareHandler<AuthEnv> = async (c, next) => {
  if (c.var.user.role !== "admin") throw forbidden("Only an admin can do that.");
  await next();
};
