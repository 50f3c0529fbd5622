/**
 * `npm run bench`: Hearth's speed as ratios to baselines measured in the same run on the same disk.
 *   - start to healthy, and idle RSS of the whole process tree (supervisor + sqld + workerd)
 *   - a 1 GiB upload through `PUT /api/files/content` vs `cp` of the same file
 *   - thumbnails (240 + 720) of a 12 MP photo in the media process vs sharp
 * BENCH_UPLOAD_MIB changes the upload size (default 1024).
 */
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import sharp from "sharp";
import { ensureFixtures } from "../fixtures/make-fixtures.mjs";
import { Client } from "../harness/client";
import { ROOT, startHearth } from "../harness/hearth";
import { SseReader } from "../harness/sse";

const MIB = 1024 * 1024;
const uploadMiB = Number(process.env.BENCH_UPLOAD_MIB ?? 1024);
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
      const children = readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
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

  // Thumbnails: media process vs sharp on the same photo.
  const photo = new Uint8Array(readFileSync(join(ROOT, "tests", "fixtures", "photo-12mp-orientation6.jpg")));
  const sharpStart = process.hrtime.bigint();
  const big = await sharp(photo).rotate().resize(720, 720, { fit: "inside" }).jpeg({ quality: 80 }).toBuffer();
  await sharp(big).resize(240, 240, { fit: "inside" }).jpeg({ quality: 80 }).toBuffer();
  const sharpMs = Number(process.hrtime.bigint() - sharpStart) / 1e6;
  const events = new SseReader(`${hearth.url}/api/events`, { cookie: (client as unknown as { cookie: string }).cookie });
  await events.opened;
  const photoUpload = await client.upload("photo.jpg", photo as Uint8Array<ArrayBuffer>);
  const running = await events.waitFor((e) => e.event === "job.progress" && e.data.fileId === photoUpload.body.id);
  const runningAt = Date.now();
  void running;
  await events.waitFor((e) => e.event === "thumbnail.ready" && e.data.fileId === photoUpload.body.id, 300_000);
  const mediaMs = Date.now() - runningAt;
  events.close();
  results.push(`12 MP photo → 240 + 720 thumbnails: media process ${seconds(mediaMs)} vs sharp ${seconds(sharpMs)} → ratio ${(mediaMs / sharpMs).toFixed(1)}x`);

  const stop = await hearth.stop();
  results.push(`SIGTERM to exit: ${seconds(stop.ms)}`);
  rmSync(work, { recursive: true, force: true });
  console.log("\nHearth benchmark (" + new Date().toISOString() + ")");
  for (const line of results) console.log("  " + line);
}

await main();
