/** Queries on invitation links. */
import { and, desc, eq, isNull } from "drizzle-orm";
import { schema, type Database } from "./database";

const { invites } = schema;

export type InviteRow = typeof invites.$inferSelect;

export async function insertInvite(db: Database, row: typeof invites.$inferInsert): Promise<InviteRow> {
  const [created] = await db.insert(invites).values(row).returning();
  if (!created) throw new Error("invite insert returned nothing");
  return created;
}

export async function findInviteByTokenHash(db: Database, tokenHash: string): Promise<InviteRow | undefined> {
  return db.query.invites.findFirst({ where: eq(invites.tokenHash, tokenHash) });
}

export async function listInvites(db: Database): Promise<InviteRow[]> {
  return db.select().from(invites).orderBy(desc(invites.createdAt)).limit(200);
}

/** Marks an unused invite used; false when someone else used it first. */
export async function consumeInvite(db: Database, id: string, userId: string, now: number): Promise<boolean> {
  const rows = await db
    .update(invites)
    .set({ usedAt: now, usedBy: userId })
    .where(and(eq(invites.id, id), isNull(invites.usedAt)))
    .returning({ id: invites.id });
  return rows.length > 0;
}

export async function deleteInvite(db: Database, id: string): Promise<boolean> {
  const rows = await db.delete(invites).where(eq(invites.id, id)).returning({ id: invites.id });
  return rows.length > 0;
}
