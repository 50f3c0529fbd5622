/**
 * The bench's thumbnail section: the 720 + 240 thumbnails of the 12 MP photo fixture, by sharp
 * (single-threaded: the baseline) and by Hearth, in ROUNDS interleaved rounds so that a busy
 * machine slows every subject alike. Hearth is measured twice:
 *   - thumbnails: makeThumbnails inside a media workerd of its own (tests/harness/media-runtime.ts),
 *     the codec work only, request wall time (3 MB in, ~70 KB out over loopback);
 *   - media job: a photo uploaded to the running Hearth, from its job's first progress event to
 *     `thumbnail.ready` (reading the original, EXIF, thumbnails, blob writes, the database).
 * Each upload differs in a few bytes after the end-of-image marker, so no two share a blob.
 * Prints medians, min-max spread, CPU time where it can be read, and SSIM against sharp's resize.
 * On a busy machine the wall ratios grow (each cross-process hop waits for a core) while the CPU
 * ratio does not, hence the load average in the heading.
 */
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import sharp from "sharp";
import { FIXTURES } from "../fixtures/make-fixtures.mjs";
import type { Client } from "../harness/client";
import { fromBase64, processStats, startMediaRuntime, type EncodedThumb } from "../harness/media-runtime";
import { SseReader } from "../harness/sse";
import { lumaOf, lumaOfRgb, ssim } from "../harness/ssim";

const ROUNDS = 7;

interface Sample {
  wallMs: number;
  cpuMs?: number;
}

/** @param hearthPid the supervisor's process id, to find its media processes' memory */
export async function benchThumbnails(baseUrl: string, client: Client, hearthPid: number): Promise<string[]> {
  sharp.concurrency(1);
  const photo = new Uint8Array(readFileSync(FIXTURES.photo));
  const media = await startMediaRuntime();
  const events = new SseReader(`${baseUrl}/api/events`, { cookie: (client as unknown as { cookie: string }).cookie });
  await events.opened;
  const samples: Record<"sharp" | "thumbnails" | "job", Sample[]> = { sharp: [], thumbnails: [], job: [] };
  let thumbs: EncodedThumb[] = [];
  try {
    // One untimed round each: wasm compilation, sharp's first load, the media process's start.
    await sharpThumbnails(photo);
    await media.post("/thumbnails?mime=image/jpeg", photo, 60_000);
    await mediaJob(client, events, variant(photo, -1));
    for (let round = 0; round < ROUNDS; round++) {
      samples.sharp.push(await timed(() => sharpThumbnails(photo)));
      const before = media.stats().cpuMs;
      const started = performance.now();
      const { status, body } = await media.post("/thumbnails?mime=image/jpeg", photo, 60_000);
      samples.thumbnails.push({ wallMs: performance.now() - started, cpuMs: media.stats().cpuMs - before });
      if (status !== 200) throw new Error(`thumbnails failed: ${JSON.stringify(body)}`);
      thumbs = body.thumbs;
      samples.job.push({ wallMs: await mediaJob(client, events, variant(photo, round)) });
    }
    const rss = media.stats();
    const sharpMedian = median(samples.sharp.map((s) => s.wallMs));
    const sharpCpu = median(samples.sharp.map((s) => s.cpuMs!));
    const ratio = (sample: Sample[]) => (median(sample.map((s) => s.wallMs)) / sharpMedian).toFixed(2);
    // Wall time suffers more than CPU time on a busy machine (two processes must be scheduled).
    const cpuRatio = (sample: Sample[]) => (median(sample.map((s) => s.cpuMs!)) / sharpCpu).toFixed(2);
    return [
      `12 MP photo → 720 + 240 thumbnails, ${ROUNDS} interleaved rounds (median, min-max; ` +
        `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores):`,
      `  sharp (concurrency 1): ${describe(samples.sharp)}`,
      `  Hearth thumbnails in a media workerd: ${describe(samples.thumbnails)}` +
        ` → ratio ${ratio(samples.thumbnails)}x sharp (CPU ${cpuRatio(samples.thumbnails)}x)` +
        ` (workerd RSS ${rss.rssMiB} MiB, peak ${rss.peakRssMiB} MiB)`,
      `  Hearth media job (upload's first progress event → thumbnail.ready): ${describe(samples.job)}` +
        ` → ratio ${ratio(samples.job)}x sharp`,
      `  media processes after ${ROUNDS + 1} jobs: ${describeMediaProcesses(hearthPid)}`,
      `  quality: ${await describeQuality(photo, thumbs)}`,
    ];
  } finally {
    events.close();
    await media.stop();
  }
}

/** The baseline: 720 from the original (shrink-on-load), 240 from the 720 JPEG, quality 80. */
async function sharpThumbnails(photo: Uint8Array): Promise<void> {
  const large = await sharp(photo).rotate().resize(720, 720, { fit: "inside" }).jpeg({ quality: 80 }).toBuffer();
  await sharp(large).resize(240, 240, { fit: "inside" }).jpeg({ quality: 80 }).toBuffer();
}

/** Uploads `photo` and waits for its thumbnails; returns ms from the job's start to the last event. */
async function mediaJob(client: Client, events: SseReader, photo: Uint8Array<ArrayBuffer>): Promise<number> {
  const upload = await client.upload(`bench-${randomBytes(4).toString("hex")}.jpg`, photo);
  if (upload.status !== 201) throw new Error(`upload failed: ${JSON.stringify(upload.body)}`);
  const fileId = upload.body.id;
  await events.waitFor((e) => e.event === "job.progress" && e.data.fileId === fileId);
  const started = performance.now();
  await events.waitFor((e) => e.event === "thumbnail.ready" && e.data.fileId === fileId, 300_000);
  return performance.now() - started;
}

/** The same photo with 8 bytes appended after its end-of-image marker: a new blob, same pixels. */
function variant(photo: Uint8Array, round: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(photo.length + 8);
  bytes.set(photo);
  new DataView(bytes.buffer).setFloat64(photo.length, round + Math.random());
  return bytes;
}

async function timed(task: () => Promise<void>): Promise<Sample> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await task();
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

/** SSIM of Hearth's and of sharp's 720 JPEG against sharp's unencoded Lanczos3 resize. */
async function describeQuality(photo: Uint8Array, thumbs: EncodedThumb[]): Promise<string> {
  const large = thumbs[0]!;
  const reference = await sharp(photo)
    .rotate()
    .resize(large.width, large.height, { fit: "fill" })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const referenceLuma = lumaOfRgb(reference.data, reference.info.width, reference.info.height, reference.info.channels);
  const sharpJpeg = await sharp(photo).rotate().resize(720, 720, { fit: "inside" }).jpeg({ quality: 80 }).toBuffer();
  const hearthJpeg = fromBase64(large.jpeg);
  return (
    "SSIM of the 720 JPEG vs sharp's Lanczos3 resize: " +
    `Hearth ${ssim(await lumaOf(hearthJpeg), referenceLuma).toFixed(4)}, ` +
    `sharp's own q80 JPEG ${ssim(await lumaOf(sharpJpeg), referenceLuma).toFixed(4)}; ` +
    `sizes ${(hearthJpeg.length / 1024).toFixed(0)} KB vs ${(sharpJpeg.length / 1024).toFixed(0)} KB`
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function describe(samples: Sample[]): string {
  const walls = samples.map((s) => s.wallMs);
  const cpus = samples.flatMap((s) => (s.cpuMs === undefined ? [] : [s.cpuMs]));
  const cpu = cpus.length ? `, CPU ${median(cpus).toFixed(0)} ms` : "";
  return `${median(walls).toFixed(0)} ms (${Math.min(...walls).toFixed(0)}-${Math.max(...walls).toFixed(0)})${cpu}`;
}

/** RSS of each media workerd under the supervisor (their config files are named media-N.capnp). */
function describeMediaProcesses(hearthPid: number): string {
  const found: string[] = [];
  const visit = (pid: number) => {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      const name = /(media-\d+)\.capnp/.exec(command)?.[1];
      if (name) {
        const stats = processStats(pid);
        found.push(
          `${name} RSS ${stats.rssMiB} MiB (peak ${stats.peakRssMiB}), CPU ${(stats.cpuMs / 1000).toFixed(1)} s`,
        );
      }
      for (const task of readdirSync(`/proc/${pid}/task`)) {
        const children = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim().split(/\s+/);
        children.filter(Boolean).forEach((child) => visit(Number(child)));
      }
    } catch {
      // exited meanwhile
    }
  };
  visit(hearthPid);
  return found.length ? found.join("; ") : "none found";
}
