/**
 * BENCH_ONLY=search: Search in Photos and the Places map at scale, through the HTTP API.
 *
 * Seeds BENCH_PHOTOS photos (default 1,000,000) of one user with the rows uploads and the media
 * process leave (tests/bench/photos.ts, places and cameras from tests/bench/places.ts), puts some
 * in albums, then times searches and map views: rounds of every request in turn (interleaved, so
 * a slow moment of the machine falls on all of them alike), the server's time (Server-Timing) and
 * the time to the last byte at the client, as medians with their spread (min–max).
 *
 * Seeding: every row through the product's triggers (search keys, documents, map cells, quota,
 * month counts) as uploads write them, 5,000 photos a transaction (tests/bench/photos.ts); then
 * albums: a few big ones by SQL (their rows' triggers write the album names into the documents)
 * and a small one, "Grandma's 80th", through the API.
 * BENCH_SEED_CHUNK (default 5,000) sets the photos a transaction.
 *
 * How long migration 0016_album_search takes on such a library: tests/bench/search-migration.ts.
 */
import type { Client as DbClient } from "@libsql/client/web";
import type { Client } from "../harness/client";
import { seedPhotos, withBusyRetry } from "./photos";

const SEED_CHUNK = Number(process.env.BENCH_SEED_CHUNK ?? 5_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const HOLIDAYS = 20;
const HOLIDAY_SIZE = 2_000;
const GRANDMA_SIZE = 120;

const photoId = (j: number) => `pf${String(j).padStart(8, "0")}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Seeds the library (photos, then albums); the lines to print. */
async function seedLibrary(db: DbClient, client: Client, owner: string, count: number): Promise<string[]> {
  const rowsMs = await seedPhotos(db, owner, count, SEED_CHUNK);
  const keys = Number((await db.execute("SELECT count(*) AS n FROM photo_search_keys")).rows[0]?.n);
  if (keys !== count) throw new Error(`${keys} photos have a search key, not ${count}`);

  const albumsStarted = performance.now();
  const now = Date.now();
  for (let a = 0; a < HOLIDAYS; a++) {
    const id = `benchalbum${a}`;
    const from = Math.floor((count * a) / HOLIDAYS);
    const size = Math.min(HOLIDAY_SIZE, Math.floor(count / HOLIDAYS));
    await withBusyRetry(() =>
      db.batch(
        [
          {
            sql: "INSERT INTO albums (id, owner_id, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            args: [id, owner, `Holiday ${2010 + a}`, now, now],
          },
          {
            sql: `WITH RECURSIVE seq(j) AS (SELECT ? UNION ALL SELECT j + 1 FROM seq WHERE j + 1 < ?)
              INSERT INTO album_items (album_id, file_id, added_by, added_at)
              SELECT ?, 'pf' || printf('%08d', j), ?, ? FROM seq`,
            args: [from, from + size, id, owner, now],
          },
        ],
        "write",
      ),
    );
  }
  const step = Math.max(1, Math.floor(count / 3 / GRANDMA_SIZE));
  const grandma = Array.from({ length: GRANDMA_SIZE }, (_, k) => photoId(Math.floor(count / 3) + k * step));
  const created = await client.json("POST", "/api/albums", { name: "Grandma's 80th", fileIds: grandma });
  if (created.status !== 201) throw new Error(`POST /api/albums → ${created.status} ${JSON.stringify(created.body)}`);
  const albumsMs = performance.now() - albumsStarted;
  const n = count.toLocaleString("en");
  return [
    `seeded ${n} photos in ${seconds(rowsMs + albumsMs)}: blob, media and file rows with their triggers ${seconds(rowsMs)} ` +
      `(${SEED_CHUNK.toLocaleString("en")} a transaction), ${HOLIDAYS} albums of ` +
      `${Math.min(HOLIDAY_SIZE, Math.floor(count / HOLIDAYS)).toLocaleString("en")} + one of ${GRANDMA_SIZE} ${seconds(albumsMs)}`,
  ];
}

interface Timing {
  label: string;
  path: string;
  server: number[];
  wall: number[];
  found: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const spread = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;

/** Seeds the library and times search and the map; the lines to print. */
export async function benchSearch(db: DbClient, client: Client, owner: string, count: number): Promise<string[]> {
  const lines = await seedLibrary(db, client, owner, count);
  const n = count.toLocaleString("en");
  const fileName = `IMG_${String(Math.floor(count * 0.4242)).padStart(8, "0")}`;
  const searches = [
    "Lisbon",
    "Portugal",
    "2019",
    "July 2019",
    "summer 2019",
    "iPhone",
    "Lisbon 2019",
    "Kyoto 2019",
    "canon july",
    fileName,
    "grandma",
    "grandma 2019",
    "holiday",
    "l",
    "i",
    "img_0",
    "Portugal 2019 p",
    "nowhere",
  ];
  const timings: Timing[] = searches.map((q) => ({
    label: `search "${q}"`,
    path: `/api/photos/search?q=${encodeURIComponent(q)}&limit=200`,
    server: [],
    wall: [],
    found: "",
  }));
  const views: [string, string, number][] = [
    ["the world", "-180,-85,180,85", 1],
    ["Europe", "-25,34,35,60", 4],
    ["a city (Lisbon)", "-9.5,38.5,-8.9,38.95", 11],
  ];
  for (const [label, bbox, zoom] of views)
    timings.push({
      label: `places, ${label} (zoom ${zoom})`,
      path: `/api/photos/places?bbox=${bbox}&zoom=${zoom}`,
      server: [],
      wall: [],
      found: "",
    });
  console.log(lines[0]);
  lines.push(...(await timeAll(client, timings, n)));
  return lines;
}

/** Rounds of every request in turn; a line per request. */
async function timeAll(client: Client, timings: Timing[], n: string): Promise<string[]> {
  const lines: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const t of timings) {
      const started = performance.now();
      const response = await client.request("GET", t.path);
      const body = await response.json();
      t.wall.push(performance.now() - started);
      if (response.status !== 200) throw new Error(`${t.path} → ${response.status} ${JSON.stringify(body)}`);
      t.server.push(Number(/dur=([\d.]+)/.exec(response.headers.get("server-timing") ?? "")?.[1] ?? NaN));
      t.found = body.items
        ? `${body.items.length}${body.nextCursor ? "+" : ""} in the first page`
        : `${body.clusters.length} clusters`;
    }
  }
  for (const t of timings)
    lines.push(
      `with ${n} photos: ${t.label} (${t.found}): server ${median(t.server).toFixed(0)} ms ` +
        `(${spread(t.server)}), end to end ${median(t.wall).toFixed(0)} ms (${spread(t.wall)}); ${ROUNDS} interleaved rounds`,
    );
  for (const line of lines) console.log("  " + line);
  return lines;
}
