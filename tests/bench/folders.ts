/**
 * Big folders (issue 10, goal 5): a folder of 10,000 photos with the blob and media rows uploads
 * and the media process leave (seeded by SQL, tests/harness/seed-photos.ts), asked for by curl as
 * the web app and a WebDAV client ask: the first screen (the first 300 items), the whole folder in
 * one streamed answer, and PROPFIND Depth 1. ROUNDS interleaved rounds; median and spread of curl's
 * total time, the server's own time (Server-Timing) and CPU ms of Hearth's processes per request.
 */
import { execFile } from "node:child_process";
import { loadavg } from "node:os";
import { createClient } from "@libsql/client/web";
import { Client } from "../harness/client";
import { databaseOf, type RunningHearth } from "../harness/hearth";
import { seedPhotos } from "../harness/seed-photos";
import { addCpu, cpuSince, cpuSnapshot, medianAndSpread } from "./measure";

const PHOTOS = Number(process.env.BENCH_FOLDER_PHOTOS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_FOLDER_ROUNDS ?? 7);
const FIRST_SCREEN = 300;

interface Timed {
  status: number;
  totalMs: number;
  serverMs: number;
  bytes: number;
}

/** One request by curl: its status, total time, body size and the server's own time. */
function curl(args: string[]): Promise<Timed> {
  const format = "%{http_code} %{time_total} %{size_download} %header{server-timing}";
  return new Promise((resolve, reject) =>
    execFile("curl", ["-sS", "-o", "/dev/null", "-w", format, ...args], (error, stdout) => {
      if (error) return reject(error);
      const [status, total, bytes, ...timing] = stdout.trim().split(" ");
      const server = /dur=([\d.]+)/.exec(timing.join(" "))?.[1];
      resolve({
        status: Number(status),
        totalMs: Number(total) * 1000,
        serverMs: Number(server ?? NaN),
        bytes: Number(bytes),
      });
    }),
  );
}

export async function benchFolders(hearth: RunningHearth, admin: Client): Promise<string[]> {
  const supervisor = hearth.process.pid!;
  const email = "folders@example.com";
  const password = "benchmark password";
  await admin.json("POST", "/api/admin/users", { email, password, name: "Folders" });
  const client = new Client(hearth.url);
  await client.login(email, password);
  const cookie = (client as unknown as { cookie: string }).cookie;
  const appPassword = (await client.json("POST", "/api/me/app-passwords", { name: "bench" })).body.password as string;
  const db = createClient(databaseOf(hearth));
  const owner = String((await db.execute({ sql: "SELECT id FROM users WHERE email = ?", args: [email] })).rows[0]?.id);
  const seedMs = await seedPhotos(db, owner, PHOTOS, { folderSize: PHOTOS, tag: "big" });
  db.close();
  const folder = "photofolderbig00000000";
  const api = (query: string) => [
    "-H",
    `cookie: ${cookie}`,
    "-H",
    `origin: ${hearth.url}`,
    `${hearth.url}/api/files?parent=${folder}${query}`,
  ];
  const subjects: Record<string, string[]> = {
    [`first screen (GET /api/files?limit=${FIRST_SCREEN})`]: api(`&limit=${FIRST_SCREEN}`),
    "the whole folder in one streamed answer (GET /api/files)": api(""),
    "PROPFIND Depth 1 over WebDAV": [
      "-X",
      "PROPFIND",
      "-H",
      "depth: 1",
      "-u",
      `${email}:${appPassword}`,
      `${hearth.url}/dav/Camera%20big0/`,
    ],
  };
  const runs = new Map<string, { timed: Timed[]; cpu: Record<string, number> }>();
  for (const name of Object.keys(subjects)) runs.set(name, { timed: [], cpu: {} });
  // One warm-up of each (sqld's page cache, the isolate's first compile), then interleaved rounds.
  for (const args of Object.values(subjects)) await curl(args);
  for (let round = 0; round < ROUNDS; round++)
    for (const [name, args] of Object.entries(subjects)) {
      const before = cpuSnapshot(supervisor);
      const timed = await curl(args);
      const run = runs.get(name)!;
      addCpu(run.cpu, cpuSince(supervisor, before));
      if (timed.status !== 200 && timed.status !== 207) throw new Error(`${name} answered ${timed.status}`);
      run.timed.push(timed);
    }
  const n = PHOTOS.toLocaleString("en");
  const lines = [
    `a folder of ${n} photos (blob + file + media rows, seeded in ${(seedMs / 1000).toFixed(1)} s), by curl, ${ROUNDS} interleaved rounds, load average ${loadavg()[0]!.toFixed(1)}:`,
  ];
  for (const [name, { timed, cpu }] of runs) {
    const perRun = Object.fromEntries(Object.entries(cpu).map(([label, ms]) => [label, ms / ROUNDS]));
    const cpuText = Object.entries(perRun)
      .filter(([, ms]) => ms >= 1)
      .map(([label, ms]) => `${label} ${ms.toFixed(0)}`)
      .join(", ");
    lines.push(
      `  ${name}: ${medianAndSpread(
        timed.map((t) => t.totalMs),
        "ms",
      )} end to end; server ${medianAndSpread(
        timed.map((t) => t.serverMs),
        "ms",
      )}; ${(timed[0]!.bytes / 1024).toFixed(0)} KiB; CPU ms per request: ${cpuText || "under 1"}`,
    );
  }
  return lines;
}
