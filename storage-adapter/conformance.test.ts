/**
 * The blob store's conformance suite, run twice: against DiskBucket inside the real workerd over
 * a disk service on a temp folder, and against miniflare's own R2 binding. Both must pass every
 * case. Then DiskBucket-only checks that need the real folder: keys cannot escape it, crashes at
 * any point leave nothing half-written visible, and a 1 GiB object streams through.
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleTestWorker } from "./harness/bundle-worker.js";
import { startWorkerd, type RunningWorkerd } from "./harness/workerd-process.js";
import { startBlobDigests } from "@hearth/supervisor/blob-digests";
import { freePort } from "@hearth/supervisor/preflight";

interface CaseResult {
  name: string;
  ok: boolean;
  error?: string;
  ms: number;
}

let workDir: string;
let bundle: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "hearth-storage-"));
  bundle = join(workDir, "bundle.js");
  await bundleTestWorker(bundle);
}, 60_000);

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** The failed cases, as "name: error" lines, so a failure message says what broke. */
function failures(results: CaseResult[]): string[] {
  return results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.error}`);
}

async function runSuite(fetcher: (path: string) => Promise<Response>, suite: "shared" | "disk"): Promise<CaseResult[]> {
  const response = await fetcher(`/cases?suite=${suite}`);
  expect(response.status).toBe(200);
  return (await response.json()) as CaseResult[];
}

describe("miniflare's R2 binding", () => {
  let mf: Miniflare;
  let shared: CaseResult[] = [];

  beforeAll(async () => {
    // modulesRoot: module names are paths relative to it, and the bundle lives outside the repo.
    mf = new Miniflare({
      modules: true,
      scriptPath: bundle,
      modulesRoot: workDir,
      compatibilityDate: "2025-09-01",
      r2Buckets: ["BUCKET"],
    });
    shared = await runSuite(
      (path) => mf.dispatchFetch(`http://localhost${path}`, { method: "POST" }) as unknown as Promise<Response>,
      "shared",
    );
  }, 120_000);

  afterAll(async () => {
    await mf?.dispose();
  });

  it("passes every conformance case", () => {
    expect(shared.length).toBeGreaterThan(30);
    expect(failures(shared)).toEqual([]);
  });
});

describe("DiskBucket in workerd over a disk service", () => {
  let root: string;
  let blobs: string;
  let workerd: RunningWorkerd;

  beforeAll(async () => {
    root = join(workDir, "data");
    blobs = join(root, "blobs");
    await mkdir(blobs, { recursive: true });
    const serverDir = join(workDir, "workerd");
    await mkdir(serverDir);
    workerd = await startWorkerd(bundle, serverDir, { blobsDir: blobs });
  }, 60_000);

  afterAll(async () => {
    await workerd?.stop();
  });

  const call = (path: string, init?: RequestInit) => fetch(`${workerd.url}${path}`, init);
  const objectUrl = (key: string) => `/object?key=${encodeURIComponent(key)}`;

  it("passes every conformance case", async () => {
    const results = await runSuite((path) => call(path, { method: "POST" }), "shared");
    expect(results.length).toBeGreaterThan(30);
    expect(failures(results), workerd.logs().slice(-3000)).toEqual([]);
  }, 180_000);

  it("passes the DiskBucket-only cases", async () => {
    const results = await runSuite((path) => call(path, { method: "POST" }), "disk");
    expect(results.length).toBeGreaterThan(0);
    expect(failures(results)).toEqual([]);
  }, 60_000);

  it("keeps every key, however it is spelled, inside the blob folder", async () => {
    const hostile = [
      "../../etc/passwd",
      "..",
      "../outside",
      "a/../../../b",
      "./x",
      "/abs/path",
      "\u0000",
      "nul\u0000/../../x",
      "%2e%2e/%2e%2e/escaped",
      "..\\..\\windows",
      "a/./b",
      "~multipart/../../x",
      "con",
      "x".repeat(300) + "/../..",
    ];
    for (const [i, key] of hostile.entries()) {
      const put = await call(objectUrl(key), { method: "PUT", body: `hostile ${i}` });
      expect(put.status, key).toBe(200);
    }
    for (const [i, key] of hostile.entries()) {
      const got = await call(objectUrl(key));
      expect(await got.text(), key).toBe(`hostile ${i}`);
    }
    expect((await readdir(root)).sort()).toEqual(["blobs"]);
    for (const file of await walkFiles(root)) expect(relative(root, file).startsWith("blobs/"), file).toBe(true);
    const listed = (await (await call("/list")).json()) as { keys: string[] };
    for (const key of hostile) expect(listed.keys).toContain(key);
  });

  it("ignores a data file whose sidecar was never written (crash before commit)", async () => {
    await writeFile(join(blobs, "orphan-test"), ""); // a file at the root, not ours either
    await mkdir(join(blobs, "crash1"), { recursive: true });
    await writeFile(join(blobs, "crash1", `a~d${"0".repeat(32)}`), "half-written bytes");
    expect((await call(objectUrl("crash1/a"), { method: "GET" })).status).toBe(404);
    expect((await call(`/head?key=crash1/a`)).status).toBe(404);
    expect(((await (await call("/list?prefix=crash1/")).json()) as { keys: string[] }).keys).toEqual([]);
  });

  it("keeps serving the old object when a replacement was staged but not committed", async () => {
    await call(objectUrl("crash2/a"), { method: "PUT", body: "old content" });
    await writeFile(join(blobs, "crash2", `a~d${"f".repeat(32)}`), "new content that never got its sidecar");
    const got = await call(objectUrl("crash2/a"));
    expect(await got.text()).toBe("old content");
  });

  it("ignores the temp files of writes interrupted mid-way", async () => {
    await mkdir(join(blobs, "crash3"), { recursive: true });
    await writeFile(join(blobs, "crash3", ".kj-tmp.123.a~m.partial"), '{"format":1,"key":"crash3/a"');
    await writeFile(join(blobs, "crash3", ".kj-tmp.124.a~d1.partial"), "partial");
    await writeFile(join(blobs, "crash3", "b~m"), '{"format":1,"key":"crash3/b","ver'); // not a sidecar we wrote
    expect(((await (await call("/list?prefix=crash3/")).json()) as { keys: string[] }).keys).toEqual([]);
    expect((await call(objectUrl("crash3/a"))).status).toBe(404);
    expect((await call(objectUrl("crash3/b"))).status).toBe(404);
  });

  it("never serves a committed object whose data file lost bytes (power loss without fsync)", async () => {
    await call(objectUrl("crash4/a"), { method: "PUT", body: "x".repeat(1000) });
    const dataFile = (await readdir(join(blobs, "crash4"))).find((name) => name.startsWith("a~d"));
    expect(dataFile).toBeDefined();
    await truncate(join(blobs, "crash4", dataFile ?? ""), 500);
    const got = await call(objectUrl("crash4/a"));
    expect(got.status).toBe(500);
    expect(await got.text()).toMatch(/damaged/);
  });

  it("streams a 1 GiB put and get without holding the object in memory", async () => {
    const chunk = 1024 * 1024;
    const total = 1024;
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
    const put = await call(objectUrl("big/one-gib"), { method: "PUT", body, duplex: "half" } as RequestInit);
    expect(put.status, await put.clone().text()).toBe(200);
    const stored = (await put.json()) as { size: number; etag: string };
    const sha256 = sent.digest("hex");
    // DiskBucket's etag is the first 128 bits of the SHA-256 it computed on the way.
    expect(stored).toEqual({ key: "big/one-gib", size: chunk * total, etag: sha256.slice(0, 32), sha256 });
    const afterPut = await peakMemoryMiB(workerd.pid);

    const got = await call(objectUrl("big/one-gib"));
    const received = createHash("sha256");
    let size = 0;
    for await (const part of got.body as unknown as AsyncIterable<Uint8Array>) {
      received.update(part);
      size += part.byteLength;
    }
    expect([size, received.digest("hex")]).toEqual([chunk * total, sha256]);
    const afterGet = await peakMemoryMiB(workerd.pid);
    // Buffering the object anywhere would push workerd's peak past 1 GiB.
    expect(afterPut).toBeLessThan(300);
    expect(afterGet).toBeLessThan(300);
    expect((await stat(blobs)).isDirectory()).toBe(true);
    await call(objectUrl("big/one-gib"), { method: "DELETE" });
  }, 180_000);
});

describe("DiskBucket with the digest helper: big puts in pieces, hashed on another core", () => {
  let blobs: string;
  let workerd: RunningWorkerd;
  let helper: Awaited<ReturnType<typeof startBlobDigests>>;
  let port: number;
  const MiB = 1024 * 1024;

  beforeAll(async () => {
    blobs = join(workDir, "data-digests", "blobs");
    await mkdir(blobs, { recursive: true });
    port = await freePort();
    helper = await startBlobDigests(blobs, port);
    const serverDir = join(workDir, "workerd-digests");
    await mkdir(serverDir);
    workerd = await startWorkerd(bundle, serverDir, { blobsDir: blobs, digestsPort: port });
  }, 60_000);

  afterAll(async () => {
    await workerd?.stop();
    helper?.server.close();
  });

  const call = (path: string, init?: RequestInit) => fetch(`${workerd.url}${path}`, init);
  const objectUrl = (key: string) => `/object?key=${encodeURIComponent(key)}`;
  const bytesOf = (size: number) => randomBytes(size);
  const hex = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
  /** Folders under ~multipart/ (the conformance cases leave their own; tests compare against those). */
  const uploadFolders = async () => await readdir(join(blobs, "~multipart")).catch(() => [] as string[]);
  let earlier: string[] = [];
  const pieceFolders = async () => (await uploadFolders()).filter((name) => !earlier.includes(name));

  it("passes every conformance case", async () => {
    const results = await runSuite((path) => call(path, { method: "POST" }), "shared");
    expect(failures(results), workerd.logs().slice(-3000)).toEqual([]);
    const disk = await runSuite((path) => call(path, { method: "POST" }), "disk");
    expect(failures(disk)).toEqual([]);
    earlier = await uploadFolders();
  }, 180_000);

  it("stores a 100 MiB put as 32 MiB pieces with the right SHA-256, and reads any range back", async () => {
    const bytes = bytesOf(100 * MiB + 123);
    const put = await call(objectUrl("pieces/a"), { method: "PUT", body: bytes });
    expect(put.status, await put.clone().text()).toBe(200);
    expect(await put.json()).toEqual({
      key: "pieces/a",
      size: bytes.length,
      etag: hex(bytes).slice(0, 32),
      sha256: hex(bytes),
    });
    const [folder] = await pieceFolders();
    expect((await readdir(join(blobs, "~multipart", folder!))).sort()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^1\./), expect.stringMatching(/^4\./), "object.json"]),
    );
    expect(helper.digests.runs).toBe(0);
    const head = (await (await call("/head?key=pieces/a")).json()) as { sha256: string };
    expect(head.sha256).toBe(hex(bytes));
    const whole = Buffer.from(await (await call(objectUrl("pieces/a"))).arrayBuffer());
    expect(hex(whole)).toBe(hex(bytes));
    // A range across the first piece boundary, and one inside the last piece.
    for (const [offset, length] of [
      [32 * MiB - 1000, 5000],
      [99 * MiB, MiB + 123],
    ] as const) {
      const got = await call(`${objectUrl("pieces/a")}&offset=${offset}&length=${length}`);
      expect(Buffer.from(await got.arrayBuffer()).equals(bytes.subarray(offset, offset + length))).toBe(true);
    }
    // Replacing it removes the old pieces; deleting it removes the new ones.
    const smaller = bytesOf(3 * MiB);
    expect((await call(objectUrl("pieces/a"), { method: "PUT", body: smaller })).status).toBe(200);
    expect(await pieceFolders()).toEqual([]);
    const again = bytesOf(40 * MiB);
    expect((await call(objectUrl("pieces/a"), { method: "PUT", body: again })).status).toBe(200);
    expect(await pieceFolders()).toHaveLength(1);
    await call(objectUrl("pieces/a"), { method: "DELETE" });
    expect(await pieceFolders()).toEqual([]);
  }, 60_000);

  it("a big put whose body breaks off leaves no object and no pieces", async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 50 * MiB) return controller.error(new Error("client went away"));
        sent += MiB;
        controller.enqueue(bytesOf(MiB));
      },
    });
    await call(objectUrl("pieces/broken"), { method: "PUT", body, duplex: "half" } as RequestInit).catch(() => null);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await call("/head?key=pieces/broken")).status).toBe(404);
    expect(await pieceFolders()).toEqual([]);
  }, 60_000);

  it("hashes the bytes itself when the helper is gone", async () => {
    helper.server.close();
    helper.server.closeAllConnections();
    const bytes = bytesOf(40 * MiB);
    const put = await call(objectUrl("pieces/alone"), { method: "PUT", body: bytes });
    expect(put.status, await put.clone().text()).toBe(200);
    expect(((await put.json()) as { sha256: string }).sha256).toBe(hex(bytes));
    expect(hex(Buffer.from(await (await call(objectUrl("pieces/alone"))).arrayBuffer()))).toBe(hex(bytes));
  }, 60_000);

  it("does not hang on a helper that takes requests and never answers: one wait, then it hashes itself", async () => {
    const stuck = createServer(() => {
      // takes the request, never answers
    });
    await new Promise<void>((resolve) => stuck.listen(port, "127.0.0.1", resolve));
    try {
      const bytes = bytesOf(70 * MiB);
      const started = Date.now();
      const put = await call(objectUrl("pieces/stuck"), { method: "PUT", body: bytes });
      expect(put.status, await put.clone().text()).toBe(200);
      expect(((await put.json()) as { sha256: string }).sha256).toBe(hex(bytes));
      // Three pieces, but only the first feed waits for its timeout (10 s): the rest are not asked.
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      stuck.closeAllConnections();
      stuck.close();
    }
  }, 60_000);
});

async function walkFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walkFiles(path)));
    else out.push(path);
  }
  return out;
}

/** The peak resident memory of a process so far (VmHWM), in MiB. */
async function peakMemoryMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kib = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kib / 1024;
}
