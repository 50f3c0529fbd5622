/**
 * Sign-in sessions. The cookie holds a random 256-bit token; the database holds only its SHA-256,
 * so a copied database cannot be used to sign in. Expiry slides: each use within the lifetime
 * pushes it out again (written at most once an hour, not on every request).
 */
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { User } from "./api-types";
import { openDatabase, type Database } from "./db";
import type { CommonBindings } from "./env";
import { unauthorized } from "./errors";
import { newToken, sha256Hex } from "./ids";
import { deleteSession, extendSession, findSession, insertSession, toUser } from "./repositories/users";

export const SESSION_COOKIE = "hearth_session";
export const SESSION_LIFETIME_MS = 30 * 24 * 3600_000;
const EXTEND_AFTER_MS = 3600_000;

export type AuthVariables = { user: User; sessionId: string; db: Database };
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
export async function startSession(c: Context<{ Bindings: CommonBindings }>, db: Database, userId: string): Promise<void> {
  const token = newToken();
  const now = Date.now();
  await insertSession(db, {
    id: await sha256Hex(token),
    userId,
    now,
    expiresAt: now + SESSION_LIFETIME_MS,
    userAgent: c.req.header("user-agent")?.slice(0, 300) ?? null,
    ip: c.req.header("cf-connecting-ip") ?? c.req.header("x-forwarded-for")?.split(",")[0]?.trim() ?? null,
  });
  setCookie(c, SESSION_COOKIE, token, cookieOptions(c.env));
}

export async function endSession(c: Context<AuthEnv>): Promise<void> {
  await deleteSession(c.var.db, c.var.sessionId);
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
}

/** Requires a live session; sets `user`, `sessionId` and `db` for the handlers after it. */
export const requireUser: MiddlewareHandler<AuthEnv> = async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token || token.length > 100) throw unauthorized();
  const { db } = openDatabase(c.env);
  const sessionId = await sha256Hex(token);
  const now = Date.now();
  const found = await findSession(db, sessionId, now);
  if (!found) {
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    throw unauthorized("Your session has ended. Sign in again.");
  }
  if (now - found.session.lastSeenAt > EXTEND_AFTER_MS) {
    await extendSession(db, sessionId, now, now + SESSION_LIFETIME_MS);
    setCookie(c, SESSION_COOKIE, token, cookieOptions(c.env));
  }
  c.set("user", toUser(found.user));
  c.set("sessionId", sessionId);
  c.set("db", db);
  await next();
};
