/**
 * Starts the real Hearth (dist/hearth.mjs: sqld + workerd processes) on a free loopback port
 * with a temporary DATA_DIR, as `npm start` would, and stops it again.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

import { freePort } from "@hearth/supervisor/preflight";

export { freePort };

export const ROOT = join(import.meta.dirname, "..", "..");
export const HEARTH = join(ROOT, "dist", "hearth.mjs");

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), "hearth-test-"));
}

export interface RunningHearth {
  url: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  /** Everything it printed so far. */
  output: () => string;
  /** SIGTERM, and resolves with the exit code and how long stopping took. */
  stop: () => Promise<{ code: number | null; ms: number }>;
}

/** Runs the hearth command to completion (for start-up failures) and returns its exit code and output. */
export function runHearth(
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [HEARTH], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => {
      output += d.toString();
      if (process.env.HEARTH_TEST_VERBOSE) process.stderr.write(d);
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/**
 * Starts Hearth and resolves once it logs that it is listening. Give the `port` and `dataDir` of
 * a stopped instance to restart it so that URLs handed out before still work.
 */
export async function startHearth(
  options: { dataDir?: string; port?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<RunningHearth> {
  const dataDir = options.dataDir ?? tempDataDir();
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, [HEARTH], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => {
    output += d.toString();
    if (process.env.HEARTH_TEST_VERBOSE) process.stdout.write(d);
  });
  child.stderr.on("data", (d: Buffer) => {
    output += d.toString();
    if (process.env.HEARTH_TEST_VERBOSE) process.stderr.write(d);
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

  const deadline = Date.now() + 90_000;
  while (!output.includes(" listening on http://")) {
    if (child.exitCode !== null) throw new Error(`hearth exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`hearth did not start in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    process: child,
    output: () => output,
    stop: async () => {
      const started = Date.now();
      child.kill("SIGTERM");
      const code = await exited;
      return { code, ms: Date.now() - started };
    },
  };
}

export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Where the sqld of a running Hearth is and the token it requires (from the runtime file Hearth
 * keeps in DATA_DIR for its admin command), to inspect or age rows in tests.
 */
export function databaseOf(hearth: RunningHearth): { url: string; authToken: string } {
  const info = JSON.parse(readFileSync(join(hearth.dataDir, ".hearth-runtime.json"), "utf8")) as {
    databaseUrl: string;
    databaseAuthToken: string;
  };
  return { url: info.databaseUrl, authToken: info.databaseAuthToken };
}

/**
 * Whether the blob store holds bytes for `key` on disk. The disk layout is the storage adapter's
 * (storage-adapter/src/key-path.ts): Hearth's keys are plain lowercase segments, stored as
 * `<folders>/<last>~d<version>` (data) beside `<last>~m` (metadata).
 */
export function blobOnDisk(dataDir: string, key: string): boolean {
  const segments = key.split("/");
  const last = segments.pop()!;
  const folder = join(dataDir, "blobs", ...segments);
  if (!existsSync(folder)) return false;
  return readdirSync(folder).some((name) => name.startsWith(`${last}~d`));
}

/** Runs `hearth <args>` (backup, restore, ...) on a data folder to completion. */
export async function hearthCommand(dataDir: string, ...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [HEARTH, ...args], {
      env: { ...process.env, DATA_DIR: dataDir },
    });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

/**
 * host:port of a media process (its /maintenance and /drain), once it is ready. Media processes
 * run only while there is work (the one doing the start-up housekeeping included) and exit after
 * MEDIA_IDLE_SECONDS: a test that calls one directly starts Hearth with a long idle time.
 */
export async function mediaProcessAddress(hearth: RunningHearth, name = "media-1"): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    // The last start's: each start gets a fresh port.
    const found = [...hearth.output().matchAll(new RegExp(`${name} ready on (127\\.0\\.0\\.1:\\d+)`, "g"))].at(-1);
    if (found) return found[1]!;
    if (Date.now() > deadline) throw new Error(`${name} did not start:\n${hearth.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
