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
import { statSync } from "node:fs";
import { Client } from "../harness/client";
import { removeDataDir, startHearth } from "../harness/hearth";
import { bombPng, mediaPid, memoryMb } from "../harness/media-memory";

const videoPath = process.argv[2];
if (!videoPath) throw new Error("usage: tsx tests/bench/media-memory.ts <video>");

const hearth = await startHearth({ env: { MEDIA_MEMORY_MB: "384" } });
try {
  const client = new Client(hearth.url);
  await client.register();
  const pid = () => mediaPid(hearth.process.pid!);
  // Sampled while jobs run: once idle, a process that grew is recycled and its VmHWM goes with it.
  let peak = 0;
  const sample = () => {
    try {
      peak = Math.max(peak, memoryMb(pid(), "VmHWM"));
    } catch {
      // between a recycle and the next start
    }
  };
  const report = (label: string) => {
    let now = "no media process now (it went idle or was recycled after the job)";
    try {
      now = `media process RSS ${memoryMb(pid(), "VmRSS").toFixed(0)} MiB, peak (VmHWM) ${memoryMb(pid(), "VmHWM").toFixed(0)} MiB`;
    } catch {
      // exited after its work: the peak sampled while it ran is below
    }
    console.log(`${label}: ${now}; highest peak sampled while jobs ran ${peak.toFixed(0)} MiB`);
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
    "-sS", "-H", "Expect:", "-X", "PUT", "-T", videoPath, "-H", `cookie: ${(client as unknown as { cookie: string }).cookie}`,
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
