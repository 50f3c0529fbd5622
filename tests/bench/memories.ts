/**
 * Memories at scale: `GET /api/photos/memories` for today and for other days of the year, timed
 * (median server time from Server-Timing, and end to end) on a library the caller has seeded.
 * Part of the Photos bench (bench/photos.ts); run alone, it seeds MEMORIES_PHOTOS photos
 * (default 1,000,000) of one user with tests/harness/seed-photos.ts first:
 *
 *   npm run build && npx tsx tests/bench/memories.ts
 */
import { createClient } from "@libsql/client/web";
import { pathToFileURL } from "node:url";
import { Client } from "../harness/client";
import { databaseOf, removeDataDir, startHearth } from "../harness/hearth";
import { seedPhotos } from "../harness/seed-photos";
import { timedRequest } from "./measure";

/** The lines to print: memories of today and of three other days, with `n` photos in the library. */
export async function benchMemories(client: Client, n: string): Promise<string[]> {
  const today = new Date().toISOString().slice(0, 10);
  const year = today.slice(0, 4);
  const lines: string[] = [];
  for (const date of [today, `${year}-01-01`, `${year}-06-15`, `${year}-02-28`]) {
    const { server, wall, body } = await timedRequest(client, `/api/photos/memories?date=${date}`);
    const photos = body.years.reduce((sum: number, y: { items: unknown[] }) => sum + y.items.length, 0);
    lines.push(
      `with ${n} photos: memories of ${date} (${body.years.length} years, ${photos} photos listed): ${server.toFixed(0)} ms server, ${wall.toFixed(0)} ms end to end`,
    );
  }
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const count = Number(process.env.MEMORIES_PHOTOS ?? 1_000_000);
  const hearth = await startHearth();
  try {
    const client = new Client(hearth.url);
    await client.register("bench@example.com", "benchmark password", "Bench");
    const db = createClient(databaseOf(hearth));
    const owner = String((await db.execute("SELECT id FROM users WHERE email = 'bench@example.com'")).rows[0]?.id);
    const seedMs = await seedPhotos(db, owner, count);
    const n = count.toLocaleString("en");
    console.log(`seeded ${n} photos in ${(seedMs / 1000).toFixed(0)} s`);
    // What SQLite does for one year's day: a range of the timeline's index, nothing else.
    const plan = await db.execute({
      sql: `EXPLAIN QUERY PLAN SELECT id FROM files
        WHERE owner_id = ? AND trashed_at IS NULL AND kind = 'file' AND archived_at IS NULL
          AND sort_at >= ? AND sort_at < ? ORDER BY sort_at DESC, id DESC LIMIT 25`,
      args: [owner, Date.UTC(2020, 0, 1), Date.UTC(2020, 0, 2)],
    });
    for (const row of plan.rows) console.log(`  plan of one year's day: ${String(row.detail)}`);
    // For scale: the timeline's own first page, a similar number of rows.
    const page = await timedRequest(client, "/api/photos?limit=200");
    console.log(
      `with ${n} photos: the timeline's first page of 200: ${page.server.toFixed(0)} ms server, ${page.wall.toFixed(0)} ms end to end`,
    );
    for (const line of await benchMemories(client, n)) console.log(line);
  } finally {
    await hearth.stop();
    removeDataDir(hearth.dataDir);
  }
}
