/**
 * Starts the real workerd binary with the test worker bound to a writable disk service, the way
 * Hearth's container binds its blob folder.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { copyFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { freePort } from "@hearth/supervisor/preflight";
import { join } from "node:path";

/** A running workerd serving the test worker. */
export interface RunningWorkerd {
  url: string;
  pid: number;
  /** Everything workerd wrote to stderr so far (for failure messages). */
  logs(): string;
  stop(): Promise<void>;
}

/** The real workerd binary (not node_modules/.bin/workerd, which is a Node wrapper). */
export function workerdBinary(): string {
  const require = createRequire(import.meta.url);
  const platform = process.arch === "arm64" ? "linux-arm64" : "linux-64";
  return require.resolve(`@cloudflare/workerd-${platform}/bin/workerd`);
}

/**
 * What the test worker's bucket is: DiskBucket over a folder (with the digest helper listening on
 * `digestsPort`, when given), or S3Bucket with these settings (JSON).
 */
export type TestBucket = { blobsDir: string; digestsPort?: number } | { s3Settings: string };

/** The capnp config: the worker with DISK bound to a writable disk service over `blobsDir`, or S3 settings. */
export function testConfig(port: number, bucket: TestBucket): string {
  const digestsPort = "blobsDir" in bucket ? bucket.digestsPort : undefined;
  const binding =
    "s3Settings" in bucket
      ? `(name = "S3", text = ${JSON.stringify(bucket.s3Settings)})`
      : `(name = "DISK", service = "blobs")${digestsPort ? `, (name = "DIGESTS", service = "digests")` : ""}`;
  const disk =
    "blobsDir" in bucket
      ? `(name = "blobs", disk = (path = ${JSON.stringify(bucket.blobsDir)}, writable = true)),`
      : "";
  const digests = digestsPort
    ? `(name = "digests", external = (address = "127.0.0.1:${digestsPort}", http = ())),`
    : "";
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = (
      modules = [(name = "worker.js", esModule = embed "worker.js")],
      compatibilityDate = "2025-09-01",
      bindings = [${binding}],
      globalOutbound = "loopback",
    )),
    ${disk}
    ${digests}
    (name = "loopback", network = (allow = ["local", "private"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
`;
}

/**
 * Copies the bundle next to a generated config in `workDir` (capnp `embed` paths are relative to
 * the config file), starts workerd on a free loopback port and waits until it answers.
 */
export async function startWorkerd(bundle: string, workDir: string, bucket: TestBucket): Promise<RunningWorkerd> {
  const port = await freePort();
  await copyFile(bundle, join(workDir, "worker.js"));
  await writeFile(join(workDir, "config.capnp"), testConfig(port, bucket));
  const child = spawn(workerdBinary(), ["serve", join(workDir, "config.capnp"), "--verbose"], {
    cwd: workDir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitUntilServing(url, child, () => output);
  return {
    url,
    pid: child.pid ?? -1,
    logs: () => output,
    stop: () => stopProcess(child),
  };
}

async function waitUntilServing(url: string, child: ChildProcess, logs: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`workerd exited with ${child.exitCode}:\n${logs()}`);
    try {
      await fetch(`${url}/head?key=readiness-probe`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  child.kill("SIGKILL");
  throw new Error(`workerd did not start listening within 15 s:\n${logs()}`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}
