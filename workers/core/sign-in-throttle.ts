/**
 * Growing delays after failed sign-ins, per account and per address. After a few free tries each
 * further failure doubles the wait (1 s, 2 s, 4 s ... up to 15 minutes); an hour without
 * failures forgets them. Kept in the database so every isolate and restart sees the same count.
 */
import { HttpError } from "../lib/errors";
import { deleteThrottleRows, findThrottleRows, saveThrottleRows, type ThrottleRow } from "../repositories/throttle";
import type { Services } from "./services";

const FORGET_AFTER_MS = 3600_000;
const MAX_DELAY_MS = 15 * 60_000;

/** Tries before delays start (the last of them starts the first delay): an address may be a whole household. */
const FREE_TRIES = { account: 3, ip: 10, ceiling: 30 } as const;

/**
 * What is counted: an account (its email, or another secret's id such as a share), a client
 * address, or a secret's ceiling (every visitor's failures together: many addresses guessing one
 * share password are slowed too, long after one visitor's own few tries).
 */
export type ThrottleKey =
  { kind: "account"; value: string } | { kind: "ip"; value: string } | { kind: "ceiling"; value: string };

/** The throttle needs only the database and the clock (the `hearth admin` command has no more). */
export type ThrottleServices = Pick<Services, "db" | "now">;

const keyOf = (k: ThrottleKey) => `${k.kind}:${k.value}`;

/** How long to wait after the `failures`-th failure in a row: 0 for the free tries, then doubling. */
export function delayAfter(kind: ThrottleKey["kind"], failures: number): number {
  const over = failures - FREE_TRIES[kind];
  return over < 0 ? 0 : Math.min(MAX_DELAY_MS, 1000 * 2 ** over);
}

/** The throttle key of an account, so other rules (a password reset) can clear it. */
export function accountKey(email: string): ThrottleKey {
  return { kind: "account", value: email };
}

const remembered = (row: ThrottleRow, now: number) => now - row.lastFailureAt < FORGET_AFTER_MS;

/** Throws 429 with Retry-After when any of the keys is still waiting. */
export async function assertNotThrottled(services: ThrottleServices, keys: ThrottleKey[]): Promise<void> {
  const now = services.now();
  const rows = await findThrottleRows(services.db, keys.map(keyOf));
  const until = Math.max(0, ...rows.filter((r) => remembered(r, now)).map((r) => r.blockedUntil));
  if (until > now) {
    const seconds = Math.ceil((until - now) / 1000);
    const wait = `${seconds} second${seconds === 1 ? "" : "s"}`;
    const error = new HttpError(429, "too_many_attempts", `Too many failed sign-ins. Try again in ${wait}.`);
    error.retryAfter = seconds;
    throw error;
  }
}

/** Counts a failure against every key and sets how long each must now wait. */
export async function recordFailure(services: ThrottleServices, keys: ThrottleKey[]): Promise<void> {
  const now = services.now();
  const known = new Map((await findThrottleRows(services.db, keys.map(keyOf))).map((r) => [r.key, r]));
  const rows = keys.map((key): ThrottleRow => {
    const row = known.get(keyOf(key));
    const failures = row && remembered(row, now) ? row.failures + 1 : 1;
    return { key: keyOf(key), failures, lastFailureAt: now, blockedUntil: now + delayAfter(key.kind, failures) };
  });
  await saveThrottleRows(services.db, rows);
}

/** Forgets the failures of these keys (after a success). */
export async function clearFailures(services: ThrottleServices, keys: ThrottleKey[]): Promise<void> {
  await deleteThrottleRows(services.db, keys.map(keyOf));
}
