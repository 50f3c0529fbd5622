import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testServices, type TestServices } from "../../tests/harness/core-services";
import { writeSettings } from "../repositories/settings";
import { DUMMY_HASH } from "../lib/password";
import { countUsers, insertUser } from "../repositories/users";
import { toUser } from "./accounts-presenter";
import { pageAuditLog } from "./audit";
import { createInvite, describeInvite } from "./invites";
import { register, setupStatus } from "./registration";
import { resumeSession } from "./sessions";

const client = { ip: "192.0.2.7", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" };
const password = "correct horse battery";

describe("registration", () => {
  let services: TestServices;
  beforeEach(async () => {
    services = await testServices();
  });
  afterEach(() => services.close());

  /** An admin seeded directly: no password hashing, which costs a tenth of a second each. */
  async function seedAdmin() {
    const row = await insertUser(services.db, {
      id: "u-ana",
      email: "ana@example.com",
      name: "Ana",
      passwordHash: DUMMY_HASH,
      now: services.now(),
      role: "admin",
    });
    return { user: toUser(row, false) };
  }

  it("the first account becomes the admin, is signed in, and registration then closes", async () => {
    expect((await setupStatus(services, "1.0")).needsSetup).toBe(true);
    const ana = await register(services, { email: "Ana@Example.com", password, name: "Ana" }, client);
    expect(ana.user).toMatchObject({ email: "ana@example.com", role: "admin" });
    expect((await resumeSession(services, ana.token, client))?.user.id).toBe(ana.user.id);
    expect(await setupStatus(services, "1.0")).toEqual({ needsSetup: false, registrationOpen: false, version: "1.0" });

    const ben = register(services, { email: "ben@example.com", password, name: "Ben" }, client);
    await expect(ben).rejects.toMatchObject({ status: 403, code: "registration_closed" });
    expect(await countUsers(services.db)).toBe(1);
    const { entries } = await pageAuditLog(services, { action: "user.register" });
    expect(entries.map((e) => e.detail)).toEqual([{ role: "admin", via: "first-run" }]);
  });

  it("when the admin opens registration, new accounts are members", async () => {
    await seedAdmin();
    await writeSettings(services.db, { registrationOpen: true });
    const ben = await register(services, { email: "ben@example.com", password, name: "Ben" }, client);
    expect(ben.user.role).toBe("member");
  });

  it("an invite works once, only for its email, and not after it expires", async () => {
    const ana = await seedAdmin();
    const publicUrl = "https://hearth.example";
    const forBen = { email: "ben@example.com", role: "admin" as const, expiresInHours: 2 };
    const invite = await createInvite(services, { actor: ana.user, body: forBen, publicUrl, client });
    const token = invite.url.split("/invite/")[1]!;
    expect(await describeInvite(services, token)).toMatchObject({
      email: "ben@example.com",
      role: "admin",
      invitedBy: "Ana",
    });

    const asCleo = register(
      services,
      { email: "cleo@example.com", password, name: "Cleo", inviteToken: token },
      client,
    );
    await expect(asCleo).rejects.toMatchObject({ status: 403 });
    const ben = await register(
      services,
      { email: "ben@example.com", password, name: "Ben", inviteToken: token },
      client,
    );
    expect(ben.user.role).toBe("admin");
    const again = register(services, { email: "ben2@example.com", password, name: "Ben", inviteToken: token }, client);
    await expect(again).rejects.toMatchObject({ status: 410, code: "invite_used" });

    const open = await createInvite(services, { actor: ana.user, body: { expiresInHours: 2 }, publicUrl, client });
    services.advance(2 * 3600_000);
    const late = describeInvite(services, open.url.split("/invite/")[1]!);
    await expect(late).rejects.toMatchObject({ status: 410, code: "invite_expired" });
  });

  it("an invite cannot last longer than 30 days", async () => {
    const ana = await seedAdmin();
    const tooLong = createInvite(services, { actor: ana.user, body: { expiresInHours: 721 }, publicUrl: "", client });
    await expect(tooLong).rejects.toMatchObject({ status: 400, code: "invalid_expiry" });
  });
});
