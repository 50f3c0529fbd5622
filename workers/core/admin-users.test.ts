import type { Client } from "@libsql/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Role } from "@hearth/contract";
import { testServices, type TestServices } from "../../tests/harness/core-services";
import { originalKey, thumbnailKey } from "../lib/blob-keys";
import { DUMMY_HASH } from "../lib/password";
import { findUser, insertUser, updateUser } from "../repositories/users";
import { toUser } from "./accounts-presenter";
import { deleteUser, resetPasswordFromTerminal, updateUserAsAdmin, type AdminRequest } from "./admin-users";
import { pageAuditLog } from "./audit";
import { resumeSession, startSession } from "./sessions";
import { signIn } from "./sign-in";

const client = { ip: "192.0.2.7", userAgent: null };

describe("the admin's user management", () => {
  let services: TestServices;
  let admin: AdminRequest;
  beforeEach(async () => {
    services = await testServices();
    const row = await seedUser("u-ana", "Ana", "admin");
    admin = { actor: toUser(row, false), sessionId: "ana-session", client };
  });
  afterEach(() => services.close());

  const seedUser = (id: string, name: string, role: Role = "member") =>
    insertUser(services.db, {
      id,
      email: `${name.toLowerCase()}@example.com`,
      name,
      passwordHash: DUMMY_HASH,
      now: services.now(),
      role,
    });

  /** Rows the drive would have made: tests may write SQL, and this keeps them apart from the drive's own functions. */
  async function seedFile(
    ownerId: string,
    id: string,
    name: string,
    blobId: string | null,
    parentId: string | null = null,
  ) {
    const sql = (services.db as unknown as { $client: Client }).$client;
    const now = services.now();
    if (blobId) {
      await sql.execute({
        sql: "INSERT OR IGNORE INTO blobs (id, key, size, sha256, created_at) VALUES (?, ?, 3, ?, ?)",
        args: [blobId, originalKey(blobId), `sha-${blobId}`, now],
      });
      await services.bucket.put(originalKey(blobId), "abc");
      await services.bucket.put(thumbnailKey(blobId, 240), "thumb");
    }
    await sql.execute({
      sql: `INSERT INTO files (id, owner_id, parent_id, name, kind, size, blob_id, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [id, ownerId, parentId, name, blobId ? "file" : "folder", blobId ? 3 : 0, blobId, now, now],
    });
  }

  async function filesOf(ownerId: string) {
    const sql = (services.db as unknown as { $client: Client }).$client;
    const { rows } = await sql.execute({
      sql: "SELECT id, name, parent_id FROM files WHERE owner_id = ? ORDER BY name",
      args: [ownerId],
    });
    return rows.map((r) => ({ id: r.id, name: r.name, parentId: r.parent_id }));
  }

  it("disabling a user ends their sessions at once", async () => {
    const ben = await seedUser("u-ben", "Ben");
    const { token } = await startSession(services, ben, client);
    const view = await updateUserAsAdmin(services, admin, ben.id, { disabled: true });
    expect(view.disabled).toBe(true);
    expect(await resumeSession(services, token, client)).toBeUndefined();
    const { entries } = await pageAuditLog(services, { user: ben.id });
    expect(entries[0]).toMatchObject({
      action: "admin.user.update",
      actorEmail: "ana@example.com",
      detail: { disabled: true },
    });
  });

  it("an admin cannot demote, disable or delete themselves", async () => {
    const self = admin.actor.id;
    await expect(updateUserAsAdmin(services, admin, self, { role: "member" })).rejects.toMatchObject({ status: 403 });
    await expect(updateUserAsAdmin(services, admin, self, { disabled: true })).rejects.toMatchObject({ status: 403 });
    await expect(deleteUser(services, admin, self, { transferTo: "u-ben" })).rejects.toMatchObject({ status: 403 });
  });

  it("deleting a user can hand their files to another, in a folder named after them", async () => {
    const ben = await seedUser("u-ben", "Ben");
    await seedFile(ben.id, "f-trip", "Trip", null);
    await seedFile(ben.id, "f-photo", "beach.jpg", "b-beach", "f-trip");
    await seedFile(admin.actor.id, "f-own", "Files from Ben", null);

    await deleteUser(services, admin, ben.id, { transferTo: admin.actor.id });
    expect(await findUser(services.db, ben.id)).toBeUndefined();
    const files = await filesOf(admin.actor.id);
    const folder = files.find((f) => f.name === "Files from Ben (1)")!;
    expect(files).toEqual([
      { id: "f-own", name: "Files from Ben", parentId: null },
      { id: folder.id, name: "Files from Ben (1)", parentId: null },
      { id: "f-trip", name: "Trip", parentId: folder.id },
      { id: "f-photo", name: "beach.jpg", parentId: "f-trip" },
    ]);
    expect(services.memory.objects.has(originalKey("b-beach"))).toBe(true);
  });

  it("deleting a user with their files needs their name typed, and removes the bytes no one else uses", async () => {
    const ben = await seedUser("u-ben", "Ben");
    const cleo = await seedUser("u-cleo", "Cleo");
    await seedFile(ben.id, "f-mine", "mine.jpg", "b-mine");
    await seedFile(ben.id, "f-shared", "shared.jpg", "b-shared");
    await seedFile(cleo.id, "f-cleos", "same bytes.jpg", "b-shared");

    const unconfirmed = deleteUser(services, admin, ben.id, { deleteFiles: true, confirmName: "ben" });
    await expect(unconfirmed).rejects.toMatchObject({ status: 400, code: "confirmation_mismatch" });
    expect(await findUser(services.db, ben.id)).toBeDefined();

    await deleteUser(services, admin, ben.id, { deleteFiles: true, confirmName: "Ben" });
    expect(await findUser(services.db, ben.id)).toBeUndefined();
    expect(await filesOf(ben.id)).toEqual([]);
    expect([...services.memory.objects.keys()].sort()).toEqual(
      [originalKey("b-shared"), thumbnailKey("b-shared", 240)].sort(),
    );
  });

  it("`hearth admin reset-password`: a working new password, sessions ended, account enabled, 2FA off", async () => {
    const ben = await seedUser("u-ben", "Ben");
    const { token } = await startSession(services, ben, client);
    await updateUser(services.db, ben.id, { totpSecret: "JBSWY3DPEHPK3PXP" });
    await updateUserAsAdmin(services, admin, ben.id, { disabled: true });
    const reset = await resetPasswordFromTerminal(services, { email: " BEN@example.com", disableTwoFactor: true });
    expect(reset.email).toBe("ben@example.com");
    expect(await resumeSession(services, token, client)).toBeUndefined();
    const signedIn = await signIn(services, { email: "ben@example.com", password: reset.password }, client);
    expect(signedIn.kind).toBe("signed-in"); // not "two-factor": it was turned off
    const { entries } = await pageAuditLog(services, { action: "admin.user.reset_password" });
    expect(entries[0]).toMatchObject({ actorId: null, targetId: ben.id, detail: { twoFactorDisabled: true } });
    await expect(
      resetPasswordFromTerminal(services, { email: "nobody@example.com", disableTwoFactor: false }),
    ).rejects.toMatchObject({
      status: 404,
    });
  });
});
