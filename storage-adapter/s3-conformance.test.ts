/**
 * The blob store's conformance suite (the one DiskBucket and miniflare's R2 pass) run against
 * S3Bucket inside the real workerd, talking to a real S3 server: a single-node Ceph RGW started
 * for this file (tests/harness/ceph.ts). Then S3-only checks: bodies stream, and what the adapter
 * stores beside S3's own fields.
 */
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCeph, type RunningCeph } from "../tests/harness/ceph.js";
import { bundleTestWorker } from "./harness/bundle-worker.js";
import { startWorkerd, type RunningWorkerd } from "./harness/workerd-process.js";

interface CaseResult {
  name: string;
  ok: boolean;
  error?: string;
  ms: number;
}

let workDir: string;
let ceph: RunningCeph;
let workerd: RunningWorkerd;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "hearth-s3-"));
  const bundle = join(workDir, "bundle.js");
  await bundleTestWorker(bundle);
  ceph = await startCeph({ bucket: "conformance" });
  const settings = {
    endpoint: ceph.endpoint,
    bucket: ceph.bucket,
    region: ceph.region,
    accessKeyId: ceph.accessKeyId,
    secretAccessKey: ceph.secretAccessKey,
    pathStyle: true,
  };
  await mkdir(join(workDir, "workerd"));
  workerd = await startWorkerd(bundle, join(workDir, "workerd"), { s3Settings: JSON.stringify(settings) });
}, 180_000);

afterAll(async () => {
  await workerd?.stop();
  await ceph?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
}, 60_000);

const call = (path: string, init?: RequestInit) => fetch(`${workerd.url}${path}`, init);
const objectUrl = (key: string) => `/object?key=${encodeURIComponent(key)}`;

describe("S3Bucket in workerd against Ceph RGW", () => {
  it("passes every conformance case", async () => {
    const response = await call("/cases?suite=shared", { method: "POST" });
    expect(response.status, await response.clone().text()).toBe(200);
    const results = (await response.json()) as CaseResult[];
    expect(results.length).toBeGreaterThan(30);
    const failures = results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.error}`);
    expect(failures, workerd.logs().slice(-3000)).toEqual([]);
  }, 300_000);

  it("keeps keys as written in the bucket (checked with a plain S3 listing)", async () => {
    const keys = ["plain/a.jpg", "odd/../..", "odd/./x", "sp ace+plus%", "ünï/文件"];
    for (const key of keys) expect((await call(objectUrl(key), { method: "PUT", body: key })).status).toBe(200);
    const listed = await ceph.listKeys(ceph.bucket);
    for (const key of keys) expect(listed).toContain(key);
    for (const key of keys) expect(await (await call(objectUrl(key))).text()).toBe(key);
  });

  it("streams a 256 MiB put and get through workerd without holding it in memory", async () => {
    const chunk = 1024 * 1024;
    const total = 256;
    const sent = createHash("sha256");
    let produced = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (produced === total) return controller.close();
        const bytes = Buffer.alloc(chunk, produced % 251);
        sent.update(bytes);
        produced++;
        controller.enqueue(bytes);
      },
    });
    const put = await call(objectUrl("big/object"), { method: "PUT", body, duplex: "half" } as RequestInit);
    expect(put.status, await put.clone().text()).toBe(200);
    expect(((await put.json()) as { size: number }).size).toBe(chunk * total);
    const got = await call(objectUrl("big/object"));
    const received = createHash("sha256");
    let size = 0;
    for await (const part of got.body as unknown as AsyncIterable<Uint8Array>) {
      received.update(part);
      size += part.byteLength;
    }
    expect([size, received.digest("hex")]).toEqual([chunk * total, sent.digest("hex")]);
    const status = await readFile(`/proc/${workerd.pid}/status`, "utf8");
    const peakMiB = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]) / 1024;
    // Buffering the object would push the peak past 256 MiB.
    expect(peakMiB).toBeLessThan(200);
    await call(objectUrl("big/object"), { method: "DELETE" });
    expect(await ceph.listKeys(ceph.bucket, "big/")).toEqual([]);
  }, 180_000);
});
