import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HttpError } from "../lib/errors";
import { testServices, type TestServices } from "../../tests/harness/core-services";
import { assertNotThrottled, clearFailures, delayAfter, recordFailure, type ThrottleKey } from "./sign-in-throttle";

/** The seconds a 429 asks to wait, or 0 when the keys may try now. */
async function waitAsked(services: TestServices, keys: ThrottleKey[]): Promise<number> {
  try {
    await assertNotThrottled(services, keys);
    return 0;
  } catch (error) {
    if (!(error instanceof HttpError) || error.status !== 429) throw error;
    return error.retryAfter!;
  }
}

describe("sign-in throttling", () => {
  let services: TestServices;
  beforeEach(async () => {
    services = await testServices();
  });
  afterEach(() => services.close());

  const account: ThrottleKey[] = [{ kind: "account", value: "ana@example.com" }];

  it("an account has three tries without waiting; then each failure doubles the wait, up to 15 minutes", () => {
    expect([1, 2].map((n) => delayAfter("account", n))).toEqual([0, 0]);
    expect([3, 4, 5, 6].map((n) => delayAfter("account", n))).toEqual([1000, 2000, 4000, 8000]);
    expect(delayAfter("account", 40)).toBe(15 * 60_000);
  });

  it("an address has ten tries without waiting: a household shares one router", () => {
    expect(delayAfter("ip", 9)).toBe(0);
    expect(delayAfter("ip", 10)).toBe(1000);
  });

  it("recorded failures make the account wait, and the wait doubles with each further failure", async () => {
    for (let i = 0; i < 2; i++) await recordFailure(services, account);
    expect(await waitAsked(services, account)).toBe(0);
    await recordFailure(services, account);
    expect(await waitAsked(services, account)).toBe(1);
    services.advance(1000);
    expect(await waitAsked(services, account)).toBe(0);
    await recordFailure(services, account);
    expect(await waitAsked(services, account)).toBe(2);
    await recordFailure(services, account);
    expect(await waitAsked(services, account)).toBe(4);
  });

  it("one waiting key holds back a request that names several", async () => {
    for (let i = 0; i < 3; i++) await recordFailure(services, account);
    expect(await waitAsked(services, [{ kind: "ip", value: "192.0.2.7" }])).toBe(0);
    expect(await waitAsked(services, [{ kind: "ip", value: "192.0.2.7" }, ...account])).toBe(1);
  });

  it("an hour without failures forgets them, and a success clears them at once", async () => {
    for (let i = 0; i < 6; i++) await recordFailure(services, account);
    services.advance(3600_000);
    await recordFailure(services, account);
    expect(await waitAsked(services, account)).toBe(0);
    for (let i = 0; i < 6; i++) await recordFailure(services, account);
    expect(await waitAsked(services, account)).toBeGreaterThan(0);
    await clearFailures(services, account);
    expect(await waitAsked(services, account)).toBe(0);
  });
});
