import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testServices, type TestServices } from "../../tests/harness/core-services";
import { DUMMY_HASH, hashPassword } from "../lib/password";
import { writeSettings } from "../repositories/settings";
import { findUser, insertUser, updateUser } from "../repositories/users";
import { toUser } from "./accounts-presenter";
import { disableTwoFactor, enableTwoFactor, startTwoFactorSetup, useSecondFactor } from "./two-factor";

const client = { ip: "192.0.2.7", userAgent: null };
const codeAt = (secret: string, ms: number) =>
  generateHOTP(decodeBase32IgnorePadding(secret), BigInt(Math.floor(ms / 30_000)), 6);

describe("two-factor sign-in", () => {
  let services: TestServices;
  beforeEach(async () => {
    services = await testServices();
  });
  afterEach(() => services.close());

  /** Ana with two-factor sign-in enrolled; returns her secret and recovery codes. */
  async function enrolledAna() {
    const row = await insertUser(services.db, {
      id: "u-ana",
      email: "ana@example.com",
      name: "Ana",
      passwordHash: DUMMY_HASH,
      now: services.now(),
      role: "member",
    });
    const ana = toUser(row, false);
    const { secret, otpauthUrl } = await startTwoFactorSetup(services, ana);
    expect(otpauthUrl).toContain("ana%40example.com");
    const { recoveryCodes } = await enableTwoFactor(services, ana, codeAt(secret, services.now()), client);
    return { ana, secret, recoveryCodes, row: (await findUser(services.db, ana.id))! };
  }

  it("enrolling needs a code from the new secret, and that code cannot then sign in", async () => {
    const row = await insertUser(services.db, {
      id: "u-ana",
      email: "ana@example.com",
      name: "Ana",
      passwordHash: DUMMY_HASH,
      now: services.now(),
      role: "member",
    });
    const ana = toUser(row, false);
    const { secret } = await startTwoFactorSetup(services, ana);
    await expect(enableTwoFactor(services, ana, "123456", client)).rejects.toMatchObject({ code: "invalid_code" });
    const code = codeAt(secret, services.now());
    const { recoveryCodes } = await enableTwoFactor(services, ana, code, client);
    expect(recoveryCodes).toHaveLength(10);
    expect(await useSecondFactor(services, (await findUser(services.db, ana.id))!, code)).toBeNull();
  });

  it("a TOTP code works once per 30-second step; the next step's code works", async () => {
    const { secret, row } = await enrolledAna();
    services.advance(30_000);
    const code = codeAt(secret, services.now());
    expect(await useSecondFactor(services, row, code)).toBe("totp");
    expect(await useSecondFactor(services, row, code)).toBeNull();
    // A code of an earlier step is refused too, though still within the clock-drift window.
    expect(await useSecondFactor(services, row, codeAt(secret, services.now() - 30_000))).toBeNull();
    services.advance(30_000);
    expect(await useSecondFactor(services, row, codeAt(secret, services.now()))).toBe("totp");
  });

  it("a code from too far in the past or future is refused", async () => {
    const { secret, row } = await enrolledAna();
    services.advance(5 * 60_000);
    expect(await useSecondFactor(services, row, codeAt(secret, services.now() - 90_000))).toBeNull();
    expect(await useSecondFactor(services, row, codeAt(secret, services.now() + 90_000))).toBeNull();
  });

  it("each recovery code works once, however it is typed", async () => {
    const { recoveryCodes, row } = await enrolledAna();
    const [first, second] = recoveryCodes as [string, string];
    expect(await useSecondFactor(services, row, first)).toBe("recovery");
    expect(await useSecondFactor(services, row, first)).toBeNull();
    expect(await useSecondFactor(services, row, second.toUpperCase().replace("-", ""))).toBe("recovery");
  });

  it("turning it off needs the password, and is refused while the household requires it", async () => {
    const { ana, row, recoveryCodes } = await enrolledAna();
    await updateUser(services.db, ana.id, { passwordHash: await hashPassword("correct horse battery") });
    const wrong = disableTwoFactor(services, ana, "not the password", client);
    await expect(wrong).rejects.toMatchObject({ status: 403, code: "wrong_password" });
    await writeSettings(services.db, { requireTwoFactor: true });
    const required = disableTwoFactor(services, ana, "correct horse battery", client);
    await expect(required).rejects.toMatchObject({ status: 403, code: "two_factor_required" });
    await writeSettings(services.db, { requireTwoFactor: false });
    await disableTwoFactor(services, ana, "correct horse battery", client);
    expect((await findUser(services.db, ana.id))?.totpSecret).toBeNull();
    // Its recovery codes went with it.
    expect(await useSecondFactor(services, row, recoveryCodes[0]!)).toBeNull();
  });
});
