/** Queries on share links. Whether a visitor may open one is decided in core/shares.ts. */
import { and, desc, eq, sql } from "drizzle-orm";
import { schema, type Database } from "./database";

const { shares, users } = schema;

export type ShareRow = typeof shares.$inferSelect;

export async function insertShare(db: Database, row: typeof shares.$inferInsert): Promise<ShareRow> {
  const [created] = await db.insert(shares).values(row).returning();
  if (!created) throw new Error("share insert returned nothing");
  return created;
}

/** The owner's links, newest first; only those of one item when `fileId` is given. */
export async function listShares(db: Database, ownerId: string, fileId?: string): Promise<ShareRow[]> {
  const mine = eq(shares.ownerId, ownerId);
  return db
    .select()
    .from(shares)
    .where(fileId === undefined ? mine : and(mine, eq(shares.fileId, fileId)))
    .orderBy(desc(shares.createdAt), shares.id)
    .limit(1000);
}

/** Deletes one of the owner's links; false when there is no such link of theirs. */
export async function deleteShare(db: Database, ownerId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(shares)
    .where(and(eq(shares.id, id), eq(shares.ownerId, ownerId)))
    .returning({ id: shares.id });
  return rows.length > 0;
}

/** A link by its token, with the display name (never the email) of the person who shared it. */
export async function findShareByToken(
  db: Database,
  token: string,
): Promise<{ share: ShareRow; ownerName: string } | undefined> {
  const [row] = await db
    .select({ share: shares, ownerName: users.name })
    .from(shares)
    .innerJoin(users, eq(users.id, shares.ownerId))
    .where(eq(shares.token, token))
    .limit(1);
  return row;
}

/** Counts one more opening of the link (in SQL, so concurrent opens are not lost). */
export async function countOpen(db: Database, id: string): Promise<void> {
  await db
    .update(shares)
    .set({ opens: sql`${shares.opens} + 1` })
    .where(eq(shares.id, id));
}
