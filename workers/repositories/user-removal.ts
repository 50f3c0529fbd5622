/**
 * Removing an account. Its files either move to another user (into a top-level folder the caller
 * made for them, "Files from <name>", so nothing collides with the heir's own), or are deleted;
 * then the caller deletes the bytes of the blobs no other file still uses.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import { schema, type Database } from "./database";
import { forgetUnusedBlobs, type BlobRow } from "./blobs";
import type { UserRow } from "./users";

const { files, users } = schema;

/** Moves the user's files into the heir's folder `intoFolderId` and deletes the user. */
export async function transferFilesAndDeleteUser(
  db: Database,
  user: UserRow,
  heir: UserRow,
  intoFolderId: string,
  now: number,
): Promise<void> {
  const topLevel = and(eq(files.ownerId, user.id), isNull(files.parentId));
  await db.batch([
    // Top-level items go into the new folder; everything below keeps its place in the tree.
    db.update(files).set({ parentId: intoFolderId, updatedAt: now }).where(topLevel),
    db.update(files).set({ ownerId: heir.id }).where(eq(files.ownerId, user.id)),
    db.update(schema.jobs).set({ ownerId: heir.id }).where(eq(schema.jobs.ownerId, user.id)),
    db.delete(users).where(eq(users.id, user.id)),
  ]);
}

/** Deletes the user with their files and shares; resolves with the blobs no file uses any more (bytes: the caller). */
export async function deleteUserWithFiles(db: Database, user: UserRow): Promise<BlobRow[]> {
  const owned = await db.selectDistinct({ blobId: files.blobId }).from(files).where(and(eq(files.ownerId, user.id), sql`${files.blobId} is not null`));
  await db.batch([db.delete(schema.shares).where(eq(schema.shares.ownerId, user.id)), db.delete(files).where(eq(files.ownerId, user.id)), db.delete(users).where(eq(users.id, user.id))]);
  return forgetUnusedBlobs(db, owned.map((r) => r.blobId!).filter(Boolean));
}
