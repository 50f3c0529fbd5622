/** The signed-in user's own account: profile, password, sessions, two-factor sign-in. */
import { Hono } from "hono";
import type {
  ChangePasswordRequest,
  RecoveryCodesResponse,
  SessionListResponse,
  TwoFactorSetup,
  UpdateProfileRequest,
  UserResponse,
} from "@hearth/contract";
import { audit } from "../lib/audit";
import { describeDevice } from "../http/client-info";
import { badRequest, conflict, HttpError, notFound } from "../lib/errors";
import { readJson } from "../http/request";
import { hashPassword, verifyPassword } from "../lib/password";
import { deleteSessionsOf, deleteUserSession, listSessions } from "../repositories/sessions";
import { readSettings } from "../repositories/settings";
import { deleteRecoveryCodes, replaceRecoveryCodes } from "../repositories/two-factor";
import { findUser, toUser, updateUser, usedBytesOf, type UserRow } from "../repositories/users";
import type { AuthEnv } from "../http/session";
import { newRecoveryCodes, newTotpSecret, totpStep, totpUri } from "../lib/totp";
import { validPassword, validPersonName } from "../lib/validation";
import type { Context } from "hono";

async function currentRow(c: Context<AuthEnv>): Promise<UserRow> {
  const row = await findUser(c.var.db, c.var.user.id);
  if (!row) throw notFound("Your account no longer exists.");
  return row;
}

/** Sensitive changes ask for the password again, so an unlocked laptop is not enough. */
async function assertPassword(c: Context<AuthEnv>, row: UserRow, password: unknown, action: string): Promise<void> {
  if (typeof password !== "string" || !(await verifyPassword(password, row.passwordHash))) {
    await audit(c, c.var.db, { action, success: false, actor: row, detail: { reason: "wrong password" } });
    throw new HttpError(403, "wrong_password", "Your current password is not right.");
  }
}

async function userResponse(c: Context<AuthEnv>, row: UserRow): Promise<UserResponse> {
  return { user: toUser(row, (await readSettings(c.var.db)).requireTwoFactor) };
}

export const accountRoutes = new Hono<AuthEnv>()
  .get("/me", async (c) => {
    const row = await currentRow(c);
    const user = { ...c.var.user, usedBytes: await usedBytesOf(c.var.db, row.id), quotaBytes: row.quotaBytes };
    return c.json<UserResponse>({ user });
  })
  .patch("/me", async (c) => {
    const body = await readJson<UpdateProfileRequest>(c);
    if (body.name === undefined) throw badRequest("nothing_to_change", "Send a new name.");
    const row = await updateUser(c.var.db, c.var.user.id, { name: validPersonName(body.name) });
    return c.json(await userResponse(c, row));
  })
  .post("/me/password", async (c) => {
    const body = await readJson<ChangePasswordRequest>(c);
    const row = await currentRow(c);
    await assertPassword(c, row, body.currentPassword, "password.change");
    const password = validPassword(body.newPassword);
    await updateUser(c.var.db, row.id, { passwordHash: await hashPassword(password), passwordChangedAt: Date.now() });
    // A changed password should lock out whoever knew the old one.
    await deleteSessionsOf(c.var.db, row.id, c.var.sessionId);
    await audit(c, c.var.db, { action: "password.change", actor: row });
    return c.body(null, 204);
  })
  .get("/me/sessions", async (c) => {
    const rows = await listSessions(c.var.db, c.var.user.id, Date.now());
    const response: SessionListResponse = {
      sessions: rows.map((s) => ({
        id: s.id,
        device: describeDevice(s.userAgent),
        ip: s.ip,
        createdAt: new Date(s.createdAt).toISOString(),
        lastSeenAt: new Date(s.lastSeenAt).toISOString(),
        current: s.id === c.var.sessionId,
      })),
    };
    return c.json(response);
  })
  .delete("/me/sessions/:id", async (c) => {
    const id = c.req.param("id");
    if (!(await deleteUserSession(c.var.db, c.var.user.id, id))) throw notFound("No such session.");
    await audit(c, c.var.db, { action: "session.revoke", actor: c.var.user, targetType: "session", targetId: id.slice(0, 12) });
    return c.body(null, 204);
  })
  .post("/me/two-factor/setup", async (c) => {
    const row = await currentRow(c);
    if (row.totpSecret) throw conflict("two_factor_enabled", "Two-factor sign-in is already on. Turn it off first to move it to a new device.");
    const secret = newTotpSecret();
    await updateUser(c.var.db, row.id, { totpPendingSecret: secret });
    const response: TwoFactorSetup = { secret, otpauthUrl: totpUri(secret, row.email) };
    return c.json(response);
  })
  .post("/me/two-factor/enable", async (c) => {
    const body = await readJson<{ code: string }>(c);
    const row = await currentRow(c);
    if (row.totpSecret) throw conflict("two_factor_enabled", "Two-factor sign-in is already on.");
    if (!row.totpPendingSecret) throw badRequest("no_setup", "Start the two-factor setup first.");
    const step = typeof body.code === "string" ? totpStep(row.totpPendingSecret, body.code) : null;
    if (step === null) throw badRequest("invalid_code", "That code is not right. Check the time on your phone and try the newest code.");
    const now = Date.now();
    // The enrolment code counts as used: it cannot also sign someone in.
    await updateUser(c.var.db, row.id, { totpSecret: row.totpPendingSecret, totpPendingSecret: null, totpEnabledAt: now, totpLastStep: step });
    const codes = newRecoveryCodes();
    await replaceRecoveryCodes(c.var.db, row.id, codes, now);
    await audit(c, c.var.db, { action: "two_factor.enable", actor: row });
    return c.json<RecoveryCodesResponse>({ recoveryCodes: codes });
  })
  .post("/me/two-factor/disable", async (c) => {
    const body = await readJson<{ password: string }>(c);
    const row = await currentRow(c);
    await assertPassword(c, row, body.password, "two_factor.disable");
    if ((await readSettings(c.var.db)).requireTwoFactor) throw new HttpError(403, "two_factor_required", "Your household requires two-factor sign-in, so it cannot be turned off.");
    await updateUser(c.var.db, row.id, { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null });
    await deleteRecoveryCodes(c.var.db, row.id);
    await audit(c, c.var.db, { action: "two_factor.disable", actor: row });
    return c.body(null, 204);
  })
  .post("/me/two-factor/recovery-codes", async (c) => {
    const body = await readJson<{ password: string }>(c);
    const row = await currentRow(c);
    await assertPassword(c, row, body.password, "two_factor.recovery_codes");
    if (!row.totpSecret) throw badRequest("two_factor_off", "Turn on two-factor sign-in first.");
    const codes = newRecoveryCodes();
    await replaceRecoveryCodes(c.var.db, row.id, codes, Date.now());
    await audit(c, c.var.db, { action: "two_factor.recovery_codes", actor: row });
    return c.json<RecoveryCodesResponse>({ recoveryCodes: codes });
  });
