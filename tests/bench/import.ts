/**
 * The bench's import section (issue 10, goal 2), and the memory of Hearth at rest.
 *
 * - Idle RSS of the whole process tree (supervisor + sqld + edge workerd + media workerd) once
 *   Hearth has settled after start, and again after 50 photos and 60 s idle.
 * - Import: 200 distinct 12 MP JPEGs uploaded at once with curl (8 in parallel, one native
 *   client so that client CPU does not dominate) as a fresh user each round, timed from the
 *   first byte to the last job done; against a pool of sharp processes (one per core, one libvips
 *   thread each, no cache) making the same 720 + 240 sets from the same files. ROUNDS interleaved
 *   rounds of each; medians, spread and CPU seconds per process. Every Hearth round starts from
 *   rest (no media process running), as an import on a quiet NAS does.
 * The photos are made once with sharp (smooth colour fields under a shared grain, ~4 MB each) and
 * kept in .tmp/bench-import-photos between runs.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { createClient, type Client as DbClient } from "@libsql/client/web";
import sharp from "sharp";
import { Client } from "../harness/client";
import { databaseOf, ROOT, type RunningHearth } from "../harness/hearth";
import { cpuMeter, cpuMs, describeCpu, hearthProcesses, hearthRss, toMs } from "./measure";

const PHOTOS = Number(process.env.BENCH_IMPORT_PHOTOS ?? 200);
const ROUNDS = Number(process.env.BENCH_IMPORT_ROUNDS ?? 3);
const CURL_PARALLEL = 8;
const PHOTO_DIR = join(ROOT, ".tmp", "bench-import-photos");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The photos (made once): distinct colour fields under a shared grain, 4000×3000, quality 90. */
export async function ensurePhotos(count: number): Promise<string[]> {
  mkdirSync(PHOTO_DIR, { recursive: true });
  const paths = Array.from({ length: count }, (_, i) => join(PHOTO_DIR, `IMG_${String(i).padStart(4, "0")}.jpg`));
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length === 0) return paths;
  console.log(`making ${missing.length} 12 MP photos in ${PHOTO_DIR} (once)...`);
  const raw = { width: 4000, height: 3000, channels: 3 } as const;
  const grain = await sharp(randomBytes(1000 * 750 * 3), { raw: { width: 1000, height: 750, channels: 3 } })
    .resize(raw.width, raw.height, { kernel: "nearest" })
    .raw()
    .toBuffer();
  for (const path of missing) {
    const field = randomBytes(16 * 12 * 3);
    const jpeg = await sharp(field, { raw: { width: 16, height: 12, channels: 3 } })
      .resize(4000, 3000, { kernel: "cubic" })
      .composite([{ input: grain, raw, blend: "soft-light" }])
      .jpeg({ quality: 90 })
      .toBuffer();
    writeFileSync(path, jpeg);
  }
  return paths;
}

/** A pool of sharp processes, one per core, started and warmed before any timing. */
async function sharpPool(size: number, warmWith: string) {
  const workers: { child: ChildProcess; answers: AsyncIterator<string> }[] = [];
  for (let i = 0; i < size; i++) {
    const child = spawn(process.execPath, [join(ROOT, "tests", "bench", "sharp-worker.mjs")], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    workers.push({ child, answers: createInterface({ input: child.stdout! })[Symbol.asyncIterator]() });
  }
  const ask = async (worker: (typeof workers)[number], path: string) => {
    worker.child.stdin!.write(`${path}\n`);
    const answer = (await worker.answers.next()).value as string;
    if (answer !== "ok") throw new Error(`sharp: ${answer}`);
  };
  await Promise.all(workers.map((w) => ask(w, warmWith)));
  return {
    /** Makes every photo's set; wall ms and CPU ms per worker. */
    async run(paths: string[]): Promise<{ wallMs: number; cpu: Record<string, number> }> {
      const before = workers.map((w) => cpuMs(w.child.pid!)!);
      const queue = [...paths];
      const started = performance.now();
      await Promise.all(
        workers.map(async (worker) => {
          for (let path = queue.shift(); path; path = queue.shift()) await ask(worker, path);
        }),
      );
      const wallMs = performance.now() - started;
      const cpu: Record<string, number> = {};
      workers.forEach((w, i) => (cpu[`sharp-${i + 1}`] = cpuMs(w.child.pid!)! - before[i]!));
      return { wallMs, cpu };
    },
    stop: () => workers.forEach((w) => w.child.kill()),
  };
}

/** Uploads `paths` with one curl (CURL_PARALLEL at a time); resolves with curl's CPU ms when all answered 201. */
function curlUpload(base: string, cookie: string, paths: string[], tag: string): Promise<number> {
  const config = paths
    .map((path, i) =>
      [
        `url = "${base}/api/files/content?parent=root&name=${tag}-${i}.jpg"`,
        `upload-file = "${path}"`,
        `header = "cookie: ${cookie}"`,
        `header = "origin: ${base}"`,
        `header = "Expect:"`, // CURL_SEND_AT_ONCE: no one-second wait per photo for a 100 Continue
        `output = "/dev/null"`,
        `write-out = "%{http_code}\\n"`,
      ].join("\n"),
    )
    .join("\nnext\n");
  const configPath = join(ROOT, ".tmp", `curl-${tag}.conf`);
  writeFileSync(configPath, config, { mode: 0o600 });
  return new Promise((resolve, reject) => {
    // bash's `times` reports its children's CPU: curl's, which has exited by then.
    const child = spawn(
      "bash",
      [
        "-c",
        `curl -sS --no-progress-meter --parallel --parallel-max ${CURL_PARALLEL} -K "$1" && times`,
        "bash",
        configPath,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.on("exit", (code) => {
      const codes = output.split("\n").filter((l) => /^\d{3}$/.test(l));
      const bad = codes.filter((c) => c !== "201");
      if (code !== 0 || codes.length !== paths.length || bad.length > 0)
        return reject(new Error(`curl exited ${code}; answers other than 201: ${bad.slice(0, 5).join(" ")}`));
      // `times`: "0m0.01s 0m0.00s\n<children user> <children sys>"
      const [user, sys] = output.trim().split("\n").at(-1)!.split(" ").map(toMs);
      resolve(user! + sys!);
    });
  });
}

async function waitForNoMediaProcess(supervisor: number, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  while ([...hearthProcesses(supervisor).values()].some((l) => l.startsWith("media-"))) {
    if (Date.now() > deadline) throw new Error("media processes did not exit when idle");
    await sleep(250);
  }
}

/** Jobs of `owner` done or failed, and failed. */
async function jobsSettled(db: DbClient, owner: string): Promise<{ settled: number; failed: number }> {
  const row = (
    await db.execute({
      sql: "SELECT sum(state IN ('done','failed')) AS settled, sum(state = 'failed') AS failed FROM jobs WHERE owner_id = ?",
      args: [owner],
    })
  ).rows[0];
  return { settled: Number(row?.settled ?? 0), failed: Number(row?.failed ?? 0) };
}

/** A fresh user (so no upload is a duplicate of an earlier round's) and its session cookie and id. */
async function freshUser(base: string, admin: Client, db: DbClient, name: string) {
  const email = `${name}@example.com`;
  const password = "benchmark password";
  await admin.json("POST", "/api/admin/users", { email, password, name });
  const client = new Client(base);
  await client.login(email, password);
  const owner = String((await db.execute({ sql: "SELECT id FROM users WHERE email = ?", args: [email] })).rows[0]?.id);
  return { cookie: (client as unknown as { cookie: string }).cookie, owner };
}

/** Uploads `paths` as a fresh user and waits for every job; wall ms (and to the last upload), CPU per process. */
async function hearthImport(hearth: RunningHearth, admin: Client, db: DbClient, paths: string[], tag: string) {
  const supervisor = hearth.process.pid!;
  const { cookie, owner } = await freshUser(hearth.url, admin, db, tag);
  await waitForNoMediaProcess(supervisor);
  const meter = cpuMeter(supervisor);
  const started = performance.now();
  let uploadedMs = 0;
  const upload = curlUpload(hearth.url, cookie, paths, tag).catch((error: Error) => {
    throw new Error(`${error.message}\nHearth's last lines:\n${hearth.output().split("\n").slice(-30).join("\n")}`);
  });
  const uploaded = upload.then((curlCpuMs) => {
    uploadedMs = performance.now() - started;
    return curlCpuMs;
  });
  let state = { settled: 0, failed: 0 };
  // Every 500 ms: polling sqld faster costs it measurable CPU (each request is a signed HTTP call).
  while (state.settled < paths.length) {
    await sleep(500);
    state = await jobsSettled(db, owner);
  }
  const wallMs = performance.now() - started;
  const curlCpuMs = await uploaded;
  const cpu = meter.stop();
  cpu.curl = curlCpuMs;
  if (state.failed > 0) throw new Error(`${state.failed} job(s) failed`);
  return { wallMs, uploadedMs, cpu };
}

export async function benchImport(hearth: RunningHearth, admin: Client): Promise<string[]> {
  const supervisor = hearth.process.pid!;
  const db = createClient(databaseOf(hearth));
  const paths = await ensurePhotos(PHOTOS);
  const lines: string[] = [];

  // At rest: the start-up housekeeping's media process has exited.
  await waitForNoMediaProcess(supervisor);
  await sleep(2000);
  const rest = hearthRss(supervisor);
  lines.push(`idle RSS of the process tree at rest: ${rest.totalMiB.toFixed(0)} MiB (${rest.parts} MiB)`);
  console.log(lines.at(-1));
  const fifty = await hearthImport(hearth, admin, db, paths.slice(0, 50), "fifty");
  await sleep(60_000);
  const after = hearthRss(supervisor);
  lines.push(
    `idle RSS of the process tree after 50 photos (${secs(fifty.wallMs)}) and 60 s idle: ${after.totalMiB.toFixed(0)} MiB (${after.parts} MiB)`,
  );
  console.log(lines.at(-1));

  const cores = availableParallelism();
  const pool = await sharpPool(cores, paths[0]!);
  const sharpRuns: Awaited<ReturnType<typeof pool.run>>[] = [];
  const hearthRuns: Awaited<ReturnType<typeof hearthImport>>[] = [];
  const benchStarted = Date.now();
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const sharpRun = await pool.run(paths);
      sharpRuns.push(sharpRun);
      const hearthRun = await hearthImport(hearth, admin, db, paths, `import${round}`);
      hearthRuns.push(hearthRun);
      // Progress, so a long run shows where it is.
      console.log(
        `import round ${round + 1}: sharp ${secs(sharpRun.wallMs)} (${describeCpu(sharpRun.cpu)}); ` +
          `Hearth ${secs(hearthRun.wallMs)}, uploads ${secs(hearthRun.uploadedMs)} (${describeCpu(hearthRun.cpu)}); load ${loadavg()[0]!.toFixed(1)}`,
      );
    }
  } finally {
    pool.stop();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const spread = (xs: number[]) => `${secs(Math.min(...xs))}-${secs(Math.max(...xs))}`;
  const sharpWall = sharpRuns.map((r) => r.wallMs);
  const hearthWall = hearthRuns.map((r) => r.wallMs);
  const mid = (runs: { wallMs: number }[]) =>
    runs.indexOf([...runs].sort((a, b) => a.wallMs - b.wallMs)[runs.length >> 1]!);
  lines.push(
    `import of ${paths.length} distinct 12 MP JPEGs (${ROUNDS} interleaved rounds, ${cores} cores, load average ${loadavg()[0]!.toFixed(1)}, ${secs(Date.now() - benchStarted)} in all):`,
    `  sharp pool (${cores} processes, concurrency 1): median ${secs(median(sharpWall))} (${spread(sharpWall)}); CPU s of the median round: ${describeCpu(sharpRuns[mid(sharpRuns)]!.cpu)}`,
    `  Hearth, curl upload (${CURL_PARALLEL} parallel) to every thumbnail: median ${secs(median(hearthWall))} (${spread(hearthWall)}), uploads done after ${secs(median(hearthRuns.map((r) => r.uploadedMs)))} → ratio ${(median(hearthWall) / median(sharpWall)).toFixed(2)}x sharp`,
    `  CPU s of Hearth's median round: ${describeCpu(hearthRuns[mid(hearthRuns)]!.cpu)}`,
  );
  db.close();
  return lines;
}
