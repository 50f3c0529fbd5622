/**
 * Removing an account's rows. Its files either move to another user (into a folder the caller
 * made for them), or are deleted; the caller deletes the bytes of the blobs this leaves unused
 * (core/admin-users.ts): repositories never touch the bucket.
 */
import { and, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import { schema, type Database } from "./database";

const { files, users, blobs, media, jobs, shares } = schema;

/** Hands every file of `userId` to `heirId` (their top-level items into `folderId`), then deletes the user. */
export async function moveFilesAndDeleteUser(
  db: Database,
  userId: string,
  heirId: string,
  folderId: string,
  now: number,
) {
  await db.batch([
    // Top-level items go into the folder; everything below keeps its place in the tree.
    db
      .update(files)
      .set({ parentId: folderId, updatedAt: now })
      .where(and(eq(files.ownerId, userId), isNull(files.parentId))),
    db.update(files).set({ ownerId: heirId }).where(eq(files.ownerId, userId)),
    db.update(jobs).set({ ownerId: heirId }).where(eq(jobs.ownerId, userId)),
    db.delete(users).where(eq(users.id, userId)),
  ]);
}

/**
 * Deletes the user with their files and shares, and the rows of every blob no other file still
 * uses. Returns those blobs, whose bytes the caller deletes: rows first, so a crash in between
 * leaves unreferenced bytes (harmless) and never a file without its bytes.
 */
export async function deleteUserAndFiles(db: Database, userId: string): Promise<{ id: string; key: string }[]> {
  const owned = await db
    .selectDistinct({ blobId: files.blobId })
    .from(files)
    .where(and(eq(files.ownerId, userId), isNotNull(files.blobId)));
  await db.batch([
    db.delete(shares).where(eq(shares.ownerId, userId)),
    db.delete(files).where(eq(files.ownerId, userId)),
    db.delete(users).where(eq(users.id, userId)),
  ]);
  const unused: { id: string; key: string }[] = [];
  const blobIds = owned.map((r) => r.blobId).filter((id): id is string => id !== null);
  for (let i = 0; i < blobIds.length; i += 500) {
    const chunk = blobIds.slice(i, i + 500);
    const stillUsed = new Set(
      (await db.selectDistinct({ blobId: files.blobId }).from(files).where(inArray(files.blobId, chunk))).map(
        (r) => r.blobId,
      ),
    );
    const orphaned = chunk.filter((id) => !stillUsed.has(id));
    if (orphaned.length === 0) continue;
    unused.push(...(await db.select({ id: blobs.id, key: blobs.key }).from(blobs).where(inArray(blobs.id, orphaned))));
    await db.batch([
      db.delete(jobs).where(inArray(jobs.blobId, orphaned)),
      db.delete(media).where(inArray(media.blobId, orphaned)),
      db.delete(blobs).where(inArray(blobs.id, orphaned)),
    ]);
  }
  return unused;
}
