/**
 * The Photos timeline at scale: seeds PHOTOS rows (default 1,000,000) of one user — blob, file and
 * media rows, as uploads and the media process leave them — straight into the database with
 * batched multi-row INSERTs, then times what the timeline asks for: the month list, the first page,
 * a month from the scrubber, a page deep inside the library, and a photo's neighbours.
 * Medians of several runs of server time (Server-Timing) and end-to-end time.
 */
import type { Client as DbClient } from "@libsql/client/web";
import type { Client } from "../harness/client";
import { seedPhotos } from "../harness/seed-photos";

const RUNS = 7;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

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
