/**
 * `npm run bench`: Hearth's speed as ratios to baselines measured in the same run on the same disk.
 *   - start to healthy, and idle RSS of the whole process tree (supervisor + sqld + workerd)
 *   - a 1 GiB file through `PUT /api/files/content`, WebDAV PUT and tus (8 MiB chunks), all by
 *     curl, vs `cp` of the same file: interleaved runs, median and spread, CPU per process
 *     (tests/bench/uploads.ts; BENCH_ONLY=uploads for these alone)
 *   - thumbnails (240 + 720) of a 12 MP photo in the media process vs sharp, interleaved rounds
 *   - listing a 10,000-file folder and searching names, with 10,000 and 100,000 files
 *   - a 10,000-photo folder with blob and media rows: first screen, whole listing, PROPFIND, by
 *     curl (tests/bench/folders.ts; BENCH_ONLY=folders runs only this part)
 *   - the Photos timeline with 1,000,000 photos (tests/bench/photos.ts)
 *   - idle RSS at rest and after 50 photos, and importing 200 12 MP photos vs a sharp pool
 *     (tests/bench/import.ts; BENCH_ONLY=import runs only this part)
 *   - BENCH_ONLY=s3: upload/download through S3 (Ceph RGW) as a ratio to the local disk (tests/bench/s3.ts)
 *   - BENCH_ONLY=partners: partner sharing with 200,000 photos (tests/bench/partners.ts)
 * BENCH_UPLOAD_MIB changes the upload size (default 1024); BENCH_PHOTOS the number of photos
 * (default 1,000,000); BENCH_ONLY=photos runs only the Photos part.
 *   - BENCH_ONLY=search: Search in Photos and the Places map with BENCH_PHOTOS photos, seeded fast
 *     (tests/bench/search.ts; BENCH_ROUNDS interleaved rounds, default 9); migration 0016's time on
 *     such a library: `npx tsx tests/bench/search-migration.ts [photos]`
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureFixtures } from "../fixtures/make-fixtures.mjs";
import { createClient, type Client as DbClient } from "@libsql/client/web";
import { Client } from "../harness/client";
import { databaseOf, ROOT, startHearth } from "../harness/hearth";
import { benchThumbnails } from "./thumbnails";
import { benchPartners } from "./partners";
import { benchPhotos } from "./photos";
import { benchSearch } from "./search";
import { benchImport } from "./import";
import { benchS3 } from "./s3";
import { benchFolders } from "./folders";
import { benchUploads } from "./uploads";

const MIB = 1024 * 1024;
const uploadMiB = Number(process.env.BENCH_UPLOAD_MIB ?? 1024);
const photoCount = Number(process.env.BENCH_PHOTOS ?? 1_000_000);
const photosOnly = process.env.BENCH_ONLY === "photos";
const work = join(ROOT, ".tmp", "bench");
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** RSS in KiB of a process and all its descendants. */
function treeRssKiB(pid: number): { total: number; parts: Record<string, number> } {
  const parts: Record<string, number> = {};
  let total = 0;
  const visit = (p: number) => {
    try {
      const status = readFileSync(`/proc/${p}/status`, "utf8");
      const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const name = /Name:\s+(\S+)/.exec(status)?.[1] ?? String(p);
      parts[name] = (parts[name] ?? 0) + rss;
      total += rss;
      const children = readFileSync(`/proc/${p}/task/${p}/children`, "utf8")
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number);
      children.forEach(visit);
    } catch {
      // exited meanwhile
    }
  };
  visit(pid);
  return { total, parts };
}

function makeFile(path: string, mib: number): void {
  if (existsSync(path) && statSync(path).size === mib * MIB) return;
  const chunk = randomBytes(MIB);
  writeFileSync(path, "");
  for (let i = 0; i < mib; i++) writeFileSync(path, chunk, { flag: "a" });
}

async function main(): Promise<void> {
  if (process.env.BENCH_ONLY === "s3") {
    // BENCH_ONLY=s3: Hearth on S3 (Ceph RGW) vs on the local disk (tests/bench/s3.ts).
    for (const line of await benchS3()) console.log("  " + line);
    return;
  }
  await ensureFixtures();
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(work, "data"), { recursive: true });
  const results: string[] = [];

  const startedAt = Date.now();
  const hearth = await startHearth({ dataDir: join(work, "data") });
  running = hearth;
  for (;;) {
    const r = await fetch(`${hearth.url}/health`).catch(() => null);
    if (r?.status === 200) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  const startMs = Date.now() - startedAt;
  results.push(`start to healthy: ${seconds(startMs)}`);

  const client = new Client(hearth.url);
  await client.register("bench@example.com", "benchmark password", "Bench");
  if (process.env.BENCH_ONLY === "import") {
    results.push(...(await benchImport(hearth, client)));
    await finish(hearth, results);
    return;
  }
  if (process.env.BENCH_ONLY === "folders") {
    results.push(...(await benchFolders(hearth, client)));
    await finish(hearth, results);
    return;
  }
  if (process.env.BENCH_ONLY === "partners") {
    results.push(...(await partnersPart(hearth.url, databaseOf(hearth), client)));
    await finish(hearth, results);
    return;
  }
  if (photosOnly || process.env.BENCH_ONLY === "search") {
    results.push(...(await photosPart(hearth.url, databaseOf(hearth), client)));
    await finish(hearth, results);
    return;
  }
  // One sign-in: the scrypt hash (N=16384, r=16, p=1) dominates it.
  const logins: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await new Client(hearth.url).login("bench@example.com", "benchmark password");
    logins.push(performance.now() - started);
  }
  results.push(`one sign-in (POST /api/auth/login): median ${[...logins].sort((a, b) => a - b)[2]!.toFixed(0)} ms`);
  await new Promise((r) => setTimeout(r, 5000));
  const idle = treeRssKiB(hearth.process.pid!);
  results.push(
    `idle RSS of the process tree: ${(idle.total / 1024).toFixed(0)} MiB (${Object.entries(idle.parts)
      .map(([n, k]) => `${n} ${(k / 1024).toFixed(0)}`)
      .join(", ")} MiB)`,
  );

  // Uploads vs cp of the same file, by curl, interleaved (tests/bench/uploads.ts).
  const source = join(work, "upload.bin");
  makeFile(source, uploadMiB);
  results.push(...(await benchUploads(hearth, client, source, uploadMiB, work)));
  const peak = treeRssKiB(hearth.process.pid!);
  results.push(`RSS of the process tree after the uploads: ${(peak.total / 1024).toFixed(0)} MiB`);
  if (process.env.BENCH_ONLY === "uploads") {
    await finish(hearth, results);
    return;
  }

  // Thumbnails: sharp vs Hearth's media code, interleaved (tests/bench/thumbnails.ts).
  results.push(...(await benchThumbnails(hearth.url, client, hearth.process.pid!)));

  // Listing and search with many files: rows are inserted straight into the database.
  const db = createClient(databaseOf(hearth));
  const owner = String((await db.execute("SELECT id FROM users WHERE email = 'bench@example.com'")).rows[0]?.id);
  const bigFolder = (await client.json("POST", "/api/folders", { parentId: null, name: "Big folder" })).body
    .id as string;
  await seedFiles(db, owner, bigFolder, 0, 10_000);
  results.push(...(await timeQueries(client, bigFolder, "10,000 files")));
  const other = (await client.json("POST", "/api/folders", { parentId: null, name: "Archive" })).body.id as string;
  await seedFiles(db, owner, other, 10_000, 90_000);
  results.push(...(await timeQueries(client, bigFolder, "100,000 files")));

  results.push(...(await benchFolders(hearth, client)));
  results.push(...(await benchImport(hearth, client)));
  results.push(...(await photosPart(hearth.url, databaseOf(hearth), client)));
  await finish(hearth, results);
}

async function finish(hearth: Awaited<ReturnType<typeof startHearth>>, results: string[]): Promise<void> {
  const stop = await hearth.stop();
  results.push(`SIGTERM to exit: ${seconds(stop.ms)}`);
  rmSync(work, { recursive: true, force: true });
  console.log("\nHearth benchmark (" + new Date().toISOString() + ")");
  for (const line of results) console.log("  " + line);
}

/** The Photos timeline of a user of its own, with `photoCount` photos. */
async function photosPart(
  base: string,
  database: { url: string; authToken: string },
  admin: Client,
): Promise<string[]> {
  const email = "photos@example.com";
  const password = "benchmark password";
  await admin.json("POST", "/api/admin/users", { email, password, name: "Photos" });
  const client = new Client(base);
  await client.login(email, password);
  const db = createClient(database);
  const owner = String((await db.execute({ sql: "SELECT id FROM users WHERE email = ?", args: [email] })).rows[0]?.id);
  if (process.env.BENCH_ONLY === "search") return benchSearch(db, client, owner, photoCount);
  return benchPhotos(db, client, owner, photoCount);
}

/** Partner sharing with BENCH_PARTNER_PHOTOS photos (default 200,000) of the owner (tests/bench/partners.ts). */
async function partnersPart(
  base: string,
  database: { url: string; authToken: string },
  admin: Client,
): Promise<string[]> {
  const db = createClient(database);
  const member = async (email: string, name: string) => {
    await admin.json("POST", "/api/admin/users", { email, password: "benchmark password", name });
    const client = new Client(base);
    await client.login(email, "benchmark password");
    const id = String((await db.execute({ sql: "SELECT id FROM users WHERE email = ?", args: [email] })).rows[0]?.id);
    return { client, id };
  };
  const owner = await member("owner@example.com", "Owner");
  const partner = await member("partner@example.com", "Partner");
  return benchPartners(db, owner, partner, Number(process.env.BENCH_PARTNER_PHOTOS ?? 200_000));
}

/** Inserts `count` file rows named like camera files into a folder, in large batches. */
async function seedFiles(db: DbClient, owner: string, parent: string, from: number, count: number): Promise<void> {
  const now = Date.now();
  for (let start = from; start < from + count; start += 2000) {
    const values: string[] = [];
    const args: (string | number)[] = [];
    for (let i = start; i < Math.min(from + count, start + 2000); i++) {
      values.push("(?, ?, ?, ?, 'file', ?, 'image/jpeg', ?, ?)");
      args.push(
        `seed${String(i).padStart(8, "0")}`,
        owner,
        parent,
        `IMG_${String(i).padStart(6, "0")}.jpg`,
        1000 + i,
        now - i * 1000,
        now - i * 1000,
      );
    }
    await db.execute({
      sql: `INSERT INTO files (id, owner_id, parent_id, name, kind, size, mime, created_at, updated_at) VALUES ${values.join(", ")}`,
      args,
    });
  }
}

/** Median server time (Server-Timing) and wall time of listing the 10,000-file folder and of searches. */
async function timeQueries(client: Client, folder: string, label: string): Promise<string[]> {
  const measure = async (path: string) => {
    const server: number[] = [];
    const wall: number[] = [];
    for (let i = 0; i < 7; i++) {
      const started = performance.now();
      const response = await client.request("GET", path);
      await response.arrayBuffer();
      wall.push(performance.now() - started);
      server.push(Number(/dur=([\d.]+)/.exec(response.headers.get("server-timing") ?? "")?.[1] ?? NaN));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    return `${median(server).toFixed(0)} ms server, ${median(wall).toFixed(0)} ms end to end`;
  };
  return [
    `with ${label}: open the 10,000-file folder (the web app's first page, 300 items): ${await measure(`/api/files?parent=${folder}&limit=300`)}`,
    `with ${label}: list the whole 10,000-file folder in one response: ${await measure(`/api/files?parent=${folder}`)}`,
    `with ${label}: search "4041": ${await measure("/api/search?q=4041")}; search "img_00": ${await measure("/api/search?q=img_00")}`,
  ];
}

/** The Hearth under test, stopped if the bench fails half-way (it would outlive us otherwise). */
let running: Awaited<ReturnType<typeof startHearth>> | undefined;

await main().catch(async (error) => {
  console.error(error);
  await running?.stop();
  process.exit(1);
});
