/** Queries on share links. Whether a visitor may open one is decided in core/shares.ts. */
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { schema, type Database } from "./database";
import type { ItemRow } from "./files";

const { shares, shareFiles, users, files, blobs, media, albums } = schema;

export type ShareRow = typeof shares.$inferSelect;

export async function insertShare(db: Database, row: typeof shares.$inferInsert): Promise<ShareRow> {
  const [created] = await db.insert(shares).values(row).returning();
  if (!created) throw new Error("share insert returned nothing");
  return created;
}

/** The owner's links, newest first; only those of one item (or one album) when given. */
export async function listShares(
  db: Database,
  ownerId: string,
  of: { fileId?: string; albumId?: string } = {},
): Promise<ShareRow[]> {
  return db
    .select()
    .from(shares)
    .where(
      and(
        eq(shares.ownerId, ownerId),
        of.fileId === undefined ? undefined : eq(shares.fileId, of.fileId),
        of.albumId === undefined ? undefined : eq(shares.albumId, of.albumId),
      ),
    )
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

/** Records the photos of a selection link. */
export async function insertShareFiles(db: Database, shareId: string, fileIds: string[]): Promise<void> {
  for (let i = 0; i < fileIds.length; i += 500)
    await db
      .insert(shareFiles)
      .values(fileIds.slice(i, i + 500).map((fileId) => ({ shareId, fileId })))
      .onConflictDoNothing();
}

/** A selection link's live photos, oldest taken first; only `fileId` when given. */
export function listSelection(db: Database, shareId: string, fileId?: string, limit = 10_000): Promise<ItemRow[]> {
  return db
    .select({ file: files, blob: blobs, media })
    .from(shareFiles)
    .innerJoin(files, and(eq(files.id, shareFiles.fileId), isNull(files.trashedAt), isNotNull(files.sortAt)))
    .leftJoin(blobs, eq(blobs.id, files.blobId))
    .leftJoin(media, eq(media.blobId, files.blobId))
    .where(and(eq(shareFiles.shareId, shareId), fileId === undefined ? undefined : eq(shareFiles.fileId, fileId)))
    .orderBy(asc(files.sortAt), asc(files.id))
    .limit(limit);
}

/** How many live photos each of these selection links holds. */
export async function countSelections(db: Database, shareIds: string[]): Promise<Map<string, number>> {
  if (shareIds.length === 0) return new Map();
  const rows = await db
    .select({ shareId: shareFiles.shareId, count: sql<number>`count(*)` })
    .from(shareFiles)
    .innerJoin(files, and(eq(files.id, shareFiles.fileId), isNull(files.trashedAt)))
    .where(inArray(shareFiles.shareId, shareIds))
    .groupBy(shareFiles.shareId);
  return new Map(rows.map((r) => [r.shareId, Number(r.count)]));
}

/** The name of the album a link shows, or undefined when the album is gone. */
export async function sharedAlbumName(db: Database, albumId: string): Promise<string | undefined> {
  const [row] = await db.select({ name: albums.name }).from(albums).where(eq(albums.id, albumId)).limit(1);
  return row?.name;
}
