/**
 * Signing up and in: first-run setup, registration (first account, open registration, or an
 * invite), password sign-in with throttling, the second-factor step, and signing out.
 */
import { Hono, type Context } from "hono";
import type { InviteInfo, LoginRequest, RegisterRequest, SetupStatus, TwoFactorChallenge, TwoFactorLoginRequest, UserResponse } from "@hearth/contract";
import { audit } from "../lib/audit";
import { clientIp } from "../http/client-info";
import { openDatabase, type Database } from "../repositories/database";
import type { CommonBindings } from "../lib/env";
import { conflict, forbidden, HttpError } from "../lib/errors";
import { readJson } from "../http/request";
import { newId, newToken, sha256Hex } from "../lib/ids";
import { DUMMY_HASH, hashPassword, PASSWORD_MAX_LENGTH, verifyPassword } from "../lib/password";
import { consumeInvite, findInviteByTokenHash, type InviteRow } from "../repositories/invites";
import { deleteSessionsOf } from "../repositories/sessions";
import { readSettings } from "../repositories/settings";
import { attemptChallenge, deleteChallenge, insertChallenge, useRecoveryCode } from "../repositories/two-factor";
import { countUsers, findUser, findUserByEmail, insertUser, toUser, useTotpStep, type UserRow } from "../repositories/users";
import { clearSessionCookie, endSession, startSession, type AuthEnv } from "../http/session";
import { assertNotThrottled, clearFailures, recordFailure, type ThrottleKey } from "../lib/throttle";
import { totpStep } from "../lib/totp";
import { validEmail, validPassword, validPersonName } from "../lib/validation";

const CHALLENGE_LIFETIME_MS = 5 * 60_000;
const CHALLENGE_MAX_ATTEMPTS = 5;

type Ctx = Context<{ Bindings: CommonBindings }>;

/** A usable invite for this token, or the reason it is not usable. */
async function usableInvite(db: Database, token: string, now: number): Promise<InviteRow> {
  const invite = token.length <= 100 ? await findInviteByTokenHash(db, await sha256Hex(token)) : undefined;
  if (!invite) throw new HttpError(404, "invite_not_found", "This invite link is not valid. Ask for a new one.");
  if (invite.usedAt !== null) throw new HttpError(410, "invite_used", "This invite link has already been used.");
  if (invite.expiresAt <= now) throw new HttpError(410, "invite_expired", "This invite link has expired. Ask for a new one.");
  return invite;
}

async function signedIn(c: Ctx, db: Database, user: UserRow, status: 200 | 201 = 200): Promise<Response> {
  await startSession(c, db, user.id);
  const { requireTwoFactor } = await readSettings(db);
  const response: UserResponse = { user: toUser(user, requireTwoFactor) };
  return c.json(response, status);
}

export const authRoutes = new Hono<{ Bindings: CommonBindings }>()
  .get("/setup", async (c) => {
    const { db } = openDatabase(c.env);
    const settings = await readSettings(db);
    const status: SetupStatus = { needsSetup: (await countUsers(db)) === 0, registrationOpen: settings.registrationOpen, version: c.env.VERSION };
    return c.json(status);
  })
  .get("/invites/:token", async (c) => {
    const { db } = openDatabase(c.env);
    const invite = await usableInvite(db, c.req.param("token"), Date.now());
    const inviter = invite.createdBy ? await findUser(db, invite.createdBy) : undefined;
    const info: InviteInfo = { email: invite.email, role: invite.role, expiresAt: new Date(invite.expiresAt).toISOString(), invitedBy: inviter?.name ?? "Your Hearth admin" };
    return c.json(info);
  })
  .post("/auth/register", async (c) => {
    const body = await readJson<RegisterRequest>(c);
    const email = validEmail(body.email);
    const password = validPassword(body.password);
    const name = validPersonName(body.name);
    const { db } = openDatabase(c.env);
    const now = Date.now();
    const invite = typeof body.inviteToken === "string" && body.inviteToken ? await usableInvite(db, body.inviteToken, now) : undefined;
    const first = (await countUsers(db)) === 0;
    if (!first && !invite && !(await readSettings(db)).registrationOpen)
      throw new HttpError(403, "registration_closed", "Registration is closed. Ask your Hearth admin for an invite.");
    if (invite?.email && invite.email !== email) throw forbidden(`This invite is for ${invite.email}.`);
    if (await findUserByEmail(db, email)) throw conflict("email_taken", "An account with that email already exists.");
    const id = newId();
    if (invite && !(await consumeInvite(db, invite.id, id, now))) throw new HttpError(410, "invite_used", "This invite link has already been used.");
    const row = await insertUser(db, { id, email, name, passwordHash: await hashPassword(password), now, role: invite ? invite.role : "first-is-admin" });
    await audit(c, db, { action: "user.register", actor: row, targetType: "user", targetId: row.id, detail: { role: row.role, via: invite ? "invite" : first ? "first-run" : "open-registration" } });
    return signedIn(c, db, row, 201);
  })
  .post("/auth/login", async (c) => {
    const body = await readJson<LoginRequest>(c);
    const { db } = openDatabase(c.env);
    const now = Date.now();
    const email = typeof body.email === "string" ? body.email.trim().toLowerCase().slice(0, 254) : "";
    const password = typeof body.password === "string" ? body.password : "";
    const keys: ThrottleKey[] = [{ kind: "account", value: email }];
    const ip = clientIp(c);
    if (ip) keys.push({ kind: "ip", value: ip });
    await assertNotThrottled(db, keys, now);

    const user = email ? await findUserByEmail(db, email) : undefined;
    // Unknown emails cost a hash too, and get the same answer as a wrong password.
    const passwordOk = password.length <= PASSWORD_MAX_LENGTH && (await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH));
    if (!user || !passwordOk || user.disabledAt !== null) {
      await recordFailure(db, keys, now);
      await audit(c, db, { action: "login", success: false, actor: user ? { id: user.id, email: user.email } : null, detail: { email, reason: !user ? "unknown email" : !passwordOk ? "wrong password" : "disabled" } });
      throw new HttpError(401, "invalid_credentials", "That email and password do not match.");
    }
    await clearFailures(db, keys);
    if (user.totpSecret) {
      const challenge = newToken();
      await insertChallenge(db, { id: await sha256Hex(challenge), userId: user.id, expiresAt: now + CHALLENGE_LIFETIME_MS });
      const response: TwoFactorChallenge = { twoFactorRequired: true, challenge };
      return c.json(response);
    }
    await audit(c, db, { action: "login", actor: user });
    return signedIn(c, db, user);
  })
  .post("/auth/login/two-factor", async (c) => {
    const body = await readJson<TwoFactorLoginRequest>(c);
    const { db } = openDatabase(c.env);
    const now = Date.now();
    const challengeId = typeof body.challenge === "string" && body.challenge.length <= 100 ? await sha256Hex(body.challenge) : "";
    const challenge = challengeId ? await attemptChallenge(db, challengeId) : undefined;
    if (!challenge || challenge.expiresAt <= now || challenge.attempts > CHALLENGE_MAX_ATTEMPTS) {
      if (challenge) await deleteChallenge(db, challengeId);
      throw new HttpError(410, "challenge_expired", "Sign-in took too long or had too many wrong codes. Start again.");
    }
    const user = await findUser(db, challenge.userId);
    if (!user?.totpSecret || user.disabledAt !== null) throw new HttpError(410, "challenge_expired", "Start signing in again.");
    const code = typeof body.code === "string" ? body.code.trim().slice(0, 40) : "";
    const step = totpStep(user.totpSecret, code);
    const byTotp = step !== null && (await useTotpStep(db, user.id, step));
    const byRecovery = !byTotp && code.length > 6 && (await useRecoveryCode(db, user.id, code, now));
    if (!byTotp && !byRecovery) {
      await audit(c, db, { action: "login.two_factor", success: false, actor: user });
      throw new HttpError(401, "invalid_code", "That code is not right. Check your authenticator app and try again.");
    }
    await deleteChallenge(db, challengeId);
    await audit(c, db, { action: byRecovery ? "login.recovery_code" : "login", actor: user, detail: { twoFactor: true } });
    return signedIn(c, db, user);
  });

/** Routes for a signed-in user; `requireUser` runs before them (see index.ts). */
export const sessionRoutes = new Hono<AuthEnv>()
  .post("/auth/logout", async (c) => {
    await endSession(c);
    await audit(c, c.var.db, { action: "logout", actor: c.var.user });
    return c.body(null, 204);
  })
  .post("/auth/logout-everywhere", async (c) => {
    await deleteSessionsOf(c.var.db, c.var.user.id);
    clearSessionCookie(c);
    await audit(c, c.var.db, { action: "session.revoke_all", actor: c.var.user });
    return c.body(null, 204);
  });

