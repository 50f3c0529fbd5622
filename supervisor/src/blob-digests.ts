/**
 * The blob store's digest helper (storage-adapter/src/digest-protocol.ts): a loopback endpoint the
 * upload isolate reaches as its BLOBS_DIGESTS service. It hashes the files of a big write as soon
 * as DiskBucket has written them, on this process's core while workerd's single thread receives
 * the next bytes, and keeps each run's SHA-256 between files, so a 1 GiB upload or a tus upload of
 * 128 parts is hashed once, without workerd reading it back.
 *
 * It only reads: files under DATA_DIR/blobs, named by path segments that are checked, opened
 * without following a final symlink. Runs live in memory; after a restart they are unknown and
 * DiskBucket hashes the bytes itself. A run idle for a day is forgotten.
 */
import { createHash, type Hash } from "node:crypto";
import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { join } from "node:path";
import {
  DIGEST_FEED,
  DIGEST_FORGET,
  DIGEST_RESULT,
  type DigestAnswer,
  type DigestFeed,
  type DigestForget,
  type DigestQuery,
} from "@hearth/storage-adapter/digest-protocol";

/** Bytes read and hashed per step; the event loop gets a turn between steps (about 2 ms each). */
const READ_BYTES = 4 * 1024 * 1024;
const MAX_SPARE_BUFFERS = 4;
const IDLE_FORGET_MS = 24 * 60 * 60 * 1000;
const MAX_RUNS = 10_000;
const MAX_FEED_BODY = 64 * 1024;
const SEGMENT = /^[^/\\\0]+$/;

interface RunFile {
  name: string;
  size: number;
}

/** The files of one run and the hash of those hashed so far. */
class Run {
  readonly files: RunFile[] = [];
  /** The state after each hashed file, to rewind to when a file is fed again. */
  readonly after: Hash[] = [];
  hash: Hash = createHash("sha256");
  hashed = 0;
  /** Bumped whenever the files change under a running hash step. */
  generation = 0;
  failure: string | undefined;
  working = false;
  lastUsed = Date.now();
  readonly waiters = new Set<() => void>();

  constructor(readonly folder: string) {}

  feed({ index, name, size }: DigestFeed): void {
    this.lastUsed = Date.now();
    if (index > this.files.length) {
      this.failure = `file ${index} was fed before file ${this.files.length}`;
      return this.wake();
    }
    const same = this.files[index];
    if (same && same.name === name && same.size === size) return;
    if (index < this.files.length) this.rewind(index);
    this.files.push({ name, size });
  }

  /** Forgets files from `index` on, and the hash of them. */
  private rewind(index: number): void {
    this.files.length = index;
    this.after.length = Math.min(this.after.length, index);
    // The hash already covers file `index`, or is being fed it right now: go back to before it.
    if (this.hashed > index || (this.working && this.hashed === index)) {
      this.hashed = Math.min(this.hashed, index);
      this.hash = index === 0 ? createHash("sha256") : this.after[index - 1]!.copy();
      this.generation++;
    }
    this.failure = undefined;
  }

  get settled(): boolean {
    return this.failure !== undefined || this.hashed === this.files.length;
  }

  wake(): void {
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  /** Resolves once every file fed so far is hashed or the run failed. */
  async settle(): Promise<void> {
    while (!this.settled) await new Promise<void>((resolve) => this.waiters.add(resolve));
  }
}

/** The runs of one blob folder, hashed in the background. */
export class BlobDigests {
  readonly #runs = new Map<string, Run>();

  constructor(private readonly blobsDir: string) {}

  feed(feed: DigestFeed): void {
    const key = runKey(feed.run);
    let run = this.#runs.get(key);
    if (!run) {
      this.#evictIfFull();
      run = new Run(join(this.blobsDir, ...feed.run));
      this.#runs.set(key, run);
    }
    run.feed(feed);
    void this.#work(run);
  }

  /** The run's SHA-256 once hashed, or the reason it cannot answer for exactly `names`. */
  async result(query: DigestQuery): Promise<DigestAnswer | { reason: string }> {
    const run = this.#runs.get(runKey(query.run));
    if (!run) return { reason: "unknown run" };
    await run.settle();
    run.lastUsed = Date.now();
    if (run.failure) return { reason: run.failure };
    const names = run.files.map((file) => file.name);
    if (names.length !== query.names.length || names.some((name, i) => name !== query.names[i]))
      return { reason: "the run holds other files" };
    return {
      sha256: run.hash.copy().digest("hex"),
      size: run.files.reduce((sum, file) => sum + file.size, 0),
    };
  }

  forget(forget: DigestForget): void {
    this.#runs.delete(runKey(forget.run));
  }

  /** Forgets runs idle longer than a day. */
  sweep(now = Date.now()): void {
    for (const [key, run] of this.#runs) if (now - run.lastUsed > IDLE_FORGET_MS) this.#runs.delete(key);
  }

  get runs(): number {
    return this.#runs.size;
  }

  #evictIfFull(): void {
    if (this.#runs.size < MAX_RUNS) return;
    let oldest: [string, Run] | undefined;
    for (const entry of this.#runs) if (!oldest || entry[1].lastUsed < oldest[1].lastUsed) oldest = entry;
    if (oldest) this.#runs.delete(oldest[0]);
  }

  async #work(run: Run): Promise<void> {
    if (run.working) return;
    run.working = true;
    try {
      while (!run.failure && run.hashed < run.files.length) {
        const index = run.hashed;
        const file = run.files[index]!;
        const generation = run.generation;
        const hash = run.hash;
        let read: number;
        try {
          read = await hashFile(join(run.folder, file.name), hash, () => run.generation !== generation);
        } catch (error) {
          if (run.generation === generation) run.failure = `${file.name}: ${(error as Error).message}`;
          continue;
        }
        if (run.generation !== generation) continue;
        if (read !== file.size) {
          run.failure = `${file.name} holds ${read} bytes, not ${file.size}`;
          continue;
        }
        run.after[index] = hash.copy();
        run.hashed = index + 1;
      }
    } finally {
      run.working = false;
      run.wake();
    }
  }
}

/**
 * Read buffers, kept between files: a fresh 4 MiB buffer per file is fresh memory the kernel must
 * fault in page by page, which on a VM whose freed memory goes back to the host cost more than the
 * hashing (a tus upload of 128 parts: 1.85 s of CPU instead of 1.1 s).
 */
const spareBuffers: Buffer[] = [];

/** Feeds a file into `hash`; returns the bytes read (stops early, uselessly, once `stale`). */
async function hashFile(path: string, hash: Hash, stale: () => boolean): Promise<number> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  const buffer = spareBuffers.pop() ?? Buffer.allocUnsafeSlow(READ_BYTES);
  try {
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, READ_BYTES, null);
      if (bytesRead === 0 || stale()) return total;
      hash.update(buffer.subarray(0, bytesRead));
      total += bytesRead;
    }
  } finally {
    if (spareBuffers.length < MAX_SPARE_BUFFERS) spareBuffers.push(buffer);
    await handle.close();
  }
}

function runKey(run: string[]): string {
  return run.join("/");
}

/** A run folder and file name are plain path segments: never `.`, `..` or a hidden name, no slashes. */
function validSegments(segments: unknown): segments is string[] {
  return (
    Array.isArray(segments) &&
    segments.length > 0 &&
    segments.every((s) => typeof s === "string" && SEGMENT.test(s) && !s.startsWith("."))
  );
}

function parseFeed(value: unknown): DigestFeed | null {
  const v = value as Partial<DigestFeed> | null;
  if (!v || !validSegments(v.run) || !validSegments([v.name])) return null;
  if (!Number.isSafeInteger(v.index) || v.index! < 0 || !Number.isSafeInteger(v.size) || v.size! < 0) return null;
  return { run: v.run, index: v.index!, name: v.name!, size: v.size! };
}

function parseQuery(value: unknown): DigestQuery | null {
  const v = value as Partial<DigestQuery> | null;
  if (!v || !validSegments(v.run) || !Array.isArray(v.names) || !v.names.every((n) => typeof n === "string"))
    return null;
  return { run: v.run, names: v.names };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  let text = "";
  for await (const chunk of request) {
    text += String(chunk);
    if (text.length > MAX_FEED_BODY) throw new Error("body too large");
  }
  return JSON.parse(text);
}

/** Starts the helper for `blobsDir` on 127.0.0.1:port; resolves once it listens. */
export async function startBlobDigests(
  blobsDir: string,
  port: number,
): Promise<{ server: Server; digests: BlobDigests }> {
  const digests = new BlobDigests(blobsDir);
  const server = createServer((request, response) => {
    const answer = (status: number, body?: unknown) => {
      if (body === undefined) return response.writeHead(status).end();
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    if (request.method !== "POST") return answer(405);
    readJson(request).then(
      async (body) => {
        if (request.url === DIGEST_FEED) {
          const feed = parseFeed(body);
          if (!feed) return answer(400, { reason: "malformed feed" });
          digests.feed(feed);
          return answer(202);
        }
        if (request.url === DIGEST_RESULT) {
          const query = parseQuery(body);
          if (!query) return answer(400, { reason: "malformed query" });
          const result = await digests.result(query);
          return answer("reason" in result ? 409 : 200, result);
        }
        if (request.url === DIGEST_FORGET) {
          const run = (body as DigestForget | null)?.run;
          if (!validSegments(run)) return answer(400, { reason: "malformed run" });
          digests.forget({ run });
          return answer(204);
        }
        answer(404);
      },
      () => answer(400, { reason: "malformed JSON" }),
    );
  });
  // Keep-alive connections from workerd are reused for every feed.
  server.keepAliveTimeout = 30_000;
  const sweeper = setInterval(() => digests.sweep(), 10 * 60_000);
  sweeper.unref();
  server.on("close", () => clearInterval(sweeper));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return { server, digests };
}
