/**
 * Partner sharing at scale (`BENCH_ONLY=partners npm run bench`, BENCH_PARTNER_PHOTOS photos, default
 * 200,000): the owner's photos are seeded in folders of 10,000 (each a run of dates, 15 years in
 * all), 20,000 of the partner's own besides, and the partner's timeline and the partner's page are
 * timed with the share whole, from a date, limited to two folders (one a subfolder of the other) and
 * to one sparse folder of 1,000 photos spread over the 15 years: the month list, the first page, a
 * page deep in the library (keyset cursor) and a photo's neighbours. The owner's own timeline is
 * the baseline. Medians of 7 runs, server time (Server-Timing) and end to end.
 */
import type { Client as DbClient } from "@libsql/client/web";
import type { Client } from "../harness/client";
import { timedRequest } from "./measure";
import { seedPhotos } from "../harness/seed-photos";

/** A result line, printed as it comes too (the whole run takes minutes). */
function figure(label: string, m: { server: number; wall: number }): string {
  const line = `${label}: ${m.server.toFixed(0)} ms server, ${m.wall.toFixed(0)} ms end to end`;
  console.log(`  ${line}`);
  return line;
}

/** Month list, first page, a deep page and neighbours of one listing (the timeline, or the partner's page). */
async function timeListing(client: Client, label: string, base: string, monthsPath: string): Promise<string[]> {
  const months = await timedRequest(client, monthsPath);
  const first = await timedRequest(client, `${base}?limit=200`);
  const total = (months.body.months as { count: number }[]).reduce((sum, m) => sum + m.count, 0);
  const lines = [
    figure(`${label}: month list (${months.body.months.length} months, ${total.toLocaleString("en")} photos)`, months),
    figure(`${label}: first page of 200`, first),
  ];
  // Half-way down: the month at the middle of the list, then the page after its first one.
  const list = months.body.months as { month: string }[];
  const middle = list[Math.floor(list.length / 2)];
  if (middle) {
    const inMonth = await timedRequest(client, `${base}?month=${middle.month}&limit=200`);
    lines.push(figure(`${label}: a month from the scrubber (${middle.month}, first 200)`, inMonth));
    const cursor = inMonth.body.nextCursor ?? first.body.nextCursor;
    if (cursor)
      lines.push(
        figure(
          `${label}: a page of 200 deep in the library (keyset cursor)`,
          await timedRequest(client, `${base}?limit=200&before=${encodeURIComponent(cursor)}`),
        ),
      );
  }
  const photo = first.body.items.at(-1)?.id as string | undefined;
  if (photo) {
    const around = base.startsWith("/api/partners/")
      ? `${base}/${photo}/neighbours?count=20`
      : `/api/photos/${photo}/neighbours?count=20`;
    lines.push(figure(`${label}: a photo's neighbours (20 each side)`, await timedRequest(client, around)));
  }
  return lines;
}

export async function benchPartners(
  db: DbClient,
  owner: { client: Client; id: string },
  partner: { client: Client; id: string },
  count: number,
): Promise<string[]> {
  const n = count.toLocaleString("en");
  const seedMs = await seedPhotos(db, owner.id, count, { tag: "o" });
  await seedPhotos(db, partner.id, 20_000, { tag: "p" });
  // A sparse folder: 1,000 of the owner's photos, one in every count/1,000, spread over all 15 years
  // (the + 7 steers clear of the seed's photos without a date taken, which sit at their upload time).
  const sparse = "sparsefolder";
  const now = Date.now();
  await db.execute({
    sql: "INSERT INTO files (id, owner_id, parent_id, name, kind, size, created_at, updated_at) VALUES (?, ?, NULL, 'Best of', 'folder', 0, ?, ?)",
    args: [sparse, owner.id, now, now],
  });
  const step = Math.max(1, Math.floor(count / 1000));
  await db.execute(
    `WITH RECURSIVE s(v) AS (SELECT 0 UNION ALL SELECT v + 1 FROM s WHERE v < 999)
     UPDATE files SET parent_id = '${sparse}' WHERE id IN (SELECT 'pfo' || printf('%08d', v * ${step} + 7) FROM s)`,
  );
  const results = [`seeded ${n} photos of the owner (+20,000 of the partner's) in ${(seedMs / 1000).toFixed(1)} s`];
  results.push(
    ...(await timeListing(
      owner.client,
      `owner's own timeline, ${n} photos (baseline)`,
      "/api/photos",
      "/api/photos/months",
    )),
  );

  const put = async (body: object) => {
    const response = await owner.client.json("PUT", `/api/partners/${partner.id}`, body);
    if (response.status !== 200) throw new Error(`share → ${response.status} ${JSON.stringify(response.body)}`);
  };
  await partner.client.json("PATCH", `/api/partners/${owner.id}`, { showInTimeline: true });
  const both = async (label: string) => [
    ...(await timeListing(partner.client, `partner's timeline, ${label}`, "/api/photos", "/api/photos/months")),
    ...(await timeListing(
      partner.client,
      `partner's page, ${label}`,
      `/api/partners/${owner.id}/photos`,
      `/api/partners/${owner.id}/photos/months`,
    )),
  ];
  await put({});
  await partner.client.json("PATCH", `/api/partners/${owner.id}`, { showInTimeline: true });
  results.push(...(await both(`whole library of ${n}`)));
  const mid = new Date(now - 7.3 * 365 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  await put({ from: mid });
  results.push(...(await both(`from ${mid}`)));
  // Two camera folders of 10,000, the second moved inside the first (a subfolder).
  const [f1, f2] = ["photofoldero00000003", "photofoldero00000011"];
  await owner.client.json("PATCH", `/api/files/${f2}`, { parentId: f1 });
  await put({ folderIds: [f1] });
  results.push(...(await both("2 folders of 10,000 (one inside the other)")));
  await put({ folderIds: [sparse] });
  results.push(...(await both("1 sparse folder of 1,000 over 15 years")));
  return results;
}
