import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testServices, type TestServices } from "../../tests/harness/core-services";
import { HttpError } from "../lib/errors";
import { newId } from "../lib/ids";
import { hashPassword } from "../lib/password";
import { insertUser, updateUser } from "../repositories/users";
import { resumeSession } from "./sessions";
import { signIn, signInWithSecondFactor } from "./sign-in";

const client = { ip: "192.0.2.7", userAgent: null };
const password = "correct horse battery";
const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const codeAt = (ms: number) => generateHOTP(decodeBase32IgnorePadding(secret), BigInt(Math.floor(ms / 30_000)), 6);

async function refusal(attempt: Promise<unknown>): Promise<HttpError> {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof HttpError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

describe("signing in", () => {
  let services: TestServices;
  let passwordHash: string;
  beforeAll(async () => {
    passwordHash = await hashPassword(password);
  });
  beforeEach(async () => {
    services = await testServices();
  });
  afterEach(() => services.close());

  const seedAna = () =>
    insertUser(services.db, {
      id: newId(),
      email: "ana@example.com",
      name: "Ana",
      passwordHash,
      now: services.now(),
      role: "admin",
    });

  it("the right password starts a session", async () => {
    const ana = await seedAna();
    const result = await signIn(services, { email: " ANA@example.com", password }, client);
    expect(result.kind).toBe("signed-in");
    if (result.kind !== "signed-in") return;
    expect((await resumeSession(services, result.token, client))?.user.id).toBe(ana.id);
  });

  it("a wrong password and an unknown email get the same answer", async () => {
    await seedAna();
    const wrong = await refusal(signIn(services, { email: "ana@example.com", password: "not the password" }, client));
    const unknown = await refusal(signIn(services, { email: "nobody@example.com", password }, client));
    expect([wrong.status, wrong.code, wrong.message]).toEqual([
      401,
      "invalid_credentials",
      "That email and password do not match.",
    ]);
    expect([unknown.status, unknown.code, unknown.message]).toEqual([wrong.status, wrong.code, wrong.message]);
  });

  it("a disabled account cannot sign in, even with the right password", async () => {
    const ana = await seedAna();
    await updateUser(services.db, ana.id, { disabledAt: services.now() });
    expect((await refusal(signIn(services, { email: "ana@example.com", password }, client))).code).toBe(
      "invalid_credentials",
    );
  });

  it("with two-factor sign-in on, the password gives only a challenge; a code then signs in, once", async () => {
    const ana = await seedAna();
    await updateUser(services.db, ana.id, { totpSecret: secret });
    const first = await signIn(services, { email: "ana@example.com", password }, client);
    if (first.kind !== "two-factor") throw new Error("expected a challenge");
    const { challenge } = first.challenge;

    const wrongCode = await refusal(signInWithSecondFactor(services, { challenge, code: "000000" }, client));
    expect(wrongCode.code).toBe("invalid_code");
    const signedIn = await signInWithSecondFactor(services, { challenge, code: codeAt(services.now()) }, client);
    expect(signedIn.user.id).toBe(ana.id);
    const reused = await refusal(signInWithSecondFactor(services, { challenge, code: codeAt(services.now()) }, client));
    expect(reused.code).toBe("challenge_expired");
  });
});
