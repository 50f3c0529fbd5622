/**
 * The signed-in user's own account: their profile, their password, and the one rule every
 * password change follows (the user's own change, an admin's reset, `hearth admin reset-password`).
 */
import type { UpdateProfileRequest, User, UserResponse } from "@hearth/contract";
import { badRequest, HttpError, notFound } from "../lib/errors";
import { hashPassword, verifyPassword } from "../lib/password";
import { deleteSessionsOf } from "../repositories/sessions";
import { readSettings } from "../repositories/settings";
import { findUser, updateUser, usedBytesOf, type UserRow } from "../repositories/users";
import { validPassword, validPersonName } from "./account-fields";
import { toUser } from "./accounts-presenter";
import { recordAudit } from "./audit";
import type { ClientInfo } from "./sessions";
import type { Services } from "./services";
import { accountKey, clearFailures } from "./sign-in-throttle";

/** The user's row, or 404 when the account was deleted while they were signed in. */
export async function accountRow(services: Services, userId: string): Promise<UserRow> {
  const row = await findUser(services.db, userId);
  if (!row) throw notFound("Your account no longer exists.");
  return row;
}

/** Sensitive changes ask for the password again, so an unlocked laptop is not enough. */
export async function confirmPassword(
  services: Services,
  row: UserRow,
  password: unknown,
  action: string,
  client: ClientInfo,
) {
  if (typeof password !== "string" || !(await verifyPassword(password, row.passwordHash))) {
    await recordAudit(services, {
      action,
      success: false,
      actor: row,
      ip: client.ip,
      detail: { reason: "wrong password" },
    });
    throw new HttpError(403, "wrong_password", "Your current password is not right.");
  }
}

/**
 * Gives the user a new (already validated) password. Every session but `keepSessionId` ends,
 * so whoever knew the old password is locked out, and delays from failed sign-ins are forgotten.
 */
export async function setPassword(
  services: Services,
  user: UserRow,
  password: string,
  keepSessionId?: string,
): Promise<UserRow> {
  const row = await updateUser(services.db, user.id, {
    passwordHash: await hashPassword(password),
    passwordChangedAt: services.now(),
  });
  await deleteSessionsOf(services.db, user.id, keepSessionId);
  await clearFailures(services, [accountKey(user.email)]);
  return row;
}

/** `GET /api/me`: the user with their storage use and quota. */
export async function profile(services: Services, user: User): Promise<UserResponse> {
  const row = await accountRow(services, user.id);
  return { user: { ...user, usedBytes: await usedBytesOf(services.db, row.id), quotaBytes: row.quotaBytes } };
}

export async function updateProfile(
  services: Services,
  user: User,
  body: Partial<UpdateProfileRequest>,
): Promise<UserResponse> {
  if (body.name === undefined) throw badRequest("nothing_to_change", "Send a new name.");
  const row = await updateUser(services.db, user.id, { name: validPersonName(body.name) });
  return { user: toUser(row, (await readSettings(services.db)).requireTwoFactor) };
}

/** The user changes their own password, proving they know the current one; only this session stays. */
export async function changePassword(
  services: Services,
  input: { user: User; sessionId: string; currentPassword: unknown; newPassword: unknown; client: ClientInfo },
): Promise<void> {
  const row = await accountRow(services, input.user.id);
  await confirmPassword(services, row, input.currentPassword, "password.change", input.client);
  await setPassword(services, row, validPassword(input.newPassword), input.sessionId);
  await recordAudit(services, { action: "password.change", actor: row, ip: input.client.ip });
}
