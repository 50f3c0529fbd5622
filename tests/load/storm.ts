/**
 * The load storm of issue 12: waves of concurrent 2 MB uploads while listing clients page through
 * their folders and photos, against a real Hearth on loopback. Bounded in time and count; stops
 * by itself. Returns the figures `npm run test:load` prints and tests/load.test.ts checks.
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
}

export interface StormFigures {
  uploads: number;
  uploadErrors: number;
  listings: number;
  listingErrors: number;
  /** Listing latency percentiles (ms). */
  p50: number;
  p99: number;
  max: number;
  /** Status codes of failures, counted. */
  failures: Record<string, number>;
  /** How long a plain folder listing took to answer right after the storm (ms). */
  answerAfterMs: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export async function storm(options: StormOptions): Promise<StormFigures> {
  const me = new Client(options.url);
  const registered = await me.register("storm@example.com", "storm user password", "Storm");
  if (registered.status !== 201 && registered.status !== 200)
    await me.login("storm@example.com", "storm user password");
  const folderIds: string[] = [];
  for (let i = 0; i < (options.folders ?? 4); i++) {
    const made = await me.json("POST", "/api/folders", { parentId: null, name: `storm ${i} ${Date.now()}` });
    folderIds.push(made.body.id);
  }
  const payload = new Blob([randomBytes(options.uploadBytes)]);
  const figures: StormFigures = {
    uploads: 0,
    uploadErrors: 0,
    listings: 0,
    listingErrors: 0,
    p50: 0,
    p99: 0,
    max: 0,
    failures: {},
    answerAfterMs: 0,
  };
  const latencies: number[] = [];
  const fail = (what: string, status: number | string) => {
    const key = `${what} ${status}`;
    figures.failures[key] = (figures.failures[key] ?? 0) + 1;
  };
  const end = Date.now() + options.durationMs;
  // Each request carries its own deadline so the storm stops by itself even if the server wedges.
  const timeout = () => AbortSignal.timeout(60_000);

  let n = 0;
  const uploader = async () => {
    while (Date.now() < end) {
      const parent = folderIds[n++ % folderIds.length]!;
      // Mostly photo names, so the photos timeline grows like a family's.
      const name = `IMG_${n}_${Math.random().toString(36).slice(2)}.jpg`;
      try {
        const response = await me.request(
          "PUT",
          `/api/files/content?parent=${parent}&name=${encodeURIComponent(name)}&onConflict=keepBoth`,
          { body: payload, headers: {} },
        );
        await response.arrayBuffer();
        if (response.status === 201) figures.uploads++;
        else {
          figures.uploadErrors++;
          fail("upload", response.status);
        }
      } catch (error) {
        figures.uploadErrors++;
        fail("upload", (error as Error).name);
      }
    }
  };
  const lister = async (index: number) => {
    while (Date.now() < end) {
      const path = index % 2 === 0 ? "/api/photos" : `/api/files?parent=${folderIds[index % folderIds.length]}`;
      const started = performance.now();
      try {
        const response = await fetch(options.url + path, {
          headers: { cookie: (me as unknown as { cookie: string }).cookie, origin: options.url },
          signal: timeout(),
        });
        await response.arrayBuffer();
        latencies.push(performance.now() - started);
        if (response.ok) figures.listings++;
        else {
          figures.listingErrors++;
          fail("listing", response.status);
        }
      } catch (error) {
        figures.listingErrors++;
        fail("listing", (error as Error).name);
      }
    }
  };
  await Promise.all([
    ...Array.from({ length: options.uploaders }, uploader),
    ...Array.from({ length: options.listers }, (_, i) => lister(i)),
  ]);
  latencies.sort((a, b) => a - b);
  figures.p50 = Math.round(percentile(latencies, 50));
  figures.p99 = Math.round(percentile(latencies, 99));
  figures.max = Math.round(latencies.at(-1) ?? 0);
  const started = performance.now();
  const after = await me.request("GET", `/api/files?parent=root`);
  await after.arrayBuffer();
  figures.answerAfterMs = Math.round(performance.now() - started);
  return figures;
}
