/** Rows of failed sign-in counts (login_throttle), one per key such as `account:<email>` or `ip:<address>`. */
import { inArray } from "drizzle-orm";
import { schema, type Database } from "./database";

const { loginThrottle } = schema;

export type ThrottleRow = typeof loginThrottle.$inferSelect;

export async function findThrottleRows(db: Database, keys: string[]): Promise<ThrottleRow[]> {
  if (keys.length === 0) return [];
  return db.select().from(loginThrottle).where(inArray(loginThrottle.key, keys));
}

/** Writes each row, replacing what its key held. */
export async function saveThrottleRows(db: Database, rows: ThrottleRow[]): Promise<void> {
  for (const row of rows) {
    const { key, ...values } = row;
    await db.insert(loginThrottle).values(row).onConflictDoUpdate({ target: loginThrottle.key, set: values });
  }
}

export async function deleteThrottleRows(db: Database, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await db.delete(loginThrottle).where(inArray(loginThrottle.key, keys));
}
