import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testServices, type TestServices } from "../../tests/harness/core-services";
import { pageAuditLog, recordAudit } from "./audit";

describe("the audit log", () => {
  let services: TestServices;
  beforeEach(async () => {
    services = await testServices();
  });
  afterEach(() => services.close());

  const ana = { id: "u-ana", email: "ana@example.com" };
  const ben = { id: "u-ben", email: "ben@example.com" };

  it("records who did what, from where and when, with its detail", async () => {
    const detail = { reason: "wrong password" };
    await recordAudit(services, { action: "login", success: false, actor: ana, ip: "192.0.2.7", detail });
    const { entries } = await pageAuditLog(services, {});
    expect(entries).toEqual([
      {
        id: expect.any(Number),
        at: new Date(services.now()).toISOString(),
        action: "login",
        success: false,
        actorId: "u-ana",
        actorEmail: "ana@example.com",
        ip: "192.0.2.7",
        targetType: null,
        targetId: null,
        detail: { reason: "wrong password" },
      },
    ]);
  });

  it("pages newest first, and the last page says there is no next one", async () => {
    for (let i = 0; i < 7; i++) await recordAudit(services, { action: `test.step_${i}`, actor: ana });
    const first = await pageAuditLog(services, { limit: "3" });
    expect(first.entries.map((e) => e.action)).toEqual(["test.step_6", "test.step_5", "test.step_4"]);
    const second = await pageAuditLog(services, { limit: "3", before: String(first.nextBefore) });
    expect(second.entries.map((e) => e.action)).toEqual(["test.step_3", "test.step_2", "test.step_1"]);
    const last = await pageAuditLog(services, { limit: "3", before: String(second.nextBefore) });
    expect(last.entries.map((e) => e.action)).toEqual(["test.step_0"]);
    expect(last.nextBefore).toBeNull();
  });

  it("filters by a user, acting or acted on, and by the start of an action", async () => {
    await recordAudit(services, { action: "login", actor: ana });
    await recordAudit(services, { action: "admin.user.update", actor: ben, targetType: "user", targetId: ana.id });
    await recordAudit(services, { action: "login", actor: ben });
    const anas = await pageAuditLog(services, { user: ana.id });
    expect(anas.entries.map((e) => e.action)).toEqual(["admin.user.update", "login"]);
    const admin = await pageAuditLog(services, { action: "admin." });
    expect(admin.entries.map((e) => e.actorEmail)).toEqual(["ben@example.com"]);
  });

  it("refuses filters that are not an action prefix or an entry id", async () => {
    const badAction = pageAuditLog(services, { action: "login'; drop" });
    await expect(badAction).rejects.toMatchObject({ status: 400, code: "invalid_action" });
    await expect(pageAuditLog(services, { before: "x" })).rejects.toMatchObject({
      status: 400,
      code: "invalid_before",
    });
  });
});
