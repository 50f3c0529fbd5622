/**
 * `npm run bench`: Hearth's speed as ratios to baselines measured in the same run on the same disk.
 *   - start to healthy, and idle RSS of the whole process tree (supervisor + sqld + workerd)
 *   - a 1 GiB upload through `PUT /api/files/content` vs `cp` of the same file
 *   - the same file through tus (8 MiB chunks) vs `cp`
 *   - thumbnails (240 + 720) of a 12 MP photo in the media process vs sharp, interleaved rounds
 *   - the same file PUT over WebDAV with curl vs `cp` (median of interleaved runs; BENCH_ONLY=uploads for these alone)
 *   - listing a 10,000-file folder and searching names, with 10,000 and 100,000 files
 *   - a 10,000-photo folder with blob and media rows: first screen, whole listing, PROPFIND, by
 *     curl (tests/bench/folders.ts; BENCH_ONLY=folders runs only this part)
 *   - the Photos timeline with 1,000,000 photos (tests/bench/photos.ts)
 *   - idle RSS at rest and after 50 photos, and importing 200 12 MP photos vs a sharp pool
 *     (tests/bench/import.ts; BENCH_ONLY=import runs only this part)
 * BENCH_UPLOAD_MIB changes the upload size (default 1024); BENCH_PHOTOS the number of photos
 * (default 1,000,000); BENCH_ONLY=photos runs only the Photos part.
 */
import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { ensureFixtures } from "../fixtures/make-fixtures.mjs";
import { createClient, type Client as DbClient } from "@libsql/client/web";
import { Client } from "../harness/client";
import { databaseOf, ROOT, startHearth, type RunningHearth } from "../harness/hearth";
import { benchThumbnails } from "./thumbnails";
import { benchPhotos } from "./photos";
import { benchImport } from "./import";
import { benchFolders } from "./folders";

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

function sha256File(path: string): string {
  return execFileSync("sha256sum", [path], { encoding: "utf8" }).split(" ")[0]!;
}

async function main(): Promise<void> {
  await ensureFixtures();
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(work, "data"), { recursive: true });
  const results: string[] = [];

  const startedAt = Date.now();
  const hearth = await startHearth({ dataDir: join(work, "data") });
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
  if (photosOnly) {
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

  // Upload vs cp, same disk.
  const source = join(work, "upload.bin");
  makeFile(source, uploadMiB);
  execFileSync("sync");
  const cpStart = process.hrtime.bigint();
  execFileSync("cp", [source, join(work, "copy.bin")]);
  const cpMs = Number(process.hrtime.bigint() - cpStart) / 1e6;
  rmSync(join(work, "copy.bin"));

  const upStart = process.hrtime.bigint();
  const response = await client.request("PUT", `/api/files/content?parent=root&name=upload.bin`, {
    body: Readable.toWeb(createReadStream(source, { highWaterMark: MIB })) as unknown as BodyInit,
    headers: { "content-length": String(uploadMiB * MIB) },
  });
  const uploaded = (await response.json()) as { sha256: string; size: number };
  const upMs = Number(process.hrtime.bigint() - upStart) / 1e6;
  if (response.status !== 201) throw new Error(`upload failed: ${JSON.stringify(uploaded)}`);
  const expected = sha256File(source);
  if (uploaded.sha256 !== expected) throw new Error("uploaded SHA-256 differs");
  results.push(
    `${uploadMiB} MiB upload: PUT /api/files/content ${seconds(upMs)} (${((uploadMiB / upMs) * 1000).toFixed(0)} MiB/s) vs cp ${seconds(cpMs)} → ratio ${(upMs / cpMs).toFixed(2)}x`,
  );
  const peak = treeRssKiB(hearth.process.pid!);
  results.push(`RSS of the process tree after the upload: ${(peak.total / 1024).toFixed(0)} MiB`);
  if (process.env.BENCH_ONLY === "uploads") {
    // BENCH_ONLY=uploads: the upload figures alone (PUT /api/files/content and WebDAV), for a quick look.
    results.push(...(await webdavVsCp(hearth, client, source)));
    await hearth.stop();
    rmSync(work, { recursive: true, force: true });
    for (const line of results) console.log("  " + line);
    return;
  }

  // Thumbnails: sharp vs Hearth's media code, interleaved (tests/bench/thumbnails.ts).
  results.push(...(await benchThumbnails(hearth.url, client, hearth.process.pid!)));

  // tus (resumable) upload of the same file, 8 MiB chunks, as the web app does.
  const tusMs = await tusUpload(hearth.url, client, source, uploadMiB * MIB);
  if (tusMs !== null)
    results.push(
      `${uploadMiB} MiB upload: tus (8 MiB chunks) ${seconds(tusMs)} vs cp ${seconds(cpMs)} → ratio ${(tusMs / cpMs).toFixed(2)}x`,
    );
  else results.push("tus upload: not available");

  // WebDAV PUT with curl (as rclone or a desktop client would) vs cp: median of interleaved runs, and the memory
  // of the process tree sampled while the body streams.
  results.push(...(await webdavVsCp(hearth, client, source)));

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
  return benchPhotos(db, client, owner, photoCount);
}

/** Inserts `count` file rows named like camera files into a folder, in large batches. */
/** Median of interleaved `cp` and `curl -T` to /dav/ runs of the same file, with the peak RSS seen during the PUTs. */
async function webdavVsCp(hearth: RunningHearth, client: Client, source: string): Promise<string[]> {
  const created = await client.json("POST", "/api/me/app-passwords", { name: "bench" });
  const password = created.body.password as string;
  const runs = 3;
  const cpTimes: number[] = [];
  const davTimes: number[] = [];
  let peakKiB = 0;
  for (let i = 0; i < runs; i++) {
    const cpStart = process.hrtime.bigint();
    execFileSync("cp", [source, join(work, "copy.bin")]);
    cpTimes.push(Number(process.hrtime.bigint() - cpStart) / 1e6);
    rmSync(join(work, "copy.bin"));
    const sampler = setInterval(() => (peakKiB = Math.max(peakKiB, treeRssKiB(hearth.process.pid!).total)), 200);
    const davStart = process.hrtime.bigint();
    const status = await new Promise<string>((resolve, reject) =>
      execFile(
        "curl",
        [
          "-sS",
          "-o",
          "/dev/null",
          "-w",
          "%{http_code}",
          "-u",
          `bench@example.com:${password}`,
          "-T",
          source,
          `${hearth.url}/dav/webdav-${i}.bin`,
        ],
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      ),
    );
    davTimes.push(Number(process.hrtime.bigint() - davStart) / 1e6);
    clearInterval(sampler);
    if (status !== "201") throw new Error(`WebDAV PUT answered ${status}`);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const dav = median(davTimes);
  const cp = median(cpTimes);
  return [
    `${uploadMiB} MiB upload: WebDAV PUT (curl -T /dav/) ${seconds(dav)} (${((uploadMiB / dav) * 1000).toFixed(0)} MiB/s) vs cp ${seconds(cp)} → ratio ${(dav / cp).toFixed(2)}x (median of ${runs} interleaved runs)`,
    `peak RSS of the process tree during the WebDAV PUTs: ${(peakKiB / 1024).toFixed(0)} MiB`,
  ];
}

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

/** Uploads a file with tus-js-client as a browser would; null when the server has no tus endpoint. */
async function tusUpload(base: string, client: Client, path: string, size: number): Promise<number | null> {
  const tus = await import("tus-js-client");
  const cookie = (client as unknown as { cookie: string }).cookie;
  const probe = await fetch(`${base}/api/uploads`, {
    method: "OPTIONS",
    headers: { cookie, "tus-resumable": "1.0.0" },
  });
  if (probe.status === 404) return null;
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const upload = new tus.Upload(createReadStream(path), {
      endpoint: `${base}/api/uploads`,
      uploadSize: size,
      chunkSize: 8 * MIB,
      metadata: { filename: "tus-upload.bin", parentId: "root" },
      headers: { cookie, origin: base },
      onError: reject,
      onSuccess: () => resolve(),
    });
    upload.start();
  });
  return Date.now() - started;
}

await main();
