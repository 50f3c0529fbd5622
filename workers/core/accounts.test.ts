import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testServices, type TestServices } from "../../tests/harness/core-services";
import { hashPassword, verifyPassword } from "../lib/password";
import { findUser, insertUser } from "../repositories/users";
import { changePassword, profile, updateProfile } from "./accounts";
import { toUser } from "./accounts-presenter";
import { pageAuditLog } from "./audit";
import { resumeSession, startSession } from "./sessions";

const laptop = { ip: "192.0.2.7", userAgent: "Firefox/140.0" };
const phone = { ip: "198.51.100.3", userAgent: "Safari/605.1" };

describe("the user's own account", () => {
  let services: TestServices;
  beforeEach(async () => {
    services = await testServices();
  });
  afterEach(() => services.close());

  it("a password change needs the current password and ends every other session", async () => {
    const row = await insertUser(services.db, {
      id: "u-ana",
      email: "ana@example.com",
      name: "Ana",
      passwordHash: await hashPassword("old password 1"),
      now: services.now(),
      role: "member",
    });
    const ana = toUser(row, false);
    const here = await startSession(services, row, laptop);
    const there = await startSession(services, row, phone);
    const { sessionId } = (await resumeSession(services, here.token, laptop))!;

    const wrong = changePassword(services, {
      user: ana,
      sessionId,
      currentPassword: "guess",
      newPassword: "new password 2",
      client: laptop,
    });
    await expect(wrong).rejects.toMatchObject({ status: 403, code: "wrong_password" });
    expect(await resumeSession(services, there.token, phone)).toBeDefined();

    await changePassword(services, {
      user: ana,
      sessionId,
      currentPassword: "old password 1",
      newPassword: "new password 2",
      client: laptop,
    });
    expect(await resumeSession(services, there.token, phone)).toBeUndefined();
    expect(await resumeSession(services, here.token, laptop)).toBeDefined();
    expect(await verifyPassword("new password 2", (await findUser(services.db, ana.id))!.passwordHash)).toBe(true);
    const { entries } = await pageAuditLog(services, { action: "password.change" });
    expect(entries.map((e) => e.success)).toEqual([true, false]);
  });

  it("the profile shows storage used and quota; only the name can be changed", async () => {
    const row = await insertUser(services.db, {
      id: "u-ana",
      email: "ana@example.com",
      name: "Ana",
      passwordHash: "",
      now: services.now(),
      role: "member",
      quotaBytes: 1000,
    });
    const ana = toUser(row, false);
    expect((await profile(services, ana)).user).toMatchObject({ usedBytes: 0, quotaBytes: 1000 });
    expect((await updateProfile(services, ana, { name: "  Ana María " })).user.name).toBe("Ana María");
    await expect(updateProfile(services, ana, {})).rejects.toMatchObject({ code: "nothing_to_change" });
    await expect(updateProfile(services, ana, { name: "bad\u202ename" })).rejects.toMatchObject({
      code: "invalid_name",
    });
  });
});
