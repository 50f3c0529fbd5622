/**
 * Memories' queries: which earlier years have photos in a month (from `photo_months`, a few dozen
 * rows at most), and one day's photos of one year. The day's query is a range on the timeline's
 * partial index `files_photos_timeline_idx` (owner, sort_at, id), its WHERE clause repeating the
 * index's conditions (see repositories/photos.ts), so it reads only that day's rows whatever the
 * size of the library.
 */
import { and, desc, eq, gte, isNull, lt, sql } from "drizzle-orm";
import { schema, type Database } from "./database";
import type { ItemRow } from "./files";

const { files, blobs, media, photoMonths } = schema;

/**
 * The years before `beforeYear` in which the owner's timeline has photos in month `month`
 * ("01".."12"), newest first.
 */
export async function yearsWithPhotosIn(
  db: Database,
  ownerId: string,
  month: string,
  beforeYear: number,
): Promise<number[]> {
  const rows = await db
    .select({ month: photoMonths.month })
    .from(photoMonths)
    .where(
      and(
        eq(photoMonths.ownerId, ownerId),
        sql`substr(${photoMonths.month}, 6, 2) = ${month}`,
        lt(photoMonths.month, `${String(beforeYear).padStart(4, "0")}-01`),
        sql`${photoMonths.count} > 0`,
      ),
    )
    .orderBy(desc(photoMonths.month));
  return rows.map((row) => Number(row.month.slice(0, 4)));
}

/**
 * The owner's timeline photos (live, not archived) taken in [from, to) (ms), newest first, at most
 * `limit`. "sort_at IS NOT NULL" is left out: the range implies it, and beside it SQLite may pick
 * the wrong lower bound for the index scan (see `onShelf` in repositories/photos.ts).
 */
export async function listTakenBetween(
  db: Database,
  ownerId: string,
  from: number,
  to: number,
  limit: number,
): Promise<ItemRow[]> {
  return db
    .select({ file: files, blob: blobs, media })
    .from(files)
    .leftJoin(blobs, eq(blobs.id, files.blobId))
    .leftJoin(media, eq(media.blobId, files.blobId))
    .where(
      and(
        eq(files.ownerId, ownerId),
        isNull(files.trashedAt),
        eq(files.kind, "file"),
        isNull(files.archivedAt),
        gte(files.sortAt, from),
        lt(files.sortAt, to),
      ),
    )
    .orderBy(desc(files.sortAt), desc(files.id))
    .limit(limit);
}
