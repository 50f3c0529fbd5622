import type { Client } from "@libsql/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testServices, type TestServices } from "../../tests/harness/core-services";
import { DUMMY_HASH } from "../lib/password";
import { insertUser, updateUser } from "../repositories/users";
import { toUser } from "./accounts-presenter";
import {
  assertMayUse,
  endEverySession,
  forgetExpiredSignIns,
  resumeSession,
  revokeSession,
  SESSION_LIFETIME_MS,
  sessionsOf,
  startSession,
} from "./sessions";

const laptop = { ip: "192.0.2.7", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/140.0" };
const phone = { ip: "198.51.100.3", userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0) Version/18.0 Safari/605.1" };
const DAY = 24 * 3600_000;

describe("sessions", () => {
  let services: TestServices;
  beforeEach(async () => {
    services = await testServices();
  });
  afterEach(() => services.close());

  const seedAna = () =>
    insertUser(services.db, {
      id: "u-ana",
      email: "ana@example.com",
      name: "Ana",
      passwordHash: DUMMY_HASH,
      now: services.now(),
      role: "member",
    });

  it("a session used within its lifetime lasts another lifetime; one left unused ends", async () => {
    const ana = await seedAna();
    const { token } = await startSession(services, ana, laptop);
    services.advance(SESSION_LIFETIME_MS - DAY);
    expect(await resumeSession(services, token, laptop)).toMatchObject({ renewed: true });
    services.advance(SESSION_LIFETIME_MS - DAY);
    expect(await resumeSession(services, token, laptop)).toBeDefined();
    services.advance(SESSION_LIFETIME_MS + 1);
    expect(await resumeSession(services, token, laptop)).toBeUndefined();
  });

  it("a session's last use is written at most once a minute", async () => {
    const ana = await seedAna();
    const { token } = await startSession(services, ana, laptop);
    services.advance(30_000);
    expect((await resumeSession(services, token, laptop))?.renewed).toBe(false);
    services.advance(31_000);
    expect((await resumeSession(services, token, laptop))?.renewed).toBe(true);
  });

  it("a disabled user's sessions stop working at once", async () => {
    const ana = await seedAna();
    const { token } = await startSession(services, ana, laptop);
    await updateUser(services.db, ana.id, { disabledAt: services.now() });
    expect(await resumeSession(services, token, laptop)).toBeUndefined();
  });

  it("lists sessions by device; revoking one ends only that one, signing out everywhere ends all", async () => {
    const row = await seedAna();
    const ana = toUser(row, false);
    const onLaptop = await startSession(services, row, laptop);
    services.advance(1000);
    const onPhone = await startSession(services, row, phone);
    const laptopSession = (await resumeSession(services, onLaptop.token, laptop))!;
    const { sessions } = await sessionsOf(services, ana, laptopSession.sessionId);
    expect(sessions.map((s) => [s.device, s.current])).toEqual([
      ["Safari on iOS", false],
      ["Firefox on Linux", true],
    ]);

    await revokeSession(services, ana, sessions[0]!.id, laptop);
    expect(await resumeSession(services, onPhone.token, phone)).toBeUndefined();
    expect(await resumeSession(services, onLaptop.token, laptop)).toBeDefined();
    await expect(revokeSession(services, ana, "not-a-session", laptop)).rejects.toMatchObject({ status: 404 });

    await startSession(services, row, phone);
    await endEverySession(services, ana, laptop);
    expect((await sessionsOf(services, ana, laptopSession.sessionId)).sessions).toEqual([]);
  });

  it("a user who must enrol in two-factor sign-in may only enrol or sign out", async () => {
    const ana = toUser(await seedAna(), true);
    expect(ana.mustEnrollTwoFactor).toBe(true);
    for (const path of ["/api/me", "/api/me/two-factor/setup", "/api/me/two-factor/enable", "/api/auth/logout"])
      expect(() => assertMayUse(ana, path)).not.toThrow();
    expect(() => assertMayUse(ana, "/api/files")).toThrow(
      expect.objectContaining({ status: 403, code: "two_factor_required" }),
    );
    expect(() => assertMayUse({ ...ana, mustEnrollTwoFactor: false }, "/api/files")).not.toThrow();
  });

  it("housekeeping deletes the rows of expired sessions, and only those", async () => {
    const row = await seedAna();
    await startSession(services, row, laptop);
    services.advance(SESSION_LIFETIME_MS - DAY);
    const recent = await startSession(services, row, phone);
    services.advance(2 * DAY);
    const sql = (services.db as unknown as { $client: Client }).$client;
    const stored = async () => (await sql.execute("SELECT user_agent FROM sessions")).rows.map((r) => r.user_agent);
    expect(await stored()).toHaveLength(2);
    await forgetExpiredSignIns(services);
    expect(await stored()).toEqual([phone.userAgent]);
    expect(await resumeSession(services, recent.token, phone)).toBeDefined();
  });
});
