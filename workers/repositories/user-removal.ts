/**
 * Removing an account. Its files either move to another user (into a new top-level folder
 * "Files from <name>", so nothing collides with the heir's own), or are deleted along with any
 * blob that no other file still uses.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import { schema, type Database } from "./database";
import { newId } from "../lib/ids";
import { placeItem } from "./files";
import { collectBlobs } from "./trash";
import type { UserRow } from "./users";

const { files, users } = schema;

export async function transferFilesAndDeleteUser(db: Database, user: UserRow, heir: UserRow, now: number): Promise<void> {
  const folder = await placeItem(
    db,
    { id: newId(), ownerId: heir.id, parentId: null, name: `Files from ${user.name}`, kind: "folder", size: 0, createdAt: now, updatedAt: now },
    "keepBoth",
    now,
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
  await db.batch([db.delete(schema.shares).where(eq(schema.shares.ownerId, user.id)), db.delete(files).where(eq(files.ownerId, user.id)), db.delete(users).where(eq(users.id, user.id))]);
  await collectBlobs(db, bucket, owned.map((r) => r.blobId!).filter(Boolean));
}
