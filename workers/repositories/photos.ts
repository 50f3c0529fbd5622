/**
 * The Photos timeline's queries. Every listing reads the partial indexes `files_photos_timeline_idx`
 * and `files_photos_archive_idx` (owner, sort_at, id) backwards, so a page costs the same at 100 or
 * 1,000,000 photos: the WHERE clauses below repeat the indexes' conditions word for word so SQLite
 * picks them. Month counts come from `photo_months`, kept by triggers (migration 0007).
 */
import { and, desc, eq, gt, gte, isNotNull, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { schema, type Database } from "./database";
import type { FileRow, ItemRow } from "./files";

const { files, blobs, media, photoMonths } = schema;

/** A position in the timeline: photos strictly older than this (date taken, then id) come next. */
export interface TimelineKey {
  sortAt: number;
  id: string;
}

export interface TimelinePage {
  /** Only photos in [from, to) (ms), e.g. one month; either may be absent. */
  from?: number;
  to?: number;
  before?: TimelineKey;
  limit: number;
}

/**
 * The timeline's rows (archived = false) or the archive's (archived = true), as the partial indexes
 * say. `sortBounded`: the query also compares sort_at (a cursor, a month), which implies
 * "sort_at IS NOT NULL" to SQLite's partial-index check. Then that term must be left out: SQLite
 * takes one lower bound for an index range, and given "IS NOT NULL" beside "sort_at >= x" it may
 * start from the oldest photo and filter its way up to x, which is linear in x's depth.
 */
function onShelf(ownerId: string, archived: boolean, sortBounded = false): SQL {
  return and(
    eq(files.ownerId, ownerId),
    isNull(files.trashedAt),
    eq(files.kind, "file"),
    sortBounded ? undefined : isNotNull(files.sortAt),
    archived ? isNotNull(files.archivedAt) : isNull(files.archivedAt),
  )!;
}

// The plain bound on sort_at (besides the OR) is what lets SQLite start the index scan at the
// cursor; with the OR alone it walks the index from the newest photo and filters, which is
// linear in how deep the page is.
const olderThan = (key: TimelineKey) =>
  and(
    lte(files.sortAt, key.sortAt),
    or(lt(files.sortAt, key.sortAt), and(eq(files.sortAt, key.sortAt), lt(files.id, key.id))),
  )!;
const newerThan = (key: TimelineKey) =>
  and(
    gte(files.sortAt, key.sortAt),
    or(gt(files.sortAt, key.sortAt), and(eq(files.sortAt, key.sortAt), gt(files.id, key.id))),
  )!;

function selectItems(db: Database) {
  return db
    .select({ file: files, blob: blobs, media })
    .from(files)
    .leftJoin(blobs, eq(blobs.id, files.blobId))
    .leftJoin(media, eq(media.blobId, files.blobId));
}

/** A page of the timeline (or the archive), newest first. */
export async function listTimeline(
  db: Database,
  ownerId: string,
  archived: boolean,
  page: TimelinePage,
): Promise<ItemRow[]> {
  const bounded = page.from !== undefined || page.to !== undefined || page.before !== undefined;
  const conditions = [onShelf(ownerId, archived, bounded)];
  if (page.from !== undefined) conditions.push(gte(files.sortAt, page.from));
  // SQLite bounds an index scan by one upper limit: give it the tighter of the month's end and the cursor.
  if (page.before) conditions.push(olderThan(page.before));
  if (page.to !== undefined && !(page.before && page.before.sortAt < page.to))
    conditions.push(lt(files.sortAt, page.to));
  return selectItems(db)
    .where(and(...conditions))
    .orderBy(desc(files.sortAt), desc(files.id))
    .limit(page.limit);
}

/** Up to `count` photos on each side of `key` on the same shelf: newer ones nearest first, older ones nearest first. */
export async function listNeighbours(
  db: Database,
  ownerId: string,
  archived: boolean,
  key: TimelineKey,
  count: number,
): Promise<{ newer: ItemRow[]; older: ItemRow[] }> {
  const shelf = onShelf(ownerId, archived, true);
  const [newer, older] = await Promise.all([
    selectItems(db)
      .where(and(shelf, newerThan(key)))
      .orderBy(files.sortAt, files.id)
      .limit(count),
    selectItems(db)
      .where(and(shelf, olderThan(key)))
      .orderBy(desc(files.sortAt), desc(files.id))
      .limit(count),
  ]);
  return { newer, older };
}

/** The timeline's month counts, newest month first. */
export async function listMonths(db: Database, ownerId: string): Promise<{ month: string; count: number }[]> {
  return db
    .select({ month: photoMonths.month, count: photoMonths.count })
    .from(photoMonths)
    .where(and(eq(photoMonths.ownerId, ownerId), sql`${photoMonths.count} > 0`))
    .orderBy(desc(photoMonths.month));
}

/** Archives or unarchives one of the owner's live photos; the row after, or undefined when there is none. */
export async function setArchived(
  db: Database,
  ownerId: string,
  id: string,
  archivedAt: number | null,
): Promise<FileRow | undefined> {
  const [row] = await db
    .update(files)
    .set({ archivedAt })
    .where(and(eq(files.id, id), eq(files.ownerId, ownerId), isNull(files.trashedAt), isNotNull(files.sortAt)))
    .returning();
  return row;
}
