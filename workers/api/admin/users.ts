/** Admin: the household's accounts. */
import { Hono, type Context } from "hono";
import type { AdminUser, AdminUserListResponse, CreateUserRequest, DeleteUserRequest, UpdateUserRequest } from "@hearth/contract";
import { audit } from "../../lib/audit";
import { badRequest, conflict, forbidden, notFound } from "../../lib/errors";
import { readJson } from "../../http/request";
import { newId } from "../../lib/ids";
import { hashPassword } from "../../lib/password";
import { deleteUserWithFiles, transferFilesAndDeleteUser } from "../../repositories/user-removal";
import { deleteBytesOf } from "../../core/blobs";
import { createFolder } from "../../core/drive";
import { deleteSessionsOf } from "../../repositories/sessions";
import { readSettings } from "../../repositories/settings";
import { countActiveAdmins, findUser, findUserByEmail, insertUser, listUsersForAdmin, toAdminUser, updateUser, usedBytesOf, type UserRow } from "../../repositories/users";
import type { AuthEnv } from "../../http/session";
import { validEmail, validPassword, validPersonName, validQuota, validRole } from "../../lib/validation";

async function adminView(c: Context<AuthEnv>, row: UserRow): Promise<AdminUser> {
  const { requireTwoFactor } = await readSettings(c.var.db);
  return toAdminUser(row, requireTwoFactor, await usedBytesOf(c.var.db, row.id), null);
}

async function targetUser(c: Context<AuthEnv>): Promise<UserRow> {
  const row = await findUser(c.var.db, c.req.param("id") ?? "");
  if (!row) throw notFound("No such user.");
  return row;
}

export const adminUserRoutes = new Hono<AuthEnv>()
  .get("/users", async (c) => {
    const { requireTwoFactor } = await readSettings(c.var.db);
    return c.json<AdminUserListResponse>({ users: await listUsersForAdmin(c.var.db, requireTwoFactor) });
  })
  .post("/users", async (c) => {
    const body = await readJson<CreateUserRequest>(c);
    const email = validEmail(body.email);
    const password = validPassword(body.password);
    const name = validPersonName(body.name);
    const role = body.role === undefined ? "member" : validRole(body.role);
    const quotaBytes = body.quotaBytes === undefined ? null : validQuota(body.quotaBytes);
    if (await findUserByEmail(c.var.db, email)) throw conflict("email_taken", "An account with that email already exists.");
    const row = await insertUser(c.var.db, { id: newId(), email, name, passwordHash: await hashPassword(password), now: Date.now(), role, quotaBytes });
    await audit(c, c.var.db, { action: "admin.user.create", actor: c.var.user, targetType: "user", targetId: row.id, detail: { email, role, quotaBytes } });
    return c.json(await adminView(c, row), 201);
  })
  .patch("/users/:id", async (c) => {
    const body = await readJson<UpdateUserRequest>(c);
    const target = await targetUser(c);
    const self = target.id === c.var.user.id;
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
      changes.disabledAt = body.disabled ? (target.disabledAt ?? Date.now()) : null;
    }
    if (body.password !== undefined) {
      changes.passwordHash = await hashPassword(validPassword(body.password));
      changes.passwordChangedAt = Date.now();
    }
    if (Object.keys(changes).length === 0) throw badRequest("nothing_to_change", "Send at least one field to change.");
    const row = await updateUser(c.var.db, target.id, changes);
    // Disabling or a password reset ends the user's sessions at once, not at their next expiry.
    if (changes.disabledAt || changes.passwordHash) await deleteSessionsOf(c.var.db, target.id, self ? c.var.sessionId : undefined);
    const detail: Record<string, unknown> = { ...body };
    if ("password" in detail) detail.password = "(reset)";
    await audit(c, c.var.db, { action: body.password !== undefined ? "admin.user.reset_password" : "admin.user.update", actor: c.var.user, targetType: "user", targetId: target.id, detail });
    return c.json(await adminView(c, row));
  })
  .delete("/users/:id", async (c) => {
    const body = await readJson<DeleteUserRequest>(c);
    const target = await targetUser(c);
    if (target.id === c.var.user.id) throw forbidden("You cannot delete your own account.");
    if (target.role === "admin" && target.disabledAt === null && (await countActiveAdmins(c.var.db)) <= 1) throw forbidden("Hearth needs at least one admin.");
    if ("transferTo" in body && typeof body.transferTo === "string") {
      const heir = await findUser(c.var.db, body.transferTo);
      if (!heir || heir.id === target.id) throw badRequest("invalid_transfer", "Choose another existing user to receive the files.");
      const name = `Files from ${target.name}`;
      const folder = await createFolder(c.var.services, heir.id, { parentId: null, name, onConflict: "keepBoth" });
      await transferFilesAndDeleteUser(c.var.db, target, heir, folder.id, Date.now());
      await audit(c, c.var.db, { action: "admin.user.delete", actor: c.var.user, targetType: "user", targetId: target.id, detail: { email: target.email, filesTo: heir.email } });
    } else if ("deleteFiles" in body && body.deleteFiles === true) {
      if (body.confirmName !== target.name) throw badRequest("confirmation_mismatch", `Type the user's name, “${target.name}”, to confirm deleting their files.`);
      await deleteBytesOf(c.var.services, await deleteUserWithFiles(c.var.db, target));
      await audit(c, c.var.db, { action: "admin.user.delete", actor: c.var.user, targetType: "user", targetId: target.id, detail: { email: target.email, filesDeleted: true } });
    } else {
      throw badRequest("choose_files_fate", "Say what happens to the user's files: {transferTo: userId} or {deleteFiles: true, confirmName}.");
    }
    return c.body(null, 204);
  });
