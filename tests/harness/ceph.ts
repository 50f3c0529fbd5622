/**
 * A real S3 server for tests: a single-node Ceph cluster (one mon, one OSD, the RADOS Gateway)
 * from Debian's packages, started in a temp folder on free loopback ports and removed again.
 *
 * - auth none, pool size 1, no mgr (its health stays WARN for that, so readiness is judged by the
 *   OSD being up and the gateway answering, not by HEALTH_OK);
 * - the OSD keeps its bluestore on a sparse file beside (not inside) its data folder;
 * - `tcp_nodelay=1` on the beast frontend: without it small requests stall 40–48 ms (Nagle).
 * Cold start measured 13–16 s, ~230 MB resident when idle. The first bucket, PUT and multipart
 * upload each take ~2 s (pools and indexes are created lazily), so `startCeph` warms them up.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsClient } from "aws4fetch";
import { freePort } from "@hearth/supervisor/preflight";

export interface RunningCeph {
  /** `http://127.0.0.1:<port>`: the gateway, path-style. */
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** A bucket made (and warmed up) at start. */
  bucket: string;
  /** A signed client for checking the bucket directly. */
  client: AwsClient;
  /** Makes another empty bucket. */
  createBucket(name: string): Promise<void>;
  /** Every key in `bucket` (all pages). */
  listKeys(bucket: string, prefix?: string): Promise<string[]>;
  /** The daemons' logs, for failure messages. */
  logs(): string;
  stop(): Promise<void>;
}

const BINARIES = ["ceph-mon", "ceph-osd", "radosgw", "radosgw-admin", "monmaptool", "ceph"];
const START_TIMEOUT_MS = 90_000;

/** Whether the Ceph packages are installed (`.ci/run` installs them). */
export function cephInstalled(): boolean {
  return BINARIES.every((bin) => spawnSync("which", [bin]).status === 0);
}

/** Starts a cluster with one bucket; on any failure everything started so far is stopped and removed. */
export async function startCeph(options: { bucket?: string } = {}): Promise<RunningCeph> {
  if (!cephInstalled())
    throw new Error(
      "Ceph is not installed: apt-get install --no-install-recommends radosgw ceph-mon ceph-osd ceph-common",
    );
  const dir = mkdtempSync(join(tmpdir(), "hearth-ceph-"));
  const daemons: ChildProcess[] = [];
  const stop = async () => {
    for (const daemon of [...daemons].reverse()) await stopDaemon(daemon);
    if (!process.env.HEARTH_CEPH_KEEP) rmSync(dir, { recursive: true, force: true });
  };
  try {
    return await bringUp(dir, daemons, stop, options.bucket ?? "hearth-test");
  } catch (error) {
    const logs = readLogs(dir);
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- ceph logs ---\n${logs}`);
  }
}

async function bringUp(
  dir: string,
  daemons: ChildProcess[],
  stop: () => Promise<void>,
  bucket: string,
): Promise<RunningCeph> {
  const [monPort, rgwPort] = [await freePort(), await freePort()];
  const fsid = randomUUID();
  for (const sub of ["run", "log", "mon", "osd/ceph-0", "block"]) mkdirSync(join(dir, sub), { recursive: true });
  const conf = join(dir, "ceph.conf");
  writeFileSync(conf, cephConf(dir, fsid, monPort, rgwPort));
  const cli = (command: string, args: string[], timeoutMs = 60_000) => run(command, ["-c", conf, ...args], timeoutMs);

  run("monmaptool", ["--create", "--fsid", fsid, "--addv", "a", `[v2:127.0.0.1:${monPort}]`, join(dir, "monmap")]);
  cli("ceph-mon", ["--mkfs", "-i", "a", "--monmap", join(dir, "monmap")]);
  daemons.push(daemon("ceph-mon", ["-f", "-c", conf, "-i", "a"]));
  const osdUuid = randomUUID();
  const osdId = cli("ceph", ["--connect-timeout", "30", "osd", "new", osdUuid]).trim();
  if (osdId !== "0") throw new Error(`expected OSD id 0, got ${JSON.stringify(osdId)}`);
  cli("ceph-osd", ["-i", "0", "--mkfs", "--osd-uuid", osdUuid], 120_000);
  daemons.push(daemon("ceph-osd", ["-f", "-c", conf, "-i", "0"]));
  await waitFor("the OSD to come up", () => /1 up/.test(cli("ceph", ["osd", "stat"], 20_000)), dir);
  daemons.push(daemon("radosgw", ["-f", "-c", conf, "-n", "client.rgw.a"]));
  const endpoint = `http://127.0.0.1:${rgwPort}`;
  await waitFor("the gateway to answer", async () => (await fetch(endpoint).catch(() => null)) !== null, dir);

  const accessKeyId = "HEARTHTESTKEY0000000";
  const secretAccessKey = "hearth-test-secret-0000000000000000000000";
  cli("radosgw-admin", [
    "-n",
    "client.rgw.a",
    "user",
    "create",
    "--uid=hearth",
    "--display-name=Hearth tests",
    `--access-key=${accessKeyId}`,
    `--secret-key=${secretAccessKey}`,
  ]);
  const region = "us-east-1";
  const client = new AwsClient({ accessKeyId, secretAccessKey, service: "s3", region });
  const createBucket = async (name: string) => {
    await expectOk(await client.fetch(`${endpoint}/${name}`, { method: "PUT" }));
  };
  await createBucket(bucket);
  await warmUp(client, `${endpoint}/${bucket}`);
  return {
    endpoint,
    region,
    accessKeyId,
    secretAccessKey,
    bucket,
    client,
    createBucket,
    listKeys: (name, prefix) => listKeys(client, `${endpoint}/${name}`, prefix),
    logs: () => readLogs(dir),
    stop,
  };
}

function cephConf(dir: string, fsid: string, monPort: number, rgwPort: number): string {
  return `[global]
fsid = ${fsid}
mon host = [v2:127.0.0.1:${monPort}]
public addr = 127.0.0.1
ms bind ipv6 = false
ms bind msgr1 = false
auth cluster required = none
auth service required = none
auth client required = none
auth allow insecure global id reclaim = false
auth supported = none
# With auth none the gateway finds no usable "secure" connection mode and never reaches the mon.
ms mon client mode = crc
ms client mode = crc
run dir = ${dir}/run
admin socket = ${dir}/run/$name.asok
pid file = ${dir}/run/$name.pid
log file = ${dir}/log/$name.log
log to stderr = false
err to stderr = true
mon cluster log file = ${dir}/log/cluster.log
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
mon data avail warn = 1
mon data avail crit = 0
[mon]
mon data = ${dir}/mon/$cluster-$id
[osd]
osd data = ${dir}/osd/$cluster-$id
osd objectstore = bluestore
bluestore block path = ${dir}/block/osd-$id.img
bluestore block create = true
bluestore block size = 4294967296
bluestore fsck on mkfs = false
osd memory target = 939524096
bluestore cache autotune = false
bluestore cache size = 67108864
[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:${rgwPort} tcp_nodelay=1
rgw data = ${dir}/rgw
rgw thread pool size = 64
rgw enable usage log = false
rgw max chunk size = 4194304
`;
}

/** Runs a command to completion; throws with its output when it fails. */
function run(command: string, args: string[], timeoutMs = 60_000): string {
  const result = spawnSync(command, args, { encoding: "utf8", timeout: timeoutMs });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(" ")} failed (${result.status ?? result.signal}): ${result.stderr}`);
  return result.stdout;
}

/**
 * Starts a daemon in the foreground. Through `setpriv --pdeathsig KILL` where it exists (as the
 * supervisor starts its children), so a test run that is killed leaves no Ceph behind.
 */
function daemon(command: string, args: string[]): ChildProcess {
  const [program, argv] = pdeathsig() ? ["setpriv", ["--pdeathsig", "KILL", command, ...args]] : [command, args];
  const child = spawn(program, argv, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  child.on("exit", (code, signal) => {
    if (code !== 0 && signal !== "SIGTERM" && signal !== "SIGKILL")
      process.stderr.write(`${command} exited (${code ?? signal}): ${stderr}\n`);
  });
  return child;
}

let setprivWorks: boolean | undefined;
function pdeathsig(): boolean {
  setprivWorks ??= spawnSync("setpriv", ["--pdeathsig", "KILL", "true"], { stdio: "ignore" }).status === 0;
  return setprivWorks;
}

async function stopDaemon(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

async function waitFor(what: string, ready: () => boolean | Promise<boolean>, dir: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await ready()) return;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `Ceph: timed out waiting for ${what} in ${dir}${last instanceof Error ? ` (last error: ${last.message})` : ""}`,
  );
}

/** The first bucket operation, PUT and multipart upload each take ~2 s on a fresh gateway. */
async function warmUp(client: AwsClient, bucketUrl: string): Promise<void> {
  const object = `${bucketUrl}/warm-up`;
  await expectOk(await client.fetch(object, { method: "PUT", body: "x" }));
  const created = await client.fetch(`${object}?uploads`, { method: "POST" });
  const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(await created.text())?.[1];
  if (!uploadId) throw new Error("Ceph: warm-up multipart upload did not start");
  const part = await client.fetch(`${object}?partNumber=1&uploadId=${encodeURIComponent(uploadId)}`, {
    method: "PUT",
    body: "part",
  });
  await expectOk(part);
  const etag = part.headers.get("etag") ?? "";
  const body = `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${etag}</ETag></Part></CompleteMultipartUpload>`;
  await expectOk(await client.fetch(`${object}?uploadId=${encodeURIComponent(uploadId)}`, { method: "POST", body }));
  await expectOk(await client.fetch(`${bucketUrl}?list-type=2`));
  await expectOk(await client.fetch(object, { method: "DELETE" }));
}

async function listKeys(client: AwsClient, bucketUrl: string, prefix = ""): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const query = new URLSearchParams({ "list-type": "2", "encoding-type": "url", prefix });
    if (token) query.set("continuation-token", token);
    const response = await client.fetch(`${bucketUrl}?${query}`);
    const xml = await expectOk(response);
    for (const match of xml.matchAll(/<Key>([^<]*)<\/Key>/g)) keys.push(decodeURIComponent(match[1] ?? ""));
    token = /<IsTruncated>true<\/IsTruncated>/.test(xml)
      ? /<NextContinuationToken>([^<]*)<\/NextContinuationToken>/.exec(xml)?.[1]
      : undefined;
  } while (token);
  return keys;
}

async function expectOk(response: Response): Promise<string> {
  const text = await response.text();
  if (!response.ok) throw new Error(`Ceph: ${response.url} answered ${response.status}: ${text}`);
  return text;
}

function readLogs(dir: string): string {
  const out: string[] = [];
  for (const name of ["mon.a", "osd.0", "client.rgw.a"]) {
    try {
      out.push(`== ${name} ==\n${readFileSync(join(dir, "log", `${name}.log`), "utf8").slice(-3000)}`);
    } catch {
      // not started
    }
  }
  return out.join("\n");
}
