/**
 * The admin's page of accounts: listing, creating, changing (name, role, quota, disabled,
 * password) and deleting users, and `hearth admin reset-password` for an admin who is locked out.
 * Disabling a user or resetting their password ends their sessions at once, not at next expiry.
 */
import {
  DEFAULT_ROLE,
  type AdminUser,
  type AdminUserListResponse,
  type CreateUserRequest,
  type DeleteUserRequest,
  type UpdateUserRequest,
  type User,
} from "@hearth/contract";
import { badRequest, conflict, forbidden, notFound } from "../lib/errors";
import { newId } from "../lib/ids";
import { hashPassword } from "../lib/password";
import { deleteSessionsOf } from "../repositories/sessions";
import { readSettings } from "../repositories/settings";
import { deleteUserWithFiles, transferFilesAndDeleteUser } from "../repositories/user-removal";
import {
  countActiveAdmins,
  findUser,
  findUserByEmail,
  insertUser,
  listUsersWithUsage,
  updateUser,
  usedBytesOf,
  type UserRow,
} from "../repositories/users";
import { validEmail, validPassword, validPersonName, validQuota, validRole } from "./account-fields";
import { setPassword } from "./accounts";
import { deleteBytesOf } from "./blobs";
import { createFolder } from "./drive";
import { toAdminUser } from "./accounts-presenter";
import { recordAudit } from "./audit";
import type { ClientInfo } from "./sessions";
import type { Services } from "./services";
import { removeSecondFactor } from "./two-factor";

/** What the admin does it from: who they are, their session, their address. */
export interface AdminRequest {
  actor: User;
  sessionId: string;
  client: ClientInfo;
}

async function adminView(services: Services, row: UserRow): Promise<AdminUser> {
  const { requireTwoFactor } = await readSettings(services.db);
  return toAdminUser(row, requireTwoFactor, await usedBytesOf(services.db, row.id), null);
}

async function targetUser(services: Services, userId: string): Promise<UserRow> {
  const row = await findUser(services.db, userId);
  if (!row) throw notFound("No such user.");
  return row;
}

/** Every account, oldest first, with storage used and last activity. */
export async function userList(services: Services): Promise<AdminUserListResponse> {
  const { requireTwoFactor } = await readSettings(services.db);
  const rows = await listUsersWithUsage(services.db);
  return { users: rows.map((r) => toAdminUser(r.user, requireTwoFactor, r.usedBytes, r.lastSeenAt)) };
}

/** An account the admin makes directly, with a password to pass on. */
export async function createUser(
  services: Services,
  request: AdminRequest,
  body: Partial<CreateUserRequest>,
): Promise<AdminUser> {
  const email = validEmail(body.email);
  const password = validPassword(body.password);
  const name = validPersonName(body.name);
  const role = body.role === undefined ? DEFAULT_ROLE : validRole(body.role);
  const quotaBytes = body.quotaBytes === undefined ? null : validQuota(body.quotaBytes);
  if (await findUserByEmail(services.db, email))
    throw conflict("email_taken", "An account with that email already exists.");
  const passwordHash = await hashPassword(password);
  const row = await insertUser(services.db, {
    id: newId(),
    email,
    name,
    passwordHash,
    now: services.now(),
    role,
    quotaBytes,
  });
  const detail = { email, role, quotaBytes };
  await recordAudit(services, {
    action: "admin.user.create",
    actor: request.actor,
    targetType: "user",
    targetId: row.id,
    detail,
    ip: request.client.ip,
  });
  return adminView(services, row);
}

/** Changes what the body sends. An admin cannot demote or disable themselves. */
export async function updateUserAsAdmin(
  services: Services,
  request: AdminRequest,
  userId: string,
  body: Partial<UpdateUserRequest>,
): Promise<AdminUser> {
  const target = await targetUser(services, userId);
  const self = target.id === request.actor.id;
  const changes: Partial<UserRow> = {};
  if (body.name !== undefined) changes.name = validPersonName(body.name);
  if (body.quotaBytes !== undefined) changes.quotaBytes = validQuota(body.quotaBytes);
  if (body.role !== undefined) {
    changes.role = validRole(body.role);
    if (self && changes.role !== "admin") throw forbidden("You cannot remove your own admin role; ask another admin.");
  }
  if (body.disabled !== undefined) {
    if (typeof body.disabled !== "boolean") throw badRequest("invalid_disabled", "disabled must be true or false.");
    if (self && body.disabled) throw forbidden("You cannot disable your own account.");
    changes.disabledAt = body.disabled ? (target.disabledAt ?? services.now()) : null;
  }
  const password = body.password === undefined ? undefined : validPassword(body.password);
  if (Object.keys(changes).length === 0 && password === undefined)
    throw badRequest("nothing_to_change", "Send at least one field to change.");

  let row = Object.keys(changes).length > 0 ? await updateUser(services.db, target.id, changes) : target;
  // A reset keeps the admin's own session when they reset their own password.
  if (password !== undefined) row = await setPassword(services, row, password, self ? request.sessionId : undefined);
  if (changes.disabledAt) await deleteSessionsOf(services.db, target.id);

  const detail: Record<string, unknown> = { ...body };
  if (password !== undefined) detail.password = "(reset)";
  const action = password !== undefined ? "admin.user.reset_password" : "admin.user.update";
  await recordAudit(services, {
    action,
    actor: request.actor,
    targetType: "user",
    targetId: target.id,
    detail,
    ip: request.client.ip,
  });
  return adminView(services, row);
}

/**
 * Deletes an account. Its files go to another user (into a new top-level folder "Files from
 * <name>", so nothing collides with the heir's own) or are deleted, confirmed by typing the
 * user's name; bytes no other file uses leave the blob store. The last active admin stays.
 */
export async function deleteUser(
  services: Services,
  request: AdminRequest,
  userId: string,
  body: Partial<DeleteUserRequest>,
) {
  const target = await targetUser(services, userId);
  if (target.id === request.actor.id) throw forbidden("You cannot delete your own account.");
  if (target.role === "admin" && target.disabledAt === null && (await countActiveAdmins(services.db)) <= 1)
    throw forbidden("Hearth needs at least one admin.");
  const audit = (detail: Record<string, unknown>) =>
    recordAudit(services, {
      action: "admin.user.delete",
      actor: request.actor,
      targetType: "user",
      targetId: target.id,
      detail,
      ip: request.client.ip,
    });

  if ("transferTo" in body && typeof body.transferTo === "string") {
    const heir = await findUser(services.db, body.transferTo);
    if (!heir || heir.id === target.id)
      throw badRequest("invalid_transfer", "Choose another existing user to receive the files.");
    await transferFilesAndDelete(services, target, heir);
    await audit({ email: target.email, filesTo: heir.email });
  } else if ("deleteFiles" in body && body.deleteFiles === true) {
    if (body.confirmName !== target.name)
      throw badRequest(
        "confirmation_mismatch",
        `Type the user's name, “${target.name}”, to confirm deleting their files.`,
      );
    await deleteWithFiles(services, target);
    await audit({ email: target.email, filesDeleted: true });
  } else {
    const how = "{transferTo: userId} or {deleteFiles: true, confirmName}";
    throw badRequest("choose_files_fate", `Say what happens to the user's files: ${how}.`);
  }
}

async function transferFilesAndDelete(services: Services, user: UserRow, heir: UserRow): Promise<void> {
  // The drive's name rule: when the heir already has a "Files from Ben", this one becomes "Files from Ben (1)".
  const name = `Files from ${user.name}`.replace(/[/\\]/g, "-");
  const placed = await createFolder(services, heir.id, { parentId: null, name, onConflict: "keepBoth" });
  await transferFilesAndDeleteUser(services.db, user, heir, placed.id, services.now());
}

async function deleteWithFiles(services: Services, user: UserRow): Promise<void> {
  await deleteBytesOf(services, await deleteUserWithFiles(services.db, user));
}

/** A password a person can type from a terminal: 4 groups of 5 lowercase letters and digits. */
function temporaryPassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  const chars = [...crypto.getRandomValues(new Uint8Array(20))].map((b) => alphabet[b % alphabet.length]).join("");
  return chars.match(/.{5}/g)!.join("-");
}

/**
 * `hearth admin reset-password <email> [--disable-two-factor]`, for an admin who is locked out:
 * a new random password (returned, to print), the account enabled again, every session ended,
 * sign-in delays forgotten, optionally two-factor sign-in turned off; recorded with no actor.
 * Never touches the bucket or live events.
 */
export async function resetPasswordFromTerminal(
  services: Services,
  input: { email: string; disableTwoFactor: boolean },
): Promise<{ email: string; password: string }> {
  const user = await findUserByEmail(services.db, input.email.trim());
  if (!user) throw notFound(`No account with the email ${input.email}.`);
  const password = temporaryPassword();
  if (user.disabledAt !== null) await updateUser(services.db, user.id, { disabledAt: null });
  await setPassword(services, user, password);
  if (input.disableTwoFactor) await removeSecondFactor(services, user.id);
  const detail = { via: "hearth admin reset-password", twoFactorDisabled: input.disableTwoFactor };
  await recordAudit(services, {
    action: "admin.user.reset_password",
    actor: null,
    targetType: "user",
    targetId: user.id,
    detail,
  });
  return { email: user.email, password };
}
