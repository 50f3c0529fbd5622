/** Queries on the file tree (folders and files), joined with their blobs and media metadata. */
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { PathStep, SortKey, SortOrder } from "@hearth/contract";
import { schema, type Database } from "./database";
import type { BlobRow, MediaRow } from "./blobs";

const { files, blobs, media } = schema;

export type FileRow = typeof files.$inferSelect;
export type NewFileRow = typeof files.$inferInsert;
export type { BlobRow, MediaRow };
/** A tree row with its blob and media rows (null for folders and unprocessed files). */
export type ItemRow = { file: FileRow; blob: BlobRow | null; media: MediaRow | null };

/**
 * A live item of the owner already has this name in the folder (names are unique per folder,
 * case-insensitively: the `files_live_name_unique` index). Every write that names an item
 * reports a clash with this error; core/name-clash.ts decides what happens then.
 */
export class NameTaken extends Error {
  constructor(cause: unknown) {
    super("an item with that name already exists in the folder", { cause });
  }
}

/**
 * The insert would take the owner past their quota: the `files_quota_guard` trigger refused it
 * inside the write (migration 0005), so racing uploads cannot all pass. core/quota.ts words it.
 */
export class OverQuota extends Error {
  constructor(cause: unknown) {
    super("the owner's quota has no room for this file", { cause });
  }
}

/** The one test for the quota trigger's refusal, however the client wraps it. */
export function isOverQuota(error: unknown): boolean {
  const text = String((error as { cause?: unknown })?.cause ?? "") + String(error);
  return text.includes("quota_exceeded");
}

/** The one test for a UNIQUE violation of the name index, however the client wraps it. */
function isNameClash(error: unknown): boolean {
  const text = String((error as { cause?: unknown })?.cause ?? "") + String(error);
  return text.includes("UNIQUE constraint failed") && text.includes("files");
}

/** Runs a write, turning a name clash into NameTaken. */
export async function namingWrite<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isOverQuota(error)) throw new OverQuota(error);
    throw isNameClash(error) ? new NameTaken(error) : error;
  }
}

/** Rows joined with their blob and media, as every listing wants them. */
function selectItems(db: Database) {
  return db
    .select({ file: files, blob: blobs, media })
    .from(files)
    .leftJoin(blobs, eq(blobs.id, files.blobId))
    .leftJoin(media, eq(media.blobId, files.blobId));
}

const live = (ownerId: string) => and(eq(files.ownerId, ownerId), isNull(files.trashedAt));
const inFolder = (parentId: string | null) =>
  parentId === null ? isNull(files.parentId) : eq(files.parentId, parentId);

/** A live (not trashed) item of this owner; undefined for anyone else's id. */
export async function findLiveItem(db: Database, ownerId: string, id: string): Promise<ItemRow | undefined> {
  const [row] = await selectItems(db)
    .where(and(eq(files.id, id), live(ownerId)))
    .limit(1);
  return row;
}

const SORT_COLUMNS: Record<SortKey, ReturnType<typeof sql>> = {
  name: sql`lower(${files.name})`,
  modified: sql`${files.updatedAt}`,
  size: sql`${files.size}`,
};

/**
 * Most rows one listing query returns. sqld refuses a response over its size limit ("Response is
 * too large", ~8,500 rows joined with blobs and media), so every listing is read in chunks this big.
 */
export const LISTING_CHUNK = 1000;

/** Where a page of a folder starts: just after this item, in the folders' section or the files'. */
export interface ChildPosition {
  kind: "folder" | "file";
  /** The item's value in the sort column (sqlite's `lower(name)`, `updated_at` or `size`). */
  key: string | number;
  id: string;
}

export interface ChildrenQuery {
  sort: SortKey;
  order: SortOrder;
  /** Rows wanted (at most LISTING_CHUNK are read). */
  limit: number;
  /** The last item of the previous page; the folder's start when undefined. */
  after?: ChildPosition;
}

export interface ChildrenPage {
  rows: ItemRow[];
  /** The position of the last row, to continue from; null when the folder has no more. */
  next: ChildPosition | null;
}

/**
 * One page of a folder, folders first, then by the sort column and id (keyset paging: each page
 * starts where the last one ended, read in order from the files_children_* indexes, so no page
 * sorts or skips over the whole folder).
 */
export async function listChildrenPage(
  db: Database,
  ownerId: string,
  parentId: string | null,
  query: ChildrenQuery,
): Promise<ChildrenPage> {
  const column = SORT_COLUMNS[query.sort];
  const descending = query.order === "desc";
  const limit = Math.min(query.limit, LISTING_CHUNK);
  const sections = (["folder", "file"] as const).filter((kind) => kind !== "folder" || query.after?.kind !== "file");
  const rows: (ItemRow & { key: string | number })[] = [];
  for (const kind of sections) {
    const after = query.after?.kind === kind ? query.after : undefined;
    const past = after
      ? descending
        ? sql`(${column}, ${files.id}) < (${after.key}, ${after.id})`
        : sql`(${column}, ${files.id}) > (${after.key}, ${after.id})`
      : undefined;
    const direction = descending ? sql`desc` : sql`asc`;
    const found = await db
      .select({ file: files, blob: blobs, media, key: sql<string | number>`${column}` })
      .from(files)
      .leftJoin(blobs, eq(blobs.id, files.blobId))
      .leftJoin(media, eq(media.blobId, files.blobId))
      .where(
        and(
          eq(files.ownerId, ownerId),
          eq(files.parentKey, parentId ?? ""),
          eq(files.kind, kind),
          isNull(files.trashedAt),
          past,
        ),
      )
      .orderBy(sql`${column} ${direction}`, sql`${files.id} ${direction}`)
      .limit(limit + 1 - rows.length);
    rows.push(...found);
    if (rows.length > limit) break;
  }
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return {
    rows: shown.map(({ file, blob, media }) => ({ file, blob, media })),
    next: rows.length > limit && last ? { kind: last.file.kind, key: last.key, id: last.file.id } : null,
  };
}

/** Every live item of a folder, folders first then by name, read LISTING_CHUNK rows at a time. */
export async function* allChildren(
  db: Database,
  ownerId: string,
  parentId: string | null,
  order: { sort: SortKey; order: SortOrder } = { sort: "name", order: "asc" },
): AsyncGenerator<ItemRow[]> {
  let after: ChildPosition | undefined;
  for (;;) {
    const page = await listChildrenPage(db, ownerId, parentId, { ...order, limit: LISTING_CHUNK, after });
    if (page.rows.length > 0) yield page.rows;
    if (!page.next) return;
    after = page.next;
  }
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
export async function searchByName(db: Database, ownerId: string, q: string, limit = 200): Promise<ItemRow[]> {
  const pattern = likeContaining(q);
  return selectItems(db)
    .where(and(live(ownerId), sql`lower(${files.name}) like ${pattern} escape '\\'`))
    .orderBy(sql`instr(lower(${files.name}), ${q.toLowerCase()})`, sql`length(${files.name})`, desc(files.updatedAt))
    .limit(limit);
}

/** Files changed or added most recently. */
export async function listRecent(db: Database, ownerId: string, limit = 100): Promise<ItemRow[]> {
  return selectItems(db)
    .where(and(live(ownerId), eq(files.kind, "file")))
    .orderBy(desc(files.updatedAt))
    .limit(limit);
}

export async function listStarred(db: Database, ownerId: string): Promise<ItemRow[]> {
  return selectItems(db)
    .where(and(live(ownerId), sql`${files.starredAt} is not null`))
    .orderBy(desc(sql`${files.kind} = 'folder'`), sql`lower(${files.name})`)
    .limit(5000);
}

/** Stars or unstars a live item; false when the owner has no such item. */
export async function setStarred(
  db: Database,
  ownerId: string,
  id: string,
  starred: boolean,
  now: number,
): Promise<boolean> {
  const rows = await db
    .update(files)
    .set({ starredAt: starred ? now : null })
    .where(and(eq(files.id, id), live(ownerId)))
    .returning({ id: files.id });
  return rows.length > 0;
}

/** The live item with this name in the folder (names compare case-insensitively), if any. */
export async function findByName(
  db: Database,
  ownerId: string,
  parentId: string | null,
  name: string,
): Promise<FileRow | undefined> {
  const [row] = await db
    .select()
    .from(files)
    .where(and(live(ownerId), inFolder(parentId), sql`lower(${files.name}) = lower(${name})`))
    .limit(1);
  return row;
}

/** Adds a row to the tree; NameTaken when its name is in use in the folder. */
export async function insertItem(db: Database, row: NewFileRow): Promise<FileRow> {
  const [inserted] = await namingWrite(() => db.insert(files).values(row).returning());
  if (!inserted) throw new Error("insert into files returned nothing");
  return inserted;
}

/** Renames and/or moves a live item; undefined when the owner has no such item, NameTaken on a clash. */
export async function updateItem(
  db: Database,
  ownerId: string,
  id: string,
  changes: Partial<Pick<FileRow, "name" | "parentId">>,
  now: number,
): Promise<FileRow | undefined> {
  const [row] = await namingWrite(() =>
    db
      .update(files)
      .set({ ...changes, updatedAt: now })
      .where(and(eq(files.id, id), live(ownerId)))
      .returning(),
  );
  return row;
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

/** Points a live file at other bytes (a WebDAV PUT over an existing file); the old blob id, or undefined when there is no such file. */
export async function replaceContent(
  db: Database,
  ownerId: string,
  id: string,
  content: { blobId: string; size: number; mime: string },
  now: number,
): Promise<{ oldBlobId: string | null } | undefined> {
  const [before] = await db
    .select({ blobId: files.blobId })
    .from(files)
    .where(and(eq(files.id, id), live(ownerId), eq(files.kind, "file")))
    .limit(1);
  if (!before) return undefined;
  const rows = await db
    .update(files)
    .set({ ...content, updatedAt: now })
    .where(and(eq(files.id, id), live(ownerId)))
    .returning({ id: files.id });
  return rows.length > 0 ? { oldBlobId: before.blobId } : undefined;
}

/** Sets when a live file was last modified, as a sync client reports it (WebDAV's X-OC-Mtime). */
export async function setModifiedTime(db: Database, ownerId: string, id: string, at: number): Promise<void> {
  await db
    .update(files)
    .set({ updatedAt: at })
    .where(and(eq(files.id, id), live(ownerId)));
}

/** Deletes a folder with nothing in it (a folder copy whose contents could not be added). */
export async function deleteEmptyFolder(db: Database, ownerId: string, id: string): Promise<void> {
  await db.run(sql`DELETE FROM files WHERE id = ${id} AND owner_id = ${ownerId} AND kind = 'folder'
    AND NOT EXISTS (SELECT 1 FROM files c WHERE c.parent_id = ${id})`);
}
