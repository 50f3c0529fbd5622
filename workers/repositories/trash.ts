/**
 * The trash, as rows. Trashing an item marks it and everything inside it with `trashed_at` and
 * `trashed_with` = the item's id, and remembers where it was (`trashed_from`), so that
 *  - search, recent and listings skip everything inside a trashed folder with one column test;
 *  - restoring puts back exactly what was trashed together (not items trashed earlier on their own);
 *  - an item whose folders were since deleted forever can be restored into re-created folders.
 * Deleting forever removes the rows and says which blobs no file uses any more; deleting their
 * bytes is core's (core/trash.ts, core/blobs.ts).
 */
import { and, desc, eq, inArray, isNotNull, isNull, lt, sql, type SQL } from "drizzle-orm";
import { schema, type Database } from "./database";
import { forgetUnusedBlobs, type BlobRow } from "./blobs";
import { namingWrite, pathTo, type FileRow, type ItemRow } from "./files";

const { files, blobs, media, shares } = schema;

/** Moves a live item (and what it contains) to the trash, remembering the folders it was in. */
export async function markTrashed(db: Database, item: FileRow, now: number): Promise<void> {
  const from = await pathTo(db, item.parentId);
  await db.batch([
    db.run(sql`
      WITH RECURSIVE inside(id) AS (
        SELECT ${item.id}
        UNION ALL SELECT f.id FROM files f JOIN inside ON f.parent_id = inside.id WHERE f.trashed_at IS NULL
      ) UPDATE files SET trashed_at = ${now}, trashed_with = ${item.id} WHERE id IN (SELECT id FROM inside)`),
    db
      .update(files)
      .set({ trashedFrom: JSON.stringify(from), updatedAt: now })
      .where(eq(files.id, item.id)),
  ]);
}

/** What the user put in the trash (not each thing inside trashed folders), newest first. */
export async function listTrash(db: Database, ownerId: string): Promise<ItemRow[]> {
  return db
    .select({ file: files, blob: blobs, media })
    .from(files)
    .leftJoin(blobs, eq(blobs.id, files.blobId))
    .leftJoin(media, eq(media.blobId, files.blobId))
    .where(and(eq(files.ownerId, ownerId), isNotNull(files.trashedAt), sql`${files.trashedWith} = ${files.id}`))
    .orderBy(desc(files.trashedAt))
    .limit(10_000);
}

/** An item the owner put in the trash themselves (not one inside a trashed folder). */
export async function findTrashedTop(db: Database, ownerId: string, id: string): Promise<FileRow | undefined> {
  return db.query.files.findFirst({
    where: and(eq(files.id, id), eq(files.ownerId, ownerId), isNotNull(files.trashedAt), eq(files.trashedWith, id)),
  });
}

/** A live folder of the owner, by id. */
export async function findLiveFolder(db: Database, ownerId: string, id: string): Promise<FileRow | undefined> {
  return db.query.files.findFirst({
    where: and(eq(files.id, id), eq(files.ownerId, ownerId), eq(files.kind, "folder"), isNull(files.trashedAt)),
  });
}

/** A live folder of the owner with this name (case-insensitively) in `parentId`. */
export async function findLiveFolderNamed(
  db: Database,
  ownerId: string,
  parentId: string | null,
  name: string,
): Promise<FileRow | undefined> {
  const [row] = await db
    .select()
    .from(files)
    .where(
      and(
        eq(files.ownerId, ownerId),
        eq(files.kind, "folder"),
        isNull(files.trashedAt),
        parentId === null ? isNull(files.parentId) : eq(files.parentId, parentId),
        sql`lower(${files.name}) = lower(${name})`,
      ),
    )
    .limit(1);
  return row;
}

/**
 * Takes a trashed item, and what was trashed with it, out of the trash into `parentId` under
 * `name`, in one transaction; NameTaken (and nothing changed) when the name is in use there.
 */
export async function restoreRows(
  db: Database,
  item: FileRow,
  parentId: string | null,
  name: string,
  now: number,
): Promise<void> {
  await namingWrite(() =>
    db.batch([
      db
        .update(files)
        .set({ trashedAt: null, trashedWith: null })
        .where(and(eq(files.trashedWith, item.id), sql`${files.id} != ${item.id}`)),
      db
        .update(files)
        .set({ trashedAt: null, trashedWith: null, trashedFrom: null, parentId, name, updatedAt: now })
        .where(eq(files.id, item.id)),
    ]),
  );
}

/** What deleting rows for good did: how many items went, and the blobs no file uses any more. */
export interface Deleted {
  count: number;
  unusedBlobs: BlobRow[];
}

async function deleteRows(db: Database, where: SQL | undefined): Promise<Deleted> {
  let count = 0;
  const unusedBlobs: BlobRow[] = [];
  // A chunk at a time (each deleted before the next is read): no response holds a whole huge folder.
  for (;;) {
    const doomed = await db.select({ id: files.id, blobId: files.blobId }).from(files).where(where).limit(1000);
    if (doomed.length === 0) return { count, unusedBlobs };
    const ids = doomed.map((d) => d.id);
    const blobIds = [...new Set(doomed.map((d) => d.blobId).filter((b): b is string => b !== null))];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      await db.batch([
        db.delete(shares).where(inArray(shares.fileId, chunk)),
        db.delete(files).where(inArray(files.id, chunk)),
      ]);
    }
    count += ids.length;
    unusedBlobs.push(...(await forgetUnusedBlobs(db, blobIds)));
  }
}

/** Deletes a trashed item and what was trashed with it. */
export function deleteTrashedWith(db: Database, ownerId: string, topId: string): Promise<Deleted> {
  return deleteRows(db, and(eq(files.ownerId, ownerId), eq(files.trashedWith, topId)));
}

/** Deletes everything in the owner's trash. */
export function deleteAllTrashed(db: Database, ownerId: string): Promise<Deleted> {
  return deleteRows(db, and(eq(files.ownerId, ownerId), isNotNull(files.trashedAt)));
}

/** Up to `limit` items anyone put in the trash before `cutoff`. */
export async function trashedBefore(db: Database, cutoff: number, limit: number): Promise<FileRow[]> {
  return db
    .select()
    .from(files)
    .where(and(isNotNull(files.trashedAt), lt(files.trashedAt, cutoff), sql`${files.trashedWith} = ${files.id}`))
    .limit(limit);
}
