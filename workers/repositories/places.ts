/**
 * Places and search over the owner's timeline photos. The FTS5 table `photo_search`, the keys in
 * `photo_search_keys` and the map's counts in `photo_map_cells` are kept by triggers (migrations
 * 0012_places and 0016_album_search, which added album names); this file only reads them, and writes the place columns of `media` that feed them.
 *
 * A search reads `photo_search` alone, newest first (`ORDER BY rowid DESC`: a document's rowid is
 * its photo's key, ordered like the timeline), so FTS5 stops after a page of matches, however many
 * photos match; the page's rows are then read by primary key.
 */
import { and, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { schema, type Database } from "./database";
import type { ItemRow } from "./files";

const { files, blobs, media, photoMapCells } = schema;

/** Photos with GPS whose place was never worked out (processed before Hearth knew places). */
export async function listPlaceBacklog(
  db: Database,
  limit: number,
): Promise<{ blobId: string; latitude: number; longitude: number }[]> {
  const rows = await db
    .select({ blobId: media.blobId, latitude: media.latitude, longitude: media.longitude })
    .from(media)
    .where(and(isNotNull(media.latitude), isNull(media.mapX)))
    .limit(limit);
  return rows.filter((r) => r.longitude !== null) as { blobId: string; latitude: number; longitude: number }[];
}

export interface PlaceColumns {
  placeCity: string | null;
  placeRegion: string | null;
  placeCountry: string | null;
  placeCountryCode: string | null;
  mapX: number;
  mapY: number;
}

/** Writes the place columns of several media rows in one transaction. */
export async function savePlaces(db: Database, rows: { blobId: string; values: PlaceColumns }[]): Promise<void> {
  const [first, ...rest] = rows.map(({ blobId, values }) =>
    db.update(media).set(values).where(eq(media.blobId, blobId)),
  );
  if (first) await db.batch([first, ...rest]);
}

/**
 * Up to `limit` keys and file ids of the owner's photos matching an FTS5 query, newest first,
 * older than `before` (a key, in decimal) when given. The query must name the owner's token itself.
 */
export async function matchPhotos(
  db: Database,
  match: string,
  before: string | undefined,
  limit: number,
): Promise<{ key: string; fileId: string }[]> {
  // Keys pass 2^53 (seconds × 2^29): they travel as decimal text, never as JS numbers.
  const older = before === undefined ? sql`` : sql`AND rowid < CAST(${before} AS INTEGER)`;
  return db.all<{ key: string; fileId: string }>(sql`
    SELECT CAST(rowid AS TEXT) AS key, file_id AS fileId FROM photo_search
    WHERE photo_search MATCH ${match} ${older}
    ORDER BY rowid DESC LIMIT ${limit}`);
}

/**
 * The owner's items with these ids (any order; missing ids are left out). Read by primary key:
 * `+owner_id` keeps SQLite (which has no statistics here) from walking the owner's index instead,
 * every file of the owner (3 s a page at 1,000,000 photos).
 */
export async function listItemsByIds(db: Database, ownerId: string, ids: string[]): Promise<ItemRow[]> {
  if (ids.length === 0) return [];
  return db
    .select({ file: files, blob: blobs, media })
    .from(files)
    .leftJoin(blobs, eq(blobs.id, files.blobId))
    .leftJoin(media, eq(media.blobId, files.blobId))
    .where(and(inArray(files.id, ids), sql`+${files.ownerId} = ${ownerId}`));
}

export interface CellRow {
  x: number;
  y: number;
  count: number;
  latitude: number;
  longitude: number;
  /** The newest photo in the cell. */
  coverId: string | null;
}

/**
 * The owner's map cells at `level` inside tile columns [x0, x1] and rows [y0, y1], the fullest
 * first, at most `limit`; each with its newest photo (an FTS5 lookup of the cell's tile token).
 */
export async function listCells(
  db: Database,
  ownerId: string,
  ownerToken: string,
  level: number,
  range: { x0: number; x1: number; y0: number; y1: number },
  limit: number,
): Promise<CellRow[]> {
  const c = photoMapCells;
  return db.all<CellRow>(sql`
    SELECT ${c.x} AS x, ${c.y} AS y, ${c.count} AS count,
      ${c.latitudeSum} / ${c.count} AS latitude, ${c.longitudeSum} / ${c.count} AS longitude,
      (SELECT file_id FROM photo_search
        WHERE photo_search MATCH ${`owner:${ownerToken} AND area:t${level}x`} || ${c.x} || 'y' || ${c.y}
        ORDER BY rowid DESC LIMIT 1) AS coverId
    FROM ${c}
    WHERE ${c.ownerId} = ${ownerId} AND ${c.level} = ${level}
      AND ${c.x} BETWEEN ${range.x0} AND ${range.x1} AND ${c.y} BETWEEN ${range.y0} AND ${range.y1}
    ORDER BY ${c.count} DESC LIMIT ${limit}`);
}
