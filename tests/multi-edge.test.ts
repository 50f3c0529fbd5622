/**
 * Several Hearth boxes, one household: two Hearths (each an edge process and its own media
 * process, standing for two boxes) share one sqld primary (DATABASE_URL) and one blob store
 * (a bucket of a real Ceph RGW, harness/ceph.ts; `shareBlobStore` can also give a shared folder).
 * 200 photos uploaded through both edges: each media job is done exactly once whichever box's
 * media process claimed it, and every open event stream, on either edge, hears of every photo
 * and its thumbnail (events raised on one box reach the other through the outbox).
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCeph, type RunningCeph } from "./harness/ceph";
import { Client } from "./harness/client";
import { removeDataDir, startHearth, tempDataDir, type RunningHearth } from "./harness/hearth";
import { shareBlobStore, startPrimary, type Sqld } from "./harness/replication";
import { SseReader } from "./harness/sse";

const UPLOADS = 200;
const AT_ONCE = 8;

const cleanup: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

/** A small JPEG unlike every other (its colour and a stripe at its index). */
async function photo(i: number): Promise<Uint8Array<ArrayBuffer>> {
  const stripe = await sharp({ create: { width: 4, height: 48, channels: 3, background: { r: 255, g: 255, b: 255 } } })
    .png()
    .toBuffer();
  const jpeg = await sharp({
    create: { width: 64, height: 48, channels: 3, background: { r: i % 256, g: (i * 7) % 256, b: (i * 13) % 256 } },
  })
    .composite([{ input: stripe, left: i % 60, top: 0 }])
    .jpeg({ quality: 90 })
    .toBuffer();
  return new Uint8Array(jpeg);
}

describe("two edges and two media processes on one primary and one S3 bucket", () => {
  let ceph: RunningCeph;
  let primary: Sqld;
  let boxA: RunningHearth;
  let boxB: RunningHearth;

  beforeAll(async () => {
    const [dirA, dirB, dirDb] = [tempDataDir(), tempDataDir(), tempDataDir()];
    cleanup.push(() => [dirA, dirB, dirDb].forEach(removeDataDir));
    primary = await startPrimary(dirDb);
    cleanup.push(() => primary.stop());
    ceph = await startCeph({ bucket: "household" });
    cleanup.push(() => ceph.stop());
    const blobEnv = shareBlobStore({ s3: ceph }, dirA, dirB);
    const common = {
      ...blobEnv,
      DATABASE_URL: primary.url,
      DATABASE_AUTH_TOKEN: primary.token,
      MEDIA_CONCURRENCY: "1",
      MEDIA_IDLE_SECONDS: "600",
    };
    // One after the other: the first migrates the shared database.
    boxA = await startHearth({ dataDir: dirA, env: { ...common, NODE_NAME: "box-a" } });
    cleanup.push(() => boxA.stop());
    boxB = await startHearth({ dataDir: dirB, env: { ...common, NODE_NAME: "box-b" } });
    cleanup.push(() => boxB.stop());
  });

  it("200 uploads through both edges: every job done once, every tab on either edge saw every photo", async () => {
    const onA = new Client(boxA.url);
    expect((await onA.register()).status).toBe(201);
    const onB = new Client(boxB.url);
    expect((await onB.login("admin@example.com", "correct horse battery")).status).toBe(200);

    // Two tabs on each box.
    const tabs = [boxA, boxA, boxB, boxB].map(
      (box, i) => new SseReader(`${box.url}/api/events`, { cookie: (i < 2 ? onA : onB).cookie }),
    );
    cleanup.push(() => tabs.forEach((tab) => tab.close()));
    await Promise.all(tabs.map((tab) => tab.opened));

    const started = Date.now();
    const photos = await Promise.all(Array.from({ length: UPLOADS }, (_, i) => photo(i)));
    const ids: string[] = [];
    for (let next = 0; next < UPLOADS; next += AT_ONCE) {
      const batch = photos.slice(next, next + AT_ONCE).map(async (bytes, k) => {
        const i = next + k;
        const { status, body } = await (i % 2 === 0 ? onA : onB).upload(`photo-${i}.jpg`, bytes);
        expect(status, JSON.stringify(body)).toBe(201);
        return body.id as string;
      });
      ids.push(...(await Promise.all(batch)));
    }
    expect(new Set(ids).size).toBe(UPLOADS);
    console.log(`${UPLOADS} uploads through both edges in ${Date.now() - started} ms`);

    // Every media job finished, each claimed and run exactly once.
    const db = primary.client();
    const deadline = Date.now() + 240_000;
    let jobs: { state: string; attempts: number }[] = [];
    for (;;) {
      jobs = (await db.execute("SELECT state, attempts FROM jobs")).rows as unknown as typeof jobs;
      if (jobs.length === UPLOADS && jobs.every((job) => job.state === "done" || job.state === "failed")) break;
      if (Date.now() > deadline) throw new Error(`jobs not finished: ${JSON.stringify(jobs.slice(0, 5))}`);
      if (process.env.HEARTH_TEST_PROGRESS) console.log(`${jobs.filter((j) => j.state === "done").length} jobs done`);
      await new Promise((r) => setTimeout(r, 500));
    }
    console.log(`every job finished ${Date.now() - started} ms after the first upload`);
    expect(jobs.filter((job) => job.state !== "done")).toEqual([]);
    expect(jobs.filter((job) => Number(job.attempts) !== 1)).toEqual([]);
    // A media process ran on each box (the jobs table keeps no record of which box ran a job).
    expect(boxA.output()).toMatch(/media-1 ready on/);
    expect(boxB.output()).toMatch(/media-1 ready on/);

    // Every tab, on either edge, heard of every upload and every thumbnail, whoever raised it.
    for (const [index, tab] of tabs.entries()) {
      const heard = (type: string, id: (data: any) => string) => {
        const seen = new Set(tab.events.filter((e) => e.event === type).map((e) => id(e.data)));
        return ids.filter((fileId) => !seen.has(fileId));
      };
      const until = Date.now() + 30_000;
      while (heard("thumbnail.ready", (d) => d.fileId).length > 0 && Date.now() < until)
        await new Promise((r) => setTimeout(r, 250));
      expect(
        heard("file.created", (d) => d.file.id),
        `tab ${index} missed file.created`,
      ).toEqual([]);
      expect(
        heard("thumbnail.ready", (d) => d.fileId),
        `tab ${index} missed thumbnail.ready`,
      ).toEqual([]);
    }

    // Every photo's bytes and thumbnails are in the one bucket, none on either box's disk.
    const keys = await ceph.listKeys(ceph.bucket);
    const originals = keys.filter((key) => key.startsWith("originals/"));
    expect(originals.length).toBe(UPLOADS);
    expect(keys.filter((key) => key.startsWith("thumbs/")).length).toBeGreaterThanOrEqual(UPLOADS);
    for (const dir of [boxA.dataDir, boxB.dataDir]) expect(readdirSync(join(dir, "blobs"))).toEqual([]);

    // The thumbnails are there to see through either edge.
    for (const [client, id] of [
      [onA, ids[1]!],
      [onB, ids[0]!],
    ] as const) {
      const thumb = await client.request("GET", `/api/files/${id}/thumbnail?size=240`);
      expect(thumb.status).toBe(200);
      expect(thumb.headers.get("content-type")).toContain("image/");
    }
  }, 420_000);
});
