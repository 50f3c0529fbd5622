/**
 * The Cloudflare build: `wrangler deploy --dry-run --outdir` bundles each of Hearth's workers as
 * Cloudflare would run them, with the R2 binding and a libSQL/Turso DATABASE_URL, and uploads
 * nothing. The README's Cloudflare section describes these four configs and the media worker's
 * size; this test keeps both true. Needs `npm run build` first (the media worker deploys the
 * NAS's own bundle, dist/workers/media.js).
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "./harness/hearth";

const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), "hearth-wrangler-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Runs the pinned wrangler (it runs on Node 20) in dry-run mode; its printed summary. */
async function dryRun(config: string, name: string): Promise<string> {
  const wrangler = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
  const { stdout, stderr } = await run(
    process.execPath,
    [wrangler, "deploy", "--dry-run", "--config", config, "--outdir", join(out, name)],
    { cwd: ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_COLOR: "1" } },
  );
  return stdout + stderr;
}

/** "Total Upload: 35340.81 KiB / gzip: 11300.68 KiB" → the gzip size in MiB. */
function gzipMiB(summary: string): number {
  const match = /gzip: ([\d.]+) KiB/.exec(summary);
  if (!match) throw new Error(`no size in:\n${summary}`);
  return Number(match[1]) / 1024;
}

describe("wrangler deploy --dry-run builds every worker for Cloudflare", () => {
  it("the api worker: R2, the events Durable Object, the upload worker, the web app and a Turso URL", async () => {
    const summary = await dryRun("wrangler.toml", "api");
    expect(summary).toContain("env.BLOBS (hearth-blobs)");
    expect(summary).toMatch(/env\.USER_EVENTS \(UserEvents, defined in hearth-events\)/);
    expect(summary).toContain("env.UPLOAD (hearth-upload)");
    expect(summary).toContain("env.ASSETS");
    expect(summary).toContain('env.DATABASE_URL ("libsql://hearth-household.turso.io")');
    expect(readFileSync(join(out, "api", "index.js"), "utf8")).toContain("/api/files");
    expect(gzipMiB(summary)).toBeLessThan(3);
  });

  it("the upload worker and the events worker", async () => {
    const upload = await dryRun("workers/upload/wrangler.toml", "upload");
    expect(upload).toContain("env.BLOBS (hearth-blobs)");
    expect(upload).toContain('env.DATABASE_URL ("libsql://hearth-household.turso.io")');
    const events = await dryRun("workers/events/wrangler.toml", "events");
    expect(events).toContain("env.USER_EVENTS (UserEvents)");
    expect(existsSync(join(out, "events", "index.js"))).toBe(true);
  });

  it("the media worker is the NAS's bundle with its wasm codecs, and ffmpeg makes it too big for a Worker", async () => {
    const summary = await dryRun("workers/media/wrangler.toml", "media");
    expect(summary).toContain("env.BLOBS (hearth-blobs)");
    for (const wasm of ["jpeg-turbo.wasm", "photon.wasm", "libheif.wasm", "ffmpeg-core.wasm"])
      expect(existsSync(join(out, "media", wasm)), wasm).toBe(true);
    // What the README says: over Cloudflare's 10 MB (gzip) limit for a Worker on the paid plan.
    expect(gzipMiB(summary)).toBeGreaterThan(10);
  });
});
