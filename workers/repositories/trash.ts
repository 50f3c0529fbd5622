/**
 * The trash. Trashing an item marks it and everything inside it with `trashed_at` and
 * `trashed_with` = the item's id, and remembers where it was (`trashed_from`), so that
 *  - search, recent and listings skip everything inside a trashed folder with one column test;
 *  - restoring puts back exactly what was trashed together (not items trashed earlier on their own);
 *  - an item whose folders were since deleted forever is restored into re-created folders of the
 *    same names.
 * Deleting forever removes the rows; a blob's bytes leave the disk only when no file uses it.
 */
import { and, desc, eq, inArray, isNotNull, isNull, lt, sql } from "drizzle-orm";
import type { PathStep } from "@hearth/contract";
import { schema, type Database } from "./database";
import { conflict, notFound } from "../lib/errors";
import { derivedKeys } from "../lib/blob-keys";
import { newId } from "../lib/ids";
import { numberedName } from "../lib/names";
import { pathTo, type ItemRow } from "./files";

const { files, blobs, media, shares } = schema;

/** Moves a live item (and what it contains) to the trash. */
export async function trashItem(db: Database, ownerId: string, id: string, now: number): Promise<void> {
  const item = await db.query.files.findFirst({ where: and(eq(files.id, id), eq(files.ownerId, ownerId), isNull(files.trashedAt)) });
  if (!item) throw notFound("No such file or folder.");
  const from = await pathTo(db, item.parentId);
  await db.batch([
    db.run(sql`
      WITH RECURSIVE inside(id) AS (
        SELECT ${id}
        UNION ALL SELECT f.id FROM files f JOIN inside ON f.parent_id = inside.id WHERE f.trashed_at IS NULL
      ) UPDATE files SET trashed_at = ${now}, trashed_with = ${id} WHERE id IN (SELECT id FROM inside)`),
    db.update(files).set({ trashedFrom: JSON.stringify(from), updatedAt: now }).where(eq(files.id, id)),
  ]);
}

/** What the user put in the trash (not each thing inside trashed folders), newest first. */
export async function listTrash(db: Database, ownerId: string): Promise<ItemRow[]> {
  const rows = await db
    .select({ file: files, blob: blobs, media })
    .from(files)
    .leftJoin(blobs, eq(blobs.id, files.blobId))
    .leftJoin(media, eq(media.blobId, files.blobId))
    .where(and(eq(files.ownerId, ownerId), isNotNull(files.trashedAt), sql`${files.trashedWith} = ${files.id}`))
    .orderBy(desc(files.trashedAt))
    .limit(10_000);
  return rows;
}

async function trashedTop(db: Database, ownerId: string, id: string) {
  const item = await db.query.files.findFirst({
    where: and(eq(files.id, id), eq(files.ownerId, ownerId), isNotNull(files.trashedAt), eq(files.trashedWith, id)),
  });
  if (!item) throw notFound("That item is not in your trash.");
  return item;
}

/** A live folder of the owner, or undefined. */
async function liveFolder(db: Database, ownerId: string, id: string) {
  return db.query.files.findFirst({ where: and(eq(files.id, id), eq(files.ownerId, ownerId), eq(files.kind, "folder"), isNull(files.trashedAt)) });
}

/**
 * Finds where a restored item goes: its folder if that is still there, else the same path
 * rebuilt from the top, reusing live folders of the same names and creating the missing ones.
 */
async function restoreTarget(db: Database, ownerId: string, parentId: string | null, from: PathStep[], now: number): Promise<string | null> {
  if (parentId === null || (await liveFolder(db, ownerId, parentId))) return parentId;
  let current: string | null = null;
  for (const step of from) {
    const kept = await liveFolder(db, ownerId, step.id);
    if (kept && kept.parentId === current) {
      current = kept.id;
      continue;
    }
    const [sameName] = await db
      .select()
      .from(files)
      .where(and(eq(files.ownerId, ownerId), eq(files.kind, "folder"), isNull(files.trashedAt), current === null ? isNull(files.parentId) : eq(files.parentId, current), sql`lower(${files.name}) = lower(${step.name})`))
      .limit(1);
    if (sameName) {
      current = sameName.id;
      continue;
    }
    const created: string = newId();
    await db.insert(files).values({ id: created, ownerId, parentId: current, name: step.name, kind: "folder", size: 0, createdAt: now, updatedAt: now });
    current = created;
  }
  return current;
}

/** Puts a trashed item back where it was (with what was trashed with it); a taken name gets " (1)". */
export async function restoreItem(db: Database, ownerId: string, id: string, now: number) {
  const item = await trashedTop(db, ownerId, id);
  const target = await restoreTarget(db, ownerId, item.parentId, JSON.parse(item.trashedFrom ?? "[]") as PathStep[], now);
  for (let n = 0; n < 1000; n++) {
    const name = n === 0 ? item.name : numberedName(item.name, n);
    try {
      await db.batch([
        db.update(files).set({ trashedAt: null, trashedWith: null }).where(and(eq(files.trashedWith, id), sql`${files.id} != ${id}`)),
        db.update(files).set({ trashedAt: null, trashedWith: null, trashedFrom: null, parentId: target, name, updatedAt: now }).where(eq(files.id, id)),
      ]);
      return;
    } catch (error) {
      if (!String((error as { cause?: unknown }).cause ?? error).includes("UNIQUE")) throw error;
    }
  }
  throw conflict("name_taken", "Could not find a free name to restore to.");
}

/** Deletes rows for good and then the bytes no file uses any more. */
async function deleteRows(db: Database, bucket: R2Bucket, where: ReturnType<typeof and>): Promise<number> {
  const doomed = await db.select({ id: files.id, blobId: files.blobId }).from(files).where(where);
  if (doomed.length === 0) return 0;
  const ids = doomed.map((d) => d.id);
  const blobIds = [...new Set(doomed.map((d) => d.blobId).filter((b): b is string => b !== null))];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    await db.batch([db.delete(shares).where(inArray(shares.fileId, chunk)), db.delete(files).where(inArray(files.id, chunk))]);
  }
  await collectBlobs(db, bucket, blobIds);
  return ids.length;
}

/**
 * Deletes blobs that no file references any more: rows first, then bytes, so a crash in between
 * leaves unreferenced bytes (harmless) and never a file without its bytes.
 */
export async function collectBlobs(db: Database, bucket: R2Bucket, blobIds: string[]): Promise<void> {
  for (let i = 0; i < blobIds.length; i += 500) {
    const chunk = blobIds.slice(i, i + 500);
    const used = await db.selectDistinct({ blobId: files.blobId }).from(files).where(inArray(files.blobId, chunk));
    const orphaned = chunk.filter((id) => !used.some((u) => u.blobId === id));
    if (orphaned.length === 0) continue;
    const rows = await db.select().from(blobs).where(inArray(blobs.id, orphaned));
    await db.batch([db.delete(schema.jobs).where(inArray(schema.jobs.blobId, orphaned)), db.delete(media).where(inArray(media.blobId, orphaned)), db.delete(blobs).where(inArray(blobs.id, orphaned))]);
    for (const blob of rows) await bucket.delete([blob.key, ...derivedKeys(blob.id)]);
  }
}

export async function deleteForever(db: Database, bucket: R2Bucket, ownerId: string, id: string): Promise<void> {
  await trashedTop(db, ownerId, id);
  await deleteRows(db, bucket, and(eq(files.ownerId, ownerId), eq(files.trashedWith, id)));
}

export async function emptyTrash(db: Database, bucket: R2Bucket, ownerId: string): Promise<number> {
  return deleteRows(db, bucket, and(eq(files.ownerId, ownerId), isNotNull(files.trashedAt)));
}

/** Deletes for good what has been in anyone's trash since before `cutoff`. */
export async function purgeTrash(db: Database, bucket: R2Bucket, cutoff: number): Promise<number> {
  const tops = await db
    .select({ id: files.id })
    .from(files)
    .where(and(isNotNull(files.trashedAt), lt(files.trashedAt, cutoff), sql`${files.trashedWith} = ${files.id}`))
    .limit(1000);
  let deleted = 0;
  for (const top of tops) deleted += await deleteRows(db, bucket, eq(files.trashedWith, top.id));
  return deleted;
}
