/** Queries on app passwords (WebDAV sign-in): rows in, rows out. */
import { and, desc, eq } from "drizzle-orm";
import { schema, type Database } from "./database";

const { appPasswords, users } = schema;

export type AppPasswordRow = typeof appPasswords.$inferSelect;
export type UserRow = typeof users.$inferSelect;

export async function insertAppPassword(db: Database, row: typeof appPasswords.$inferInsert): Promise<void> {
  await db.insert(appPasswords).values(row);
}

export async function listAppPasswords(db: Database, userId: string): Promise<AppPasswordRow[]> {
  return db.select().from(appPasswords).where(eq(appPasswords.userId, userId)).orderBy(desc(appPasswords.createdAt));
}

/** Deletes one of the user's app passwords; false when the user has no such password. */
export async function deleteAppPassword(db: Database, userId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(appPasswords)
    .where(and(eq(appPasswords.id, id), eq(appPasswords.userId, userId)))
    .returning({ id: appPasswords.id });
  return rows.length > 0;
}

/** The user's password with this hash, if any. */
export async function findAppPasswordByHash(
  db: Database,
  userId: string,
  tokenHash: string,
): Promise<AppPasswordRow | undefined> {
  const [row] = await db
    .select()
    .from(appPasswords)
    .where(and(eq(appPasswords.tokenHash, tokenHash), eq(appPasswords.userId, userId)))
    .limit(1);
  return row;
}

export async function markAppPasswordUsed(
  db: Database,
  id: string,
  use: { at: number; client: string | null; ip: string | null },
): Promise<void> {
  await db
    .update(appPasswords)
    .set({ lastUsedAt: use.at, lastUsedClient: use.client, lastUsedIp: use.ip })
    .where(eq(appPasswords.id, id));
}
