/**
 * Removing an account. Its files either move to another user (into a new top-level folder
 * "Files from <name>", so nothing collides with the heir's own), or are deleted along with any
 * blob that no other file still uses.
 */
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { schema, type Database } from "../db";
import { newId, thumbnailKey } from "../ids";
import { insertItem } from "./files";
import type { UserRow } from "./users";

const { files, blobs, users } = schema;

export async function transferFilesAndDeleteUser(db: Database, user: UserRow, heir: UserRow, now: number): Promise<void> {
  const folder = await insertItem(
    db,
    { id: newId(), ownerId: heir.id, parentId: null, name: `Files from ${user.name}`, kind: "folder", size: 0, createdAt: now, updatedAt: now },
    true,
  );
  await db.batch([
    // Top-level items go into the new folder; everything below keeps its place in the tree.
    db.update(files).set({ parentId: folder.id, updatedAt: now }).where(and(eq(files.ownerId, user.id), isNull(files.parentId))),
    db.update(files).set({ ownerId: heir.id }).where(eq(files.ownerId, user.id)),
    db.update(schema.jobs).set({ ownerId: heir.id }).where(eq(schema.jobs.ownerId, user.id)),
    db.delete(users).where(eq(users.id, user.id)),
  ]);
}

export async function deleteUserWithFiles(db: Database, bucket: R2Bucket, user: UserRow): Promise<void> {
  const owned = await db.selectDistinct({ blobId: files.blobId }).from(files).where(and(eq(files.ownerId, user.id), sql`${files.blobId} is not null`));
  const blobIds = owned.map((r) => r.blobId!).filter(Boolean);
  await db.batch([db.delete(files).where(eq(files.ownerId, user.id)), db.delete(users).where(eq(users.id, user.id))]);
  if (blobIds.length === 0) return;
  // Only blobs no remaining file points at leave the disk.
  const stillUsed = await db.selectDistinct({ blobId: files.blobId }).from(files).where(inArray(files.blobId, blobIds));
  const orphaned = blobIds.filter((id) => !stillUsed.some((r) => r.blobId === id));
  if (orphaned.length === 0) return;
  const rows = await db.select().from(blobs).where(inArray(blobs.id, orphaned));
  // Rows first, bytes after: a crash in between leaves unreferenced bytes, never a file without them.
  await db.delete(blobs).where(inArray(blobs.id, orphaned));
  for (const blob of rows) await bucket.delete([blob.key, thumbnailKey(blob.id, 240), thumbnailKey(blob.id, 720)]);
}
