/**
 * Removing an account's rows. Its files either move to another user (into a top-level folder the
 * caller made for them, "Files from <name>"), or are deleted; the caller deletes the bytes of the
 * blobs this leaves unused (core/admin-users.ts): repositories never touch the blob store.
 * Either way the database takes the rest along when the user row goes: albums and memberships
 * (trigger users_deleted_albums, migration 0011) and the partner shares the user gave or received
 * (users_deleted_partner_shares, migration 0013), so no path that deletes a user can leave them.
 */
import { and, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import { schema, type Database } from "./database";
import type { UserRow } from "./users";

const { files, users, blobs, media, jobs, shares, albums, albumItems, albumMembers } = schema;

/** A blob whose rows are gone: its bytes (`key` and the keys derived from `id`) are the caller's to delete. */
export type UnusedBlob = { id: string; key: string; createdAt: number };

/** Moves the user's files, share links and albums to the heir (top-level items into `intoFolderId`) and deletes the user. */
export async function transferFilesAndDeleteUser(
  db: Database,
  user: UserRow,
  heir: UserRow,
  intoFolderId: string,
  now: number,
): Promise<void> {
  await db.batch([
    // Top-level items go into the folder; everything below keeps its place in the tree.
    db
      .update(files)
      .set({ parentId: intoFolderId, updatedAt: now })
      .where(and(eq(files.ownerId, user.id), isNull(files.parentId))),
    db.update(files).set({ ownerId: heir.id }).where(eq(files.ownerId, user.id)),
    db.update(jobs).set({ ownerId: heir.id }).where(eq(jobs.ownerId, user.id)),
    // Links already given out keep working, now the heir's to see and revoke.
    db.update(shares).set({ ownerId: heir.id }).where(eq(shares.ownerId, user.id)),
    // So do the albums, with the photos the person put in anyone's album (those photos are the heir's now).
    db
      .delete(albumMembers)
      .where(
        and(
          eq(albumMembers.userId, heir.id),
          inArray(albumMembers.albumId, db.select({ id: albums.id }).from(albums).where(eq(albums.ownerId, user.id))),
        ),
      ),
    db.update(albums).set({ ownerId: heir.id }).where(eq(albums.ownerId, user.id)),
    db.update(albumItems).set({ addedBy: heir.id }).where(eq(albumItems.addedBy, user.id)),
    db.delete(users).where(eq(users.id, user.id)),
  ]);
}

/**
 * Deletes the user with their files and shares, and the rows of every blob no other file still
 * uses; resolves with those blobs. Rows go first, so a crash before the bytes are deleted leaves
 * unreferenced bytes (harmless), never a file without its bytes.
 */
export async function deleteUserWithFiles(db: Database, user: UserRow): Promise<UnusedBlob[]> {
  const owned = await db
    .selectDistinct({ blobId: files.blobId })
    .from(files)
    .where(and(eq(files.ownerId, user.id), isNotNull(files.blobId)));
  await db.batch([
    db.delete(shares).where(eq(shares.ownerId, user.id)),
    db.delete(files).where(eq(files.ownerId, user.id)),
    db.delete(users).where(eq(users.id, user.id)),
  ]);
  const blobIds = owned.map((r) => r.blobId).filter((id): id is string => id !== null);
  const unused: UnusedBlob[] = [];
  for (let i = 0; i < blobIds.length; i += 500) {
    const chunk = blobIds.slice(i, i + 500);
    const used = await db.selectDistinct({ blobId: files.blobId }).from(files).where(inArray(files.blobId, chunk));
    const stillUsed = new Set(used.map((r) => r.blobId));
    const orphaned = chunk.filter((id) => !stillUsed.has(id));
    if (orphaned.length === 0) continue;
    unused.push(
      ...(await db
        .select({ id: blobs.id, key: blobs.key, createdAt: blobs.createdAt })
        .from(blobs)
        .where(inArray(blobs.id, orphaned))),
    );
    await db.batch([
      db.delete(jobs).where(inArray(jobs.blobId, orphaned)),
      db.delete(media).where(inArray(media.blobId, orphaned)),
      db.delete(blobs).where(inArray(blobs.id, orphaned)),
    ]);
  }
  return unused;
}
