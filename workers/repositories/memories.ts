/**
 * Memories' queries: which earlier years have photos in a month (from `photo_months`, a few dozen
 * rows at most), and the photos of one day in each of those years. Each day is a range on the
 * timeline's partial index `files_photos_timeline_idx` (owner, sort_at, id), its WHERE clause
 * repeating the index's conditions (see repositories/photos.ts) and leaving out "sort_at IS NOT
 * NULL", which the range implies and which may make SQLite pick the wrong lower bound (`onShelf`
 * there). So it reads only those days' rows, whatever the size of the library.
 */
import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
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
 * The owner's timeline photos in each of several ranges [from, to) (ms), at most `limit` per
 * range, newest first: the ids of each range in one statement (each a range read of the index
 * alone), then their rows.
 */
export async function listTakenInRanges(
  db: Database,
  ownerId: string,
  ranges: { from: number; to: number }[],
  limit: number,
): Promise<ItemRow[]> {
  if (ranges.length === 0) return [];
  const picks = ranges.map(
    ({ from, to }) =>
      sql`SELECT * FROM (SELECT ${files.id} AS id FROM ${files} WHERE ${files.ownerId} = ${ownerId}
        AND ${files.trashedAt} IS NULL AND ${files.kind} = 'file' AND ${files.archivedAt} IS NULL
        AND ${files.sortAt} >= ${from} AND ${files.sortAt} < ${to}
        ORDER BY ${files.sortAt} DESC, ${files.id} DESC LIMIT ${limit})`,
  );
  const ids = (await db.all<{ id: string }>(sql.join(picks, sql` UNION ALL `))).map((row) => row.id);
  if (ids.length === 0) return [];
  return db
    .select({ file: files, blob: blobs, media })
    .from(files)
    .leftJoin(blobs, eq(blobs.id, files.blobId))
    .leftJoin(media, eq(media.blobId, files.blobId))
    .where(inArray(files.id, ids))
    .orderBy(desc(files.sortAt), desc(files.id));
}
