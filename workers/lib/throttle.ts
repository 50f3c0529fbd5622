/**
 * Growing delays after failed sign-ins, per account and per address. After a few free tries each
 * further failure doubles the wait (1 s, 2 s, 4 s ... up to 15 minutes); an hour without
 * failures forgets them. Stored in the database so every isolate and restart sees the same count.
 */
import { eq, inArray } from "drizzle-orm";
import { schema, type Database } from "../repositories/database";
import { HttpError } from "./errors";

const { loginThrottle } = schema;

const FORGET_AFTER_MS = 3600_000;
const MAX_DELAY_MS = 15 * 60_000;

/** Free tries before delays start: an address may be a whole household behind one router. */
const FREE_TRIES = { account: 3, ip: 10 } as const;

export type ThrottleKey = { kind: "account"; value: string } | { kind: "ip"; value: string };

const keyOf = (k: ThrottleKey) => `${k.kind}:${k.value}`;

export function delayAfter(kind: ThrottleKey["kind"], failures: number): number {
  const over = failures - FREE_TRIES[kind];
  return over < 0 ? 0 : Math.min(MAX_DELAY_MS, 1000 * 2 ** over);
}

/** Throws 429 with Retry-After when any of the keys is still waiting. */
export async function assertNotThrottled(db: Database, keys: ThrottleKey[], now: number): Promise<void> {
  const rows = await db.select().from(loginThrottle).where(inArray(loginThrottle.key, keys.map(keyOf)));
  const until = Math.max(0, ...rows.filter((r) => now - r.lastFailureAt < FORGET_AFTER_MS).map((r) => r.blockedUntil));
  if (until > now) {
    const seconds = Math.ceil((until - now) / 1000);
    const error = new HttpError(429, "too_many_attempts", `Too many failed sign-ins. Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`);
    error.retryAfter = seconds;
    throw error;
  }
}

export async function recordFailure(db: Database, keys: ThrottleKey[], now: number): Promise<void> {
  for (const key of keys) {
    const id = keyOf(key);
    const [row] = await db.select().from(loginThrottle).where(eq(loginThrottle.key, id));
    const failures = row && now - row.lastFailureAt < FORGET_AFTER_MS ? row.failures + 1 : 1;
    const values = { failures, lastFailureAt: now, blockedUntil: now + delayAfter(key.kind, failures) };
    await db.insert(loginThrottle).values({ key: id, ...values }).onConflictDoUpdate({ target: loginThrottle.key, set: values });
  }
}

export async function clearFailures(db: Database, keys: ThrottleKey[]): Promise<void> {
  await db.delete(loginThrottle).where(inArray(loginThrottle.key, keys.map(keyOf)));
}
