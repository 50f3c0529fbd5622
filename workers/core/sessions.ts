/**
 * Sign-in sessions. The cookie holds a random 256-bit token; the database holds only its SHA-256,
 * so a copied database cannot be used to sign in. Expiry slides: each use within the lifetime
 * pushes it out again (written at most once a minute, not on every request). Reading and setting
 * the cookie is http/session.ts's job; what a session allows is decided here.
 */
import type { SessionListResponse, User } from "@hearth/contract";
import { HttpError, isDatabaseUnavailable, notFound } from "../lib/errors";
import { newToken, sha256Hex } from "../lib/ids";
import {
  deleteSession,
  deleteSessionsOf,
  deleteUserSession,
  findSession,
  insertSession,
  listSessions,
  purgeExpiredSessions,
  touchSession,
} from "../repositories/sessions";
import { purgeExpiredChallenges } from "../repositories/two-factor";
import { readSettings } from "../repositories/settings";
import type { UserRow } from "../repositories/users";
import { recordAudit } from "./audit";
import { toSessionInfo, toUser } from "./accounts-presenter";
import type { Services } from "./services";

/** A session not used for this long ends; every use starts the period again. */
export const SESSION_LIFETIME_MS = 30 * 24 * 3600_000;
/** A session's last use is written at most this often. */
const TOUCH_AFTER_MS = 60_000;
/** Tokens are 43 characters; anything much longer is not one of ours and is not even hashed. */
const TOKEN_MAX_LENGTH = 100;

/** Who is asking, as a request tells it: recorded with sessions and audit entries. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/** A new session: the token goes into the cookie, the user into the response. */
export interface SignedIn {
  token: string;
  user: User;
}

/** A live session found from its cookie token. */
export interface CurrentSession {
  user: User;
  sessionId: string;
  /** Its expiry was pushed out: the cookie should be set again, with a fresh lifetime. */
  renewed: boolean;
}

/** Starts a session for a user who has just proved who they are. */
export async function startSession(services: Services, user: UserRow, client: ClientInfo): Promise<SignedIn> {
  const token = newToken();
  const now = services.now();
  await insertSession(services.db, {
    id: await sha256Hex(token),
    userId: user.id,
    now,
    expiresAt: now + SESSION_LIFETIME_MS,
    userAgent: client.userAgent?.slice(0, 300) ?? null,
    ip: client.ip,
  });
  const { requireTwoFactor } = await readSettings(services.db);
  return { token, user: toUser(user, requireTwoFactor) };
}

/**
 * The session a cookie token belongs to, or undefined when it has expired, was revoked, or its
 * user was disabled. A session used after TOUCH_AFTER_MS gets its lifetime started again.
 */
export async function resumeSession(
  services: Services,
  token: string,
  client: ClientInfo,
): Promise<CurrentSession | undefined> {
  if (token.length > TOKEN_MAX_LENGTH) return undefined;
  const sessionId = await sha256Hex(token);
  const now = services.now();
  const found = await findSession(services.db, sessionId, now);
  if (!found) return undefined;
  let renewed = now - found.session.lastSeenAt > TOUCH_AFTER_MS;
  if (renewed) {
    try {
      await touchSession(services.db, sessionId, now, now + SESSION_LIFETIME_MS, client.ip);
    } catch (error) {
      // The primary database is down (a read replica answered the lookup): reads go on, and the
      // session slides on the next request after the primary is back.
      if (!isDatabaseUnavailable(error)) throw error;
      renewed = false;
    }
  }
  return { user: toUser(found.user, found.requireTwoFactor), sessionId, renewed };
}

/** API paths a user who must still enrol in two-factor sign-in may use: enrolment and signing out. */
const ENROLMENT_PATHS = /^\/api\/(me|me\/two-factor\/(setup|enable)|auth\/logout(-everywhere)?|events)$/;

/** Refuses everything but enrolment to a user the household requires two-factor sign-in of, until they enrol. */
export function assertMayUse(user: User, path: string): void {
  if (user.mustEnrollTwoFactor && !ENROLMENT_PATHS.test(path)) {
    const message = "Your household requires two-factor sign-in. Set it up in Settings to continue.";
    throw new HttpError(403, "two_factor_required", message);
  }
}

/** Signing out: this session ends. */
export async function endSession(services: Services, user: User, sessionId: string, client: ClientInfo): Promise<void> {
  await deleteSession(services.db, sessionId);
  await recordAudit(services, { action: "logout", actor: user, ip: client.ip });
}

/** "Sign out everywhere": every session of the user ends, this one too. */
export async function endEverySession(services: Services, user: User, client: ClientInfo): Promise<void> {
  await deleteSessionsOf(services.db, user.id);
  await recordAudit(services, { action: "session.revoke_all", actor: user, ip: client.ip });
}

/** The user's live sessions, most recently used first, marking the one asking. */
export async function sessionsOf(
  services: Services,
  user: User,
  currentSessionId: string,
): Promise<SessionListResponse> {
  const rows = await listSessions(services.db, user.id, services.now());
  return { sessions: rows.map((row) => toSessionInfo(row, currentSessionId)) };
}

/** Ends one of the user's own sessions (a lost phone); 404 for anyone else's. */
export async function revokeSession(
  services: Services,
  user: User,
  sessionId: string,
  client: ClientInfo,
): Promise<void> {
  if (!(await deleteUserSession(services.db, user.id, sessionId))) throw notFound("No such session.");
  await recordAudit(services, {
    action: "session.revoke",
    actor: user,
    targetType: "session",
    targetId: sessionId.slice(0, 12),
    ip: client.ip,
  });
}

/** Housekeeping: forgets expired sessions and expired second-factor challenges (they already work no more). */
export async function forgetExpiredSignIns(services: Pick<Services, "db" | "now">): Promise<void> {
  await purgeExpiredSessions(services.db, services.now());
  await purgeExpiredChallenges(services.db, services.now());
}
