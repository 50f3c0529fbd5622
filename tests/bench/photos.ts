/**
 * The Photos timeline at scale: seeds PHOTOS rows (default 1,000,000) of one user — blob, file and
 * media rows, as uploads and the media process leave them — straight into the database with
 * batched multi-row INSERTs, then times what the timeline asks for: the month list, the first page,
 * a month from the scrubber, a page deep inside the library, and a photo's neighbours.
 * Medians of several runs of server time (Server-Timing) and end-to-end time.
 */
import type { Client as DbClient } from "@libsql/client/web";
import type { Client } from "../harness/client";

const BATCH = 2000;
const RUNS = 7;
/** Photos are spread over 15 years back from now. */
const SPAN_MS = 15 * 365 * 24 * 3600 * 1000;
const FOLDER_SIZE = 10_000;

const pad = (n: number) => String(n).padStart(8, "0");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Seeds `count` photos of `owner`; resolves with how long it took. */
export async function seedPhotos(db: DbClient, owner: string, count: number): Promise<number> {
  const started = performance.now();
  const now = Date.now();
  const folders: string[] = [];
  for (let f = 0; f * FOLDER_SIZE < count; f++) {
    const id = `photofolder${pad(f)}`;
    folders.push(id);
    await db.execute({
      sql: "INSERT INTO files (id, owner_id, parent_id, name, kind, size, created_at, updated_at) VALUES (?, ?, NULL, ?, 'folder', 0, ?, ?)",
      args: [id, owner, `Camera ${f}`, now, now],
    });
  }
  for (let start = 0; start < count; start += BATCH) {
    const end = Math.min(count, start + BATCH);
    const blobs: string[] = [];
    const media: string[] = [];
    const files: string[] = [];
    const blobArgs: (string | number | null)[] = [];
    const mediaArgs: (string | number | null)[] = [];
    const fileArgs: (string | number | null)[] = [];
    for (let i = start; i < end; i++) {
      const blobId = `pb${pad(i)}`;
      // A scattered date taken (not in upload order), and one photo in 20 without EXIF, which sits
      // at its upload time (the newest month is a big one).
      const takenAt = i % 20 === 0 ? null : now - ((i * 7919) % count) * (SPAN_MS / count);
      const uploadedAt = now - (count - i) * 1000;
      const portrait = i % 3 === 0;
      blobs.push("(?, ?, ?, ?, 'image/jpeg', ?)");
      blobArgs.push(blobId, `originals/${blobId}`, 3_000_000 + i, `sha${pad(i)}`, uploadedAt);
      media.push("(?, ?, 'Hearth', 'Bench', ?, ?, '240,720', ?)");
      mediaArgs.push(blobId, takenAt, portrait ? 3000 : 4000, portrait ? 4000 : 3000, uploadedAt);
      files.push("(?, ?, ?, ?, 'file', ?, 'image/jpeg', ?, ?, ?, ?)");
      const parent = folders[Math.floor(i / FOLDER_SIZE)]!;
      fileArgs.push(
        `pf${pad(i)}`,
        owner,
        parent,
        `IMG_${pad(i)}.jpg`,
        3_000_000 + i,
        blobId,
        uploadedAt,
        uploadedAt,
        takenAt ?? uploadedAt,
      );
    }
    // The file rows with the sort_at the insert trigger would give them (taken, else uploaded), which
    // saves it a lookup per row; the month-count trigger runs for every row as it does for uploads.
    await db.batch(
      [
        {
          sql: `INSERT INTO blobs (id, key, size, sha256, mime, created_at) VALUES ${blobs.join(", ")}`,
          args: blobArgs,
        },
        {
          sql: `INSERT INTO media (blob_id, taken_at, camera_make, camera_model, width, height, thumbnails, updated_at) VALUES ${media.join(", ")}`,
          args: mediaArgs,
        },
        {
          sql: `INSERT INTO files (id, owner_id, parent_id, name, kind, size, mime, blob_id, created_at, updated_at, sort_at) VALUES ${files.join(", ")}`,
          args: fileArgs,
        },
      ],
      "write",
    );
    if ((end / BATCH) % 50 === 0) console.log(`  seeded ${end.toLocaleString("en")} photos`);
  }
  return performance.now() - started;
}

/** Median server and end-to-end time of a request, over RUNS runs. */
async function measure(client: Client, path: string): Promise<{ server: number; wall: number; body: any }> {
  const server: number[] = [];
  const wall: number[] = [];
  let body: any;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const response = await client.request("GET", path);
    body = await response.json();
    wall.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`${path} → ${response.status} ${JSON.stringify(body)}`);
    server.push(Number(/dur=([\d.]+)/.exec(response.headers.get("server-timing") ?? "")?.[1] ?? NaN));
  }
  return { server: median(server), wall: median(wall), body };
}

const figure = (label: string, m: { server: number; wall: number }) =>
  `${label}: ${m.server.toFixed(0)} ms server, ${m.wall.toFixed(0)} ms end to end`;

/** Seeds the photos and times the timeline; the lines to print. */
export async function benchPhotos(db: DbClient, client: Client, owner: string, count: number): Promise<string[]> {
  const seedMs = await seedPhotos(db, owner, count);
  const n = count.toLocaleString("en");
  const results = [`seeded ${n} photos (blob + file + media rows) in ${(seedMs / 1000).toFixed(1)} s`];
  const months = await measure(client, "/api/photos/months");
  const first = await measure(client, "/api/photos?limit=200");
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
      await measure(client, `/api/photos?month=${middle.month}&limit=200`),
    ),
  );
  results.push(
    figure(
      `with ${n} photos: the oldest month (${oldest.month}; first 200)`,
      await measure(client, `/api/photos?month=${oldest.month}&limit=200`),
    ),
  );
  const inMonth = await measure(client, `/api/photos?month=${middle.month}&limit=200`);
  const deep = await measure(client, `/api/photos?limit=200&before=${encodeURIComponent(inMonth.body.nextCursor)}`);
  results.push(figure(`with ${n} photos: a page of 200 deep in the library (keyset cursor)`, deep));
  const photo = inMonth.body.items[100].id as string;
  results.push(
    figure(
      `with ${n} photos: a photo's neighbours (5 each side)`,
      await measure(client, `/api/photos/${photo}/neighbours?count=5`),
    ),
  );
  return results;
}
