/**
 * The media code inside REAL workerd, for tests and the bench: workers/media/test-worker.ts is
 * bundled with the media build options (wasm modules included), served by workerd on a free
 * loopback port, and called over HTTP (`POST /thumbnails?mime=...`, `/exif`, `/poster`, `/preview`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { findBinary } from "@hearth/supervisor/binaries";
import { freePort } from "@hearth/supervisor/preflight";
import { mediaBuild } from "@hearth/supervisor/media-bundle";
import { ROOT } from "./hearth";

export interface MediaRuntime {
  url: string;
  process: ChildProcess;
  /** POSTs `bytes`; a hang fails the caller after `timeoutMs` instead of stalling it. */
  post(path: string, bytes: Uint8Array<ArrayBuffer>, timeoutMs?: number): Promise<{ status: number; body: Json }>;
  /** workerd's memory and CPU time so far. */
  stats(): ProcessStats;
  stop(): Promise<void>;
}

/** Response bodies are checked field by field by the assertions themselves. */
export type Json = any;

/** A thumbnail as the test worker answers it. */
export interface EncodedThumb {
  size: number;
  width: number;
  height: number;
  /** base64 */
  jpeg: string;
}

export interface ProcessStats {
  rssMiB: number;
  peakRssMiB: number;
  cpuMs: number;
}

/** Bundle the test worker, write a workerd config beside it and serve it on a free port. */
export async function startMediaRuntime(): Promise<MediaRuntime> {
  const dir = await mkdtemp(join(tmpdir(), "hearth-media-test-"));
  const media = mediaBuild();
  await build({
    ...media.esbuildOptions,
    entryPoints: [join(ROOT, "workers", "media", "test-worker.ts")],
    outfile: join(dir, "worker.js"),
    logLevel: "warning",
  });
  // capnp `embed` only reads files below the config's folder, so the wasm files are copied in.
  for (const wasm of media.wasmModules) await copyFile(wasm.path, join(dir, wasm.name));
  const port = await freePort();
  const modules = [
    `(name = "worker.js", esModule = embed "worker.js")`,
    ...media.wasmModules.map((wasm) => `(name = "${wasm.name}", wasm = embed "${wasm.name}")`),
  ];
  await writeFile(
    join(dir, "config.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "media", worker = .mediaWorker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "media") ],
);
const mediaWorker :Workerd.Worker = (
  modules = [ ${modules.join(", ")} ],
  compatibilityDate = "2025-09-01",
);
`,
  );
  const log: string[] = [];
  const child = spawn(findBinary("workerd", process.env.HEARTH_WORKERD_BIN, ROOT), ["serve", "config.capnp"], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => log.push(chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => log.push(chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitUntilServing(url, child, log);
  return {
    url,
    process: child,
    async post(path, bytes, timeoutMs = 20_000) {
      const response = await fetch(url + path, { method: "POST", body: bytes, signal: AbortSignal.timeout(timeoutMs) });
      return { status: response.status, body: await response.json() };
    },
    stats: () => processStats(child.pid!),
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await new Promise((resolve) => child.once("exit", resolve));
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function fromBase64(text: string): Buffer {
  return Buffer.from(text, "base64");
}

async function waitUntilServing(url: string, child: ChildProcess, log: string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`workerd exited (${child.exitCode}):\n${log.join("")}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`workerd did not start serving within 30 s:\n${log.join("")}`);
}

/** A process's resident memory and CPU time so far, from /proc (Linux clock ticks are 10 ms). */
export function processStats(pid: number): ProcessStats {
  // Synchronous on purpose: snapshots taken right before and right after a request.
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  // Fields 14 and 15 of /proc/<pid>/stat (after the parenthesised command name) are user and system ticks.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { rssMiB: Math.round(kib("VmRSS") / 1024), peakRssMiB: Math.round(kib("VmHWM") / 1024), cpuMs: ticks * 10 };
}
