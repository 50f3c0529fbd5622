/**
 * The load storm of issue 12: concurrent 2 MB uploads while listing clients page through their
 * folders and photos, against a real Hearth on loopback. Bounded in time and count; stops by
 * itself, even against a server that wedges (every request has its own deadline). Returns the
 * figures `npm run test:load` prints and tests/load.test.ts checks.
 */
import { randomBytes } from "node:crypto";
import { Client } from "../harness/client";

export interface StormOptions {
  url: string;
  /** How long the storm lasts (ms). */
  durationMs: number;
  uploaders: number;
  listers: number;
  uploadBytes: number;
  /** Folders the uploads are spread over (several users' worth of listing). */
  folders?: number;
  /** How long one request may take before it counts as an error (ms). */
  requestTimeoutMs?: number;
  /**
   * Listers read whole folders (up to thousands of items by the end) instead of the first screen
   * the web app asks for (`limit=300`, FIRST_PAGE in frontend/src/stores/createFolderListing.ts).
   */
  wholeFolders?: boolean;
}

/** The first screen of a folder, as the web app asks for it. */
const FIRST_SCREEN = 300;

export interface StormFigures {
  uploads: number;
  uploadErrors: number;
  listings: number;
  listingErrors: number;
  /** Listing latency percentiles (ms). */
  p50: number;
  p99: number;
  max: number;
  /** Upload latency percentiles (ms). */
  uploadP50: number;
  uploadP99: number;
  /** Failures by what failed and how (status code, or the transport error's name and code), counted. */
  failures: Record<string, number>;
  /** How long a plain folder listing took to answer right after the storm (ms). */
  answerAfterMs: number;
  /** How long creating a folder (a write) took right after the storm (ms). */
  writeAfterMs: number;
  /** /health's status code right after the storm. */
  healthAfter: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** A transport failure named by its error and, when there is one, the system error under it. */
function failureName(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return [(error as Error).name, cause?.code ?? cause?.message].filter(Boolean).join(" ");
}

export async function storm(options: StormOptions): Promise<StormFigures> {
  const requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
  const me = new Client(options.url);
  const registered = await me.register("storm@example.com", "storm user password", "Storm");
  if (registered.status !== 201 && registered.status !== 200)
    await me.login("storm@example.com", "storm user password");
  const cookie = (me as unknown as { cookie: string }).cookie;
  const folderIds: string[] = [];
  for (let i = 0; i < (options.folders ?? 4); i++) {
    const made = await me.json("POST", "/api/folders", { parentId: null, name: `storm ${i} ${Date.now()}` });
    folderIds.push(made.body.id);
  }
  const payload = new Blob([randomBytes(options.uploadBytes)]);
  const failures: Record<string, number> = {};
  const fail = (what: string, how: number | string) => {
    const key = `${what} ${how}`;
    failures[key] = (failures[key] ?? 0) + 1;
  };
  const listingTimes: number[] = [];
  const uploadTimes: number[] = [];
  let uploads = 0;
  let uploadErrors = 0;
  let listings = 0;
  let listingErrors = 0;
  const end = Date.now() + options.durationMs;
  const send = (path: string, init: RequestInit = {}) =>
    fetch(options.url + path, {
      ...init,
      headers: {
        cookie,
        origin: options.url,
        // A fresh connection per request. Over keep-alive, workerd closes a connection idle for 5 s
        // (kj's pipeline timeout) and a busy client may send on it just then: ECONNRESET/EPIPE
        // that a browser retries by itself, and that say nothing about the server.
        ...(process.env.LOAD_KEEPALIVE ? {} : { connection: "close" }),
        ...(init.headers as Record<string, string>),
      },
      signal: AbortSignal.timeout(requestTimeoutMs),
      duplex: "half",
    } as RequestInit);

  let n = 0;
  const uploader = async () => {
    while (Date.now() < end) {
      const parent = folderIds[n++ % folderIds.length]!;
      // Photo names, so the Photos timeline grows like a family's.
      const name = `IMG_${n}_${Math.random().toString(36).slice(2)}.jpg`;
      const started = performance.now();
      try {
        const response = await send(
          `/api/files/content?parent=${parent}&name=${encodeURIComponent(name)}&onConflict=keepBoth`,
          { method: "PUT", body: payload },
        );
        await response.arrayBuffer();
        uploadTimes.push(performance.now() - started);
        if (response.status === 201) uploads++;
        else {
          uploadErrors++;
          fail("upload", response.status);
        }
      } catch (error) {
        uploadErrors++;
        fail("upload", failureName(error));
        if (process.env.LOAD_DEBUG)
          console.log(`upload failed after ${Math.round(performance.now() - started)} ms`, error);
      }
    }
  };
  const lister = async (index: number) => {
    while (Date.now() < end) {
      const folder = `/api/files?parent=${folderIds[index % folderIds.length]}`;
      const path = index % 2 === 0 ? "/api/photos" : options.wholeFolders ? folder : `${folder}&limit=${FIRST_SCREEN}`;
      const started = performance.now();
      try {
        const response = await send(path);
        await response.arrayBuffer();
        listingTimes.push(performance.now() - started);
        if (response.ok) listings++;
        else {
          listingErrors++;
          fail("listing", response.status);
        }
      } catch (error) {
        listingErrors++;
        fail("listing", failureName(error));
        if (process.env.LOAD_DEBUG)
          console.log(`listing failed after ${Math.round(performance.now() - started)} ms`, error);
      }
    }
  };
  await Promise.all([
    ...Array.from({ length: options.uploaders }, uploader),
    ...Array.from({ length: options.listers }, (_, i) => lister(i)),
  ]);
  listingTimes.sort((a, b) => a - b);
  uploadTimes.sort((a, b) => a - b);

  // The storm is over and every client has gone: the server must answer a reader and a writer at once.
  const timed = async (path: string, init?: RequestInit) => {
    const started = performance.now();
    try {
      const response = await send(path, init);
      await response.arrayBuffer();
      return { ms: Math.round(performance.now() - started), status: response.status };
    } catch (error) {
      return { ms: Math.round(performance.now() - started), status: 0, error: failureName(error) };
    }
  };
  const listing = await timed("/api/files?parent=root");
  const write = await timed(`/api/folders`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ parentId: null, name: `after the storm ${Date.now()}` }),
  });
  const health = await timed("/health");
  if (listing.status !== 200) fail("listing after the storm", listing.error ?? listing.status);
  if (write.status !== 201) fail("write after the storm", write.error ?? write.status);
  return {
    uploads,
    uploadErrors,
    listings,
    listingErrors,
    p50: Math.round(percentile(listingTimes, 50)),
    p99: Math.round(percentile(listingTimes, 99)),
    max: Math.round(listingTimes.at(-1) ?? 0),
    uploadP50: Math.round(percentile(uploadTimes, 50)),
    uploadP99: Math.round(percentile(uploadTimes, 99)),
    failures,
    answerAfterMs: listing.ms,
    writeAfterMs: write.ms,
    healthAfter: health.status,
  };
}
