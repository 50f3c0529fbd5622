/** Queries on the file tree (folders and files), their blobs and media metadata. */
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { OnConflict, PathStep, SortKey, SortOrder } from "@hearth/contract";
import { schema, type Database } from "./database";
import { conflict, notFound } from "../lib/errors";
import { numberedName } from "../lib/names";
import { trashItem } from "./trash";

const { files, blobs, media } = schema;

export type FileRow = typeof files.$inferSelect;
export type BlobRow = typeof blobs.$inferSelect;
export type MediaRow = typeof media.$inferSelect;
/** A tree row with its blob and media rows (null for folders and unprocessed files). */
export type ItemRow = { file: FileRow; blob: BlobRow | null; media: MediaRow | null };

/** Rows joined with their blob and media, as every listing wants them. */
function selectItems(db: Database) {
  return db
    .select({ file: files, blob: blobs, media })
    .from(files)
    .leftJoin(blobs, eq(blobs.id, files.blobId))
    .leftJoin(media, eq(media.blobId, files.blobId));
}

const live = (ownerId: string) => and(eq(files.ownerId, ownerId), isNull(files.trashedAt));

/** A live (not trashed) item of this owner, or a 404 — also for other users' ids. */
export async function getOwnedItem(db: Database, ownerId: string, id: string) {
  const [row] = await selectItems(db).where(and(eq(files.id, id), live(ownerId))).limit(1);
  if (!row) throw notFound("No such file or folder.");
  return row;
}

/** Checks a folder id (or null for root) names a live folder of this owner. */
export async function assertFolder(db: Database, ownerId: string, folderId: string | null): Promise<void> {
  if (folderId === null) return;
  const { file } = await getOwnedItem(db, ownerId, folderId);
  if (file.kind !== "folder") throw notFound("That is not a folder.");
}

const SORT_COLUMNS = {
  name: sql`lower(${files.name})`,
  modified: sql`${files.updatedAt}`,
  size: sql`${files.size}`,
} as const;

/** Folders first, then by the chosen column, the way file managers list. Paged so huge folders stay cheap. */
export async function listChildren(
  db: Database,
  ownerId: string,
  parentId: string | null,
  options: { sort?: SortKey; order?: SortOrder; limit?: number; offset?: number } = {},
) {
  const column = SORT_COLUMNS[options.sort ?? "name"];
  const direction = options.order === "desc" ? sql`desc` : sql`asc`;
  const rows = await selectItems(db)
    .where(and(live(ownerId), parentId === null ? isNull(files.parentId) : eq(files.parentId, parentId)))
    .orderBy(desc(sql`${files.kind} = 'folder'`), sql`${column} ${direction}`, files.id)
    .limit(options.limit ?? 10_000)
    .offset(options.offset ?? 0);
  return rows;
}

/** The trail of folders from the top down to `folderId` (inclusive). */
export async function pathTo(db: Database, folderId: string | null): Promise<PathStep[]> {
  if (folderId === null) return [];
  const rows = await db.all<{ id: string; name: string; depth: number }>(sql`
    WITH RECURSIVE up(id, name, parent_id, depth) AS (
      SELECT id, name, parent_id, 0 FROM files WHERE id = ${folderId}
      UNION ALL SELECT f.id, f.name, f.parent_id, up.depth + 1 FROM files f JOIN up ON f.id = up.parent_id
    ) SELECT id, name, depth FROM up ORDER BY depth DESC`);
  return rows.map((r) => ({ id: r.id, name: r.name }));
}

/** Escapes LIKE wildcards so a search for `100%` means exactly that. */
function likeContaining(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/**
 * Names containing `q` anywhere (`2041` finds `IMG_2041.jpg`, `vacat` finds `vacation`), best
 * first: names starting with it, then shorter names, then the most recently changed.
 */
export async function searchByName(db: Database, ownerId: string, q: string, limit = 200) {
  const pattern = likeContaining(q);
  const rows = await selectItems(db)
    .where(and(live(ownerId), sql`lower(${files.name}) like ${pattern} escape '\\'`))
    .orderBy(sql`instr(lower(${files.name}), ${q.toLowerCase()})`, sql`length(${files.name})`, desc(files.updatedAt))
    .limit(limit);
  return rows;
}

/** Files changed or added most recently. */
export async function listRecent(db: Database, ownerId: string, limit = 100) {
  const rows = await selectItems(db)
    .where(and(live(ownerId), eq(files.kind, "file")))
    .orderBy(desc(files.updatedAt))
    .limit(limit);
  return rows;
}

export async function listStarred(db: Database, ownerId: string) {
  const rows = await selectItems(db)
    .where(and(live(ownerId), sql`${files.starredAt} is not null`))
    .orderBy(desc(sql`${files.kind} = 'folder'`), sql`lower(${files.name})`)
    .limit(5000);
  return rows;
}

export async function setStarred(db: Database, ownerId: string, id: string, starred: boolean, now: number): Promise<void> {
  const rows = await db
    .update(files)
    .set({ starredAt: starred ? now : null })
    .where(and(eq(files.id, id), live(ownerId)))
    .returning({ id: files.id });
  if (rows.length === 0) throw notFound("No such file or folder.");
}

/** Images and videos, newest taken first (upload time when the photo has no date). */
export async function listPhotos(db: Database, ownerId: string, limit = 5000, offset = 0) {
  const rows = await selectItems(db)
    .where(and(live(ownerId), eq(files.kind, "file"), sql`(${files.mime} like 'image/%' or ${files.mime} like 'video/%')`))
    .orderBy(desc(sql`coalesce(${media.takenAt}, ${files.createdAt})`))
    .limit(limit)
    .offset(offset);
  return rows;
}

function isNameClash(error: unknown): boolean {
  const text = String((error as { cause?: unknown })?.cause ?? "") + String(error);
  return text.includes("UNIQUE constraint failed") && text.includes("files");
}

/** The live item with this name in the folder (names compare case-insensitively), if any. */
export async function findByName(db: Database, ownerId: string, parentId: string | null, name: string): Promise<FileRow | undefined> {
  const [row] = await db
    .select()
    .from(files)
    .where(and(live(ownerId), parentId === null ? isNull(files.parentId) : eq(files.parentId, parentId), sql`lower(${files.name}) = lower(${name})`))
    .limit(1);
  return row;
}

/**
 * Puts a new row in its folder, resolving a taken name as asked: `fail` is a 409, `keepBoth`
 * picks `name (1).ext`, `name (2).ext`... as Drive does, `replace` moves the old item to the trash
 * (its id comes back as `replacedId`, for the caller to tell the user's other tabs).
 */
export async function placeItem(
  db: Database,
  row: typeof files.$inferInsert,
  onConflict: OnConflict,
  now: number,
): Promise<FileRow & { replacedId?: string }> {
  let replacedId: string | undefined;
  for (let n = 0; n < 1000; n++) {
    const candidate = { ...row, name: n === 0 ? row.name : numberedName(row.name, n) };
    try {
      const [inserted] = await db.insert(files).values(candidate).returning();
      if (!inserted) throw new Error("insert returned nothing");
      return replacedId ? { ...inserted, replacedId } : inserted;
    } catch (error) {
      if (!isNameClash(error)) throw error;
      if (onConflict === "fail") throw conflict("name_taken", `“${row.name}” already exists in this folder.`);
      if (onConflict === "replace" && n === 0) {
        const existing = await findByName(db, row.ownerId, row.parentId ?? null, row.name);
        if (existing) {
          await trashItem(db, row.ownerId, existing.id, now);
          replacedId = existing.id;
        }
        n = -1;
        onConflict = "keepBoth";
      }
    }
  }
  throw conflict("name_taken", `Too many files named like “${row.name}” in this folder.`);
}

/** True when `folderId` is `itemId` or lies inside it (a folder cannot move into itself). */
export async function isInside(db: Database, folderId: string, itemId: string): Promise<boolean> {
  const rows = await db.all<{ id: string }>(sql`
    WITH RECURSIVE up(id, parent_id) AS (
      SELECT id, parent_id FROM files WHERE id = ${folderId}
      UNION ALL SELECT f.id, f.parent_id FROM files f JOIN up ON f.id = up.parent_id
    ) SELECT id FROM up WHERE id = ${itemId} LIMIT 1`);
  return rows.length > 0;
}

export async function updateItem(db: Database, ownerId: string, id: string, changes: Partial<Pick<FileRow, "name" | "parentId">>, now: number) {
  try {
    const [row] = await db
      .update(files)
      .set({ ...changes, updatedAt: now })
      .where(and(eq(files.id, id), live(ownerId)))
      .returning();
    if (!row) throw notFound("No such file or folder.");
    return row;
  } catch (error) {
    if (isNameClash(error)) throw conflict("name_taken", "An item with that name already exists there.");
    throw error;
  }
}
