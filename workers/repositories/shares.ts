/**
 * Queries on share links, and the one question every public request asks: is this item the
 * shared one or inside it, with nothing on the way in the trash?
 */
import { and, desc, eq, sql } from "drizzle-orm";
import type { PathStep, Share } from "@hearth/contract";
import { schema, type Database } from "./database";

const { shares, users } = schema;

export type ShareRow = typeof shares.$inferSelect;

/** The owner's view of a link; `publicUrl` is PUBLIC_URL (the link is `<publicUrl>/s/<token>`). */
export function toShare(row: ShareRow, publicUrl: string): Share {
  return {
    id: row.id,
    fileId: row.fileId,
    token: row.token,
    url: `${publicUrl.replace(/\/+$/, "")}/s/${row.token}`,
    createdAt: new Date(row.createdAt).toISOString(),
    expiresAt: row.expiresAt === null ? null : new Date(row.expiresAt).toISOString(),
    hasPassword: row.passwordHash !== null,
    allowDownload: row.allowDownload,
    opens: row.opens,
  };
}

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
export async function findShareByToken(db: Database, token: string): Promise<{ share: ShareRow; ownerName: string } | undefined> {
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
  await db.update(shares).set({ opens: sql`${shares.opens} + 1` }).where(eq(shares.id, id));
}

// Trees are shallow; the cap only guards against a (corrupt) cycle in parent_id.
const MAX_DEPTH = 512;

/**
 * The trail from the shared item `rootId` down to `itemId` (both included) when `itemId` is the
 * shared item or lies inside it, belongs to `ownerId`, and neither it nor any folder above it (up
 * to the top of the owner's Drive) is in the trash; otherwise null. Walking up from the item,
 * rather than trusting a parent the client names, is what makes escaping the shared folder
 * impossible.
 */
export async function pathInsideShare(db: Database, ownerId: string, rootId: string, itemId: string): Promise<PathStep[] | null> {
  const rows = await db.all<{ id: string; name: string; owner_id: string; trashed_at: number | null }>(sql`
    WITH RECURSIVE up(id, name, owner_id, parent_id, trashed_at, depth) AS (
      SELECT id, name, owner_id, parent_id, trashed_at, 0 FROM files WHERE id = ${itemId}
      UNION ALL
      SELECT f.id, f.name, f.owner_id, f.parent_id, f.trashed_at, up.depth + 1
        FROM files f JOIN up ON f.id = up.parent_id WHERE up.depth < ${MAX_DEPTH}
    ) SELECT id, name, owner_id, trashed_at FROM up ORDER BY depth DESC`);
  if (rows.length === 0 || rows.some((r) => r.owner_id !== ownerId || r.trashed_at !== null)) return null;
  const start = rows.findIndex((r) => r.id === rootId);
  if (start < 0) return null;
  return rows.slice(start).map((r) => ({ id: r.id, name: r.name }));
}
