/**
 * The Photos timeline at scale: seeds PHOTOS rows (default 1,000,000) of one user — blob, file and
 * media rows (cameras, GPS and place names too), as uploads and the media process leave them —
 * straight into the database with batched multi-row INSERTs, then times what the timeline asks
 * for: the month list, the first page, a month from the scrubber, a page deep inside the library,
 * a photo's neighbours, memories (bench/memories.ts), search and the Places map (bench/places.ts).
 * Medians of several runs of server time (Server-Timing) and end-to-end time.
 */
import type { Client as DbClient } from "@libsql/client/web";
import type { Client } from "../harness/client";
import { timedRequest } from "./measure";
import { benchMemories } from "./memories";
import { benchPlaces, placeSeedSql } from "./places";

/**
 * Photos per transaction: large enough that per-request costs vanish, well inside sqld's 5 s
 * transaction limit on a busy machine (each row also runs the search and map triggers).
 */
const CHUNK = Number(process.env.BENCH_SEED_CHUNK ?? 500);
/** Photos are spread over 15 years back from now. */
const SPAN_MS = 15 * 365 * 24 * 3600 * 1000;
const FOLDER_SIZE = 10_000;

const pad = (n: number) => String(n).padStart(8, "0");

/** A real ThumbHash and its colour, so the rows (and the API's answers) are as big as processed photos'. */
const THUMBHASH = "1QcSHQRnh493V4dIh4eXh1h4kJUI";
const COLOUR = "#8a7f6b";

/**
 * The rows of photos [from, to) made by SQLite itself: a recursive CTE counts, and one
 * INSERT ... SELECT per table writes them, so no row crosses the wire and the statement is parsed
 * once per chunk instead of binding 20,000 parameters per 2,000 rows. The triggers run for every
 * row as they do for uploads (quota, used bytes, month counts).
 *
 * Rows are made in date-taken order (photo j is the j-th newest) with ids in that order, so the
 * timeline index and the primary keys grow at one end instead of taking random inserts all over a
 * million-row b-tree (what made seeding slow down as it went). The upload order is still scattered
 * across the dates: photo j was the i-th uploaded, i = j·7919 mod count (a permutation, 7919 being
 * a prime that divides no count of the form 2^a·5^b).
 */
function seedChunk(owner: string, from: number, to: number, count: number, now: number) {
  const range = `WITH RECURSIVE seq(j) AS (SELECT ${from} UNION ALL SELECT j + 1 FROM seq WHERE j + 1 < ${to}),
    photo(j, i) AS (SELECT j, (j * 7919) % ${count} FROM seq)`;
  const pad8 = (column: string) => `printf('%08d', ${column})`;
  // One photo in 20 has no EXIF date and sits at its upload time (so the newest month is a big one).
  const takenAt = `CASE WHEN i % 20 = 0 THEN NULL ELSE ${now} - CAST(j * ${SPAN_MS / count} AS INTEGER) END`;
  const uploadedAt = `${now} - (${count} - i) * 1000`;
  const place = placeSeedSql();
  const gps = (value: string) => `CASE WHEN ${place.hasGps} THEN ${value} END`;
  return [
    `${range} INSERT INTO blobs (id, key, size, sha256, mime, created_at)
      SELECT 'pb' || ${pad8("j")}, 'originals/pb' || ${pad8("j")}, 3000000 + j, 'sha' || ${pad8("j")}, 'image/jpeg', ${uploadedAt} FROM photo`,
    // Cameras, GPS positions, place names and map tiles as the media process leaves them (bench/places.ts).
    `${range}, ${place.ctes} INSERT INTO media (blob_id, taken_at, camera_make, camera_model, latitude, longitude,
        place_city, place_region, place_country, place_country_code, map_x, map_y,
        width, height, thumbnails, thumbhash, placeholder_colour, updated_at)
      SELECT 'pb' || ${pad8("j")}, ${takenAt}, camera.make, camera.model,
        ${gps(`town.lat - ${place.dy} * 0.00107`)}, ${gps(`town.lng + ${place.dx} * 0.001373`)},
        ${gps("town.city")}, ${gps("town.region")}, ${gps("town.country")}, ${gps("town.code")},
        ${gps(`town.x + ${place.dx}`)}, ${gps(`town.y + ${place.dy}`)},
        CASE WHEN j % 3 = 0 THEN 3000 ELSE 4000 END,
        CASE WHEN j % 3 = 0 THEN 4000 ELSE 3000 END, '240,720', '${THUMBHASH}', '${COLOUR}', ${uploadedAt}
      FROM photo JOIN camera ON camera.c = ${place.cameraOf} JOIN town ON town.t = ${place.townOf}`,
    // The file rows with the sort_at the insert trigger would give them (taken, else uploaded),
    // which saves it a lookup per row.
    `${range} INSERT INTO files (id, owner_id, parent_id, name, kind, size, mime, blob_id, created_at, updated_at, sort_at)
      SELECT 'pf' || ${pad8("j")}, '${owner}', 'photofolder' || ${pad8(`j / ${FOLDER_SIZE}`)}, 'IMG_' || ${pad8("j")} || '.jpg',
        'file', 3000000 + j, 'image/jpeg', 'pb' || ${pad8("j")}, ${uploadedAt}, ${uploadedAt}, coalesce(${takenAt}, ${uploadedAt}) FROM photo`,
  ];
}

/**
 * sqld waits only 100 ms for the write lock; a timed checkpoint or the media pump can hold it
 * longer on a busy machine. A refused batch wrote nothing, so it is simply sent again.
 */
export async function withBusyRetry<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      // A transaction over sqld's time limit (a busy machine; triggers run per row) was rolled back too.
      const code = (error as { code?: string }).code;
      if ((code !== "SQLITE_BUSY" && code !== "TRANSACTION_TIMEOUT") || attempt >= 30) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

/**
 * Seeds `count` photos of `owner` (blob, media and file rows) in folders of 10,000, `chunk` photos
 * a transaction; resolves with how long it took.
 */
export async function seedPhotos(db: DbClient, owner: string, count: number, chunk = CHUNK): Promise<number> {
  if (!/^[A-Za-z0-9_-]+$/.test(owner)) throw new Error(`unexpected owner id ${owner}`);
  const started = performance.now();
  const now = Date.now();
  const folders: { sql: string; args: (string | number)[] }[] = [];
  for (let f = 0; f * FOLDER_SIZE < count; f++)
    folders.push({
      sql: "INSERT INTO files (id, owner_id, parent_id, name, kind, size, created_at, updated_at) VALUES (?, ?, NULL, ?, 'folder', 0, ?, ?)",
      args: [`photofolder${pad(f)}`, owner, `Camera ${f}`, now, now],
    });
  await withBusyRetry(() => db.batch(folders, "write"));
  for (let start = 0; start < count; start += chunk) {
    const end = Math.min(count, start + chunk);
    await withBusyRetry(() => db.batch(seedChunk(owner, start, end, count, now), "write"));
    if (end % 100_000 === 0 || end === count)
      console.log(
        `  seeded ${end.toLocaleString("en")} photos (${((performance.now() - started) / 1000).toFixed(0)} s)`,
      );
  }
  return performance.now() - started;
}

const figure = (label: string, m: { server: number; wall: number }) =>
  `${label}: ${m.server.toFixed(0)} ms server, ${m.wall.toFixed(0)} ms end to end`;

/** Seeds the photos and times the timeline; the lines to print. */
export async function benchPhotos(db: DbClient, client: Client, owner: string, count: number): Promise<string[]> {
  const seedMs = await seedPhotos(db, owner, count);
  const n = count.toLocaleString("en");
  const results = [`seeded ${n} photos (blob + file + media rows) in ${(seedMs / 1000).toFixed(1)} s`];
  const months = await timedRequest(client, "/api/photos/months");
  const first = await timedRequest(client, "/api/photos?limit=200");
  results.push(figure(`with ${n} photos: month list (${months.body.months.length} months)`, months));
  results.push(figure(`with ${n} photos: first page of 200`, first));
  results.push(
    `with ${n} photos: first screen (month list + first page): ${(months.server + first.server).toFixed(0)} ms server, ${(months.wall + first.wall).toFixed(0)} ms end to end`,
  );
  const list = months.body.months as { month: string; count: number }[];
  const middle = list[Math.floor(list.length / 2)]!;
  const oldest = list.at(-1)!;
  results.push(
    figure(
      `with ${n} photos: a month from the scrubber (${middle.month}, ${middle.count} photos; first 200)`,
      await timedRequest(client, `/api/photos?month=${middle.month}&limit=200`),
    ),
  );
  results.push(
    figure(
      `with ${n} photos: the oldest month (${oldest.month}; first 200)`,
      await timedRequest(client, `/api/photos?month=${oldest.month}&limit=200`),
    ),
  );
  const inMonth = await timedRequest(client, `/api/photos?month=${middle.month}&limit=200`);
  // A small library (BENCH_PHOTOS) may have no second page in that month.
  if (inMonth.body.nextCursor) {
    const deep = await timedRequest(
      client,
      `/api/photos?limit=200&before=${encodeURIComponent(inMonth.body.nextCursor)}`,
    );
    results.push(figure(`with ${n} photos: a page of 200 deep in the library (keyset cursor)`, deep));
  }
  const photo = inMonth.body.items[100].id as string;
  results.push(
    figure(
      `with ${n} photos: a photo's neighbours (5 each side)`,
      await timedRequest(client, `/api/photos/${photo}/neighbours?count=5`),
    ),
  );
  results.push(...(await benchMemories(client, n)));
  results.push(...(await benchPlaces(client, n)));
  results.push(...(await bulkActions(client, n)));
  return results;
}

/** Requests in flight at once, as the web app's selection bar sends them (createPhotoActions.ts). */
const IN_FLIGHT = 8;
const BULK = 300;

/** Time to favourite, archive and unarchive a selection of BULK photos one request each, IN_FLIGHT at a time. */
async function bulkActions(client: Client, n: string): Promise<string[]> {
  const page = await (await client.request("GET", `/api/photos?limit=${BULK}`)).json();
  const ids = (page.items as { id: string }[]).map((item) => item.id);
  const each = async (method: string, path: (id: string) => string) => {
    const started = performance.now();
    let next = 0;
    const lane = async () => {
      while (next < ids.length) {
        const response = await client.request(method, path(ids[next++]!));
        if (!response.ok) throw new Error(`${method} ${response.url} → ${response.status} ${await response.text()}`);
        await response.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    return performance.now() - started;
  };
  const star = await each("PUT", (id) => `/api/files/${id}/star`);
  const archive = await each("PUT", (id) => `/api/files/${id}/archive`);
  const unarchive = await each("DELETE", (id) => `/api/files/${id}/archive`);
  const line = (what: string, ms: number) =>
    `with ${n} photos: ${what} ${ids.length} selected photos (${IN_FLIGHT} requests in flight): ${ms.toFixed(0)} ms`;
  return [line("favourite", star), line("archive", archive), line("unarchive", unarchive)];
}
