/**
 * The media process's peak memory (VmHWM of the media workerd) on a decompression bomb and on a
 * big real video, through a real Hearth with MEDIA_MEMORY_MB=384 (issue 12's figures):
 *
 *   npx tsx tests/bench/media-memory.ts path/to/video.mov
 *
 * The video is any file (a 200 MB 1080p H.264 .mov was used); it gets a poster and, when browsers
 * cannot play it well, a 720p preview. Prints the peak after each step.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { crc32 } from "node:zlib";
import { Client } from "../harness/client";
import { removeDataDir, startHearth } from "../harness/hearth";

const videoPath = process.argv[2];
if (!videoPath) throw new Error("usage: tsx tests/bench/media-memory.ts <video>");

function mediaPid(supervisorPid: number): number {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, "utf8");
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (/media-1\.capnp/.test(cmdline) && new RegExp(`^PPid:\\s+${supervisorPid}$`, "m").test(status))
        return Number(entry);
    } catch {
      // gone
    }
  }
  throw new Error("no media process");
}

const status = (pid: number, field: string) =>
  Number(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;

function bombPng(): Uint8Array<ArrayBuffer> {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(9999, 0);
  ihdr.writeUInt32BE(10000, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const png = Buffer.concat([
    signature,
    chunk("IHDR", ihdr),
    chunk("IDAT", Buffer.alloc(256)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
  return new Uint8Array(png) as Uint8Array<ArrayBuffer>;
}

const hearth = await startHearth({ env: { MEDIA_MEMORY_MB: "384" } });
try {
  const client = new Client(hearth.url);
  await client.register();
  const pid = () => mediaPid(hearth.process.pid!);
  const report = (label: string) =>
    console.log(
      `${label}: media process RSS ${status(pid(), "VmRSS").toFixed(0)} MiB, peak (VmHWM) ${status(pid(), "VmHWM").toFixed(0)} MiB`,
    );
  // Sampled while jobs run: once idle, a process that grew is recycled and its VmHWM goes with it.
  let peak = 0;
  const sample = () => {
    try {
      peak = Math.max(peak, status(pid(), "VmHWM"));
    } catch {
      // between a recycle and the next start
    }
  };
  const settle = async (id: string) => {
    const started = Date.now();
    for (;;) {
      sample();
      const file = (await client.json("GET", `/api/files/${id}`)).body;
      if (!["pending", "processing"].includes(file.processing?.state))
        return { file, seconds: (Date.now() - started) / 1000 };
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  };
  report("idle");
  const bomb = await client.upload("bomb.png", bombPng());
  const bombDone = await settle(bomb.body.id);
  report(`bomb (${bombDone.file.processing.state}: ${bombDone.file.processing.reason})`);
  // curl streams the file from disk (Node's fetch with a 200 MB body broke off with EPIPE here).
  // prettier-ignore
  const { stdout } = await promisify(execFile)("curl", [
    "-sS", "-X", "PUT", "-T", videoPath, "-H", `cookie: ${(client as unknown as { cookie: string }).cookie}`,
    "-H", `origin: ${hearth.url}`, `${hearth.url}/api/files/content?parent=root&name=big.mov`,
  ]);
  const videoDone = await settle(JSON.parse(stdout).id);
  report(
    `video ${(statSync(videoPath).size / 1024 / 1024).toFixed(0)} MiB (${videoDone.file.processing.state}, ` +
      `preview ${videoDone.file.media?.videoPreview}, ${videoDone.seconds.toFixed(0)} s)`,
  );
} finally {
  await hearth.stop();
  removeDataDir(hearth.dataDir);
}
