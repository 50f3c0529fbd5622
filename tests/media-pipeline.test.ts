/**
 * The media pipeline as a user and the admin see it, through the real runtime: a photo or video
 * that cannot be processed says so (state and reason on GET /api/files/:id), "Try again" requeues
 * it, Admin → Jobs lists it, and the memory budget refuses a decompression bomb from its header
 * and streams a 200 MiB video (never read whole) while the media process stays under
 * MEDIA_MEMORY_MB at its peak (VmHWM).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as tus from "tus-js-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "./harness/client";
import { removeDataDir, ROOT, startHearth, type RunningHearth } from "./harness/hearth";
import { bombPng, mediaPid, memoryMb } from "./harness/media-memory";

const MEMORY_MB = 384;
const fixture = (name: string) =>
  new Uint8Array(readFileSync(join(ROOT, "tests", "fixtures", name))) as Uint8Array<ArrayBuffer>;

/**
 * A 200 MiB MP4: the 2 s clip followed by a 'free' box of zeros (a valid file players skip). Its
 * bitrate (~800 Mbit/s) also earns it a 720p preview.
 */
function bigVideo(): Uint8Array<ArrayBuffer> {
  const clip = fixture("video-2s.mp4");
  const size = 200 * 1024 * 1024;
  const video = new Uint8Array(size);
  video.set(clip);
  const view = new DataView(video.buffer);
  view.setUint32(clip.length, size - clip.length);
  video.set(Buffer.from("free", "latin1"), clip.length + 4);
  return video;
}

describe("media pipeline: state, reasons, try again, memory budget", () => {
  let hearth: RunningHearth;
  let client: Client;

  /** Polls the file until its processing leaves pending/processing. */
  async function settled(id: string, timeoutMs = 120_000) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const file = await client.json("GET", `/api/files/${id}`);
      const state = file.body.processing?.state;
      if (state !== "pending" && state !== "processing") return file.body;
      if (Date.now() > until) throw new Error(`file ${id} still ${state}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  beforeAll(async () => {
    // One media process (media-1), so that the one measured is the one that ran the job.
    hearth = await startHearth({ env: { MEDIA_MEMORY_MB: String(MEMORY_MB), MEDIA_CONCURRENCY: "1" } });
    client = new Client(hearth.url);
    expect((await client.register()).status).toBe(201);
  });
  afterAll(async () => {
    await hearth?.stop();
    if (hearth) removeDataDir(hearth.dataDir);
  });

  it("a good photo goes from pending to ready", async () => {
    const uploaded = await client.upload("small.png", fixture("small.png"));
    expect(uploaded.status).toBe(201);
    expect(["pending", "processing", "ready"]).toContain(uploaded.body.processing.state);
    const file = await settled(uploaded.body.id);
    expect(file.processing).toEqual({ state: "ready", reason: null });
    expect(file.thumbnails.length).toBeGreaterThan(0);
  });

  it("a damaged JPEG ends failed with its reason, and Try again requeues it", async () => {
    const uploaded = await client.upload("broken.jpg", fixture("truncated.jpg"));
    const id = uploaded.body.id as string;
    const file = await settled(id);
    expect(file.processing.state).toBe("failed");
    expect(file.processing.reason).toMatch(/damaged or truncated/);

    const retried = await client.json("POST", `/api/files/${id}/reprocess`);
    expect(retried.status).toBe(202);
    expect(retried.body.processing).toEqual({ state: "pending", reason: null });
    const again = await settled(id);
    expect(again.processing.state).toBe("failed");

    const folder = await client.json("POST", "/api/folders", { parentId: null, name: "Not media" });
    const notMedia = await client.json("POST", `/api/files/${folder.body.id}/reprocess`);
    expect(notMedia.status).toBe(400);
    expect(notMedia.body.error.code).toBe("not_media");
  });

  it("a damaged video ends failed with a reason", async () => {
    // The container is intact (so it is still taken for a video), every frame's bytes are noise.
    const damaged = fixture("video-2s.mp4");
    const mdat = Buffer.from(damaged).indexOf("mdat");
    let seed = 7;
    for (let i = mdat + 4; i < damaged.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      damaged[i] = seed >>> 24;
    }
    const uploaded = await client.upload("broken.mp4", damaged);
    const file = await settled(uploaded.body.id);
    expect(file.processing.state).toBe("failed");
    expect(file.processing.reason).toMatch(/no frame could be decoded|could not be transcoded/);
  });

  it("a 9999×10000 PNG bomb is refused from its header as unsupported, and the media process stays under its budget", async () => {
    const uploaded = await client.upload("bomb.png", bombPng());
    const file = await settled(uploaded.body.id);
    expect(file.processing.state).toBe("unsupported");
    expect(file.processing.reason).toMatch(/9999×10000 pixels \(100 MP\).*MEDIA_MEMORY_MB=384/);
    expect(memoryMb(mediaPid(hearth.process.pid!), "VmRSS")).toBeLessThan(MEMORY_MB);
  });

  it("a 200 MiB video is streamed into FFmpeg, never read whole: poster and preview, the media process under its budget", async () => {
    // Through tus, as the web app sends big files (one 200 MiB PUT from Node's fetch broke off with EPIPE).
    const fileId = await new Promise<string>((resolve, reject) => {
      const upload = new tus.Upload(Buffer.from(bigVideo().buffer), {
        endpoint: `${hearth.url}/api/uploads`,
        chunkSize: 16 * 1024 * 1024,
        retryDelays: [0, 250, 1000],
        headers: { cookie: (client as unknown as { cookie: string }).cookie, origin: hearth.url },
        metadata: { filename: "big.mp4", filetype: "video/mp4" },
        onSuccess: ({ lastResponse }) => resolve(String(lastResponse.getHeader("Hearth-File-Id") ?? "")),
        onError: reject,
      });
      upload.start();
    });
    // Sampled while it runs: once idle, a process that grew is recycled and its VmHWM goes with it.
    let peak = 0;
    const sampler = setInterval(() => {
      try {
        peak = Math.max(peak, memoryMb(mediaPid(hearth.process.pid!), "VmHWM"));
      } catch {
        // between a recycle and the next start
      }
    }, 200);
    let file;
    try {
      file = await settled(fileId, 240_000);
    } finally {
      clearInterval(sampler);
    }
    expect(file.processing).toEqual({ state: "ready", reason: null });
    expect(file.media).toMatchObject({ width: 320, height: 240, videoPreview: true });
    expect(file.thumbnails.length).toBeGreaterThan(0);
    console.log(`media process peak RSS (VmHWM) while streaming the 200 MiB video: ${peak.toFixed(0)} MiB`);
    expect(peak).toBeGreaterThan(50); // the media workerd, not a process just starting
    expect(peak).toBeLessThan(MEMORY_MB);
  });

  it("Admin → Jobs lists the failures with file, owner and reason, and retries one", async () => {
    const jobs = await client.json("GET", "/api/admin/jobs");
    expect(jobs.status).toBe(200);
    expect(jobs.body.counts.failed).toBeGreaterThanOrEqual(2);
    const broken = jobs.body.failures.find((job: { fileName: string }) => job.fileName === "broken.jpg");
    expect(broken).toMatchObject({ kind: "image", state: "failed", ownerName: "Admin" });
    expect(broken.lastError).toMatch(/damaged/);
    expect((await client.request("POST", `/api/admin/jobs/${broken.id}/retry`)).status).toBe(204);
    const file = await client.json("GET", `/api/files/${broken.fileId}`);
    expect(["pending", "processing", "failed"]).toContain(file.body.processing.state);
    expect((await client.json("POST", "/api/admin/jobs/999999/retry")).status).toBe(404);
  });
});
