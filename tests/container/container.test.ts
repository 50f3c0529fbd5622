/**
 * The container image, built and run the way a household runs it: rootful podman builds
 * docker/Dockerfile on locally made Debian bases (docker/podman-setup.sh; no registry is reachable
 * here), then runs it read-only, as UID 1001, with every capability dropped and /data bind-mounted.
 * A file uploaded to one container must be there, byte for byte, in a new container on the same
 * folder. Prints the figures worth quoting (image size, run -> healthy, idle RSS, stop time).
 */
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "../harness/client";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const IMAGE = "localhost/hearth:test";
const BASE_IMAGE = "localhost/hearth-base:bookworm";
const RUNTIME_BASE = "localhost/hearth-base:bookworm-runtime";
const APP_UID = 1001;
const MINUTES = 60_000;

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command without blocking the test worker (builds take minutes). */
function run(command: string, args: string[], options: { cwd?: string } = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Runs a command that must succeed; its stdout, trimmed. */
async function must(command: string, args: string[]): Promise<string> {
  const result = await run(command, args);
  if (result.code !== 0) {
    const tail = (result.stdout + result.stderr).split("\n").slice(-40).join("\n");
    throw new Error(`${command} ${args.join(" ")} exited ${result.code}:\n${tail}`);
  }
  return result.stdout.trim();
}

const podman = (...args: string[]) => must("podman", args);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A fresh folder for /data, owned by the image's user as the compose file tells people to do. */
function dataDir(owner: number): string {
  const dir = mkdtempSync(join(tmpdir(), "hearth-container-"));
  chownSync(dir, owner, owner);
  chmodSync(dir, 0o755);
  return dir;
}

const started: string[] = [];
const folders: string[] = [];

/** `podman run -d` with the hardening compose.yaml uses; returns the container id and its URL. */
async function startContainer(data: string): Promise<{ id: string; url: string }> {
  const port = await freePort();
  const id = await podman(
    "run",
    "-d",
    "--read-only",
    "--tmpfs",
    "/tmp",
    "--cap-drop",
    "ALL",
    "--security-opt",
    "no-new-privileges",
    "--user",
    `${APP_UID}:${APP_UID}`,
    "-v",
    `${data}:/data`,
    "-p",
    `127.0.0.1:${port}:8787`,
    IMAGE,
  );
  started.push(id);
  return { id, url: `http://127.0.0.1:${port}` };
}

/** Polls /health until it says ok; fails early, with the logs, if the container exits. */
async function waitHealthy(id: string, url: string, timeoutMs = 2 * MINUTES): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok && (await response.json()).status === "ok") return;
    } catch {
      // Not listening yet.
    }
    if ((await podman("inspect", "--format", "{{.State.Running}}", id)) !== "true") {
      throw new Error(`container exited before it was healthy:\n${(await run("podman", ["logs", id])).stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not healthy after ${timeoutMs} ms:\n${(await run("podman", ["logs", id])).stderr}`);
}

/** The container's processes as host PIDs, so /proc can be read without entering the container. */
async function hostPids(id: string): Promise<number[]> {
  const out = await podman("top", id, "hpid");
  return out
    .split("\n")
    .slice(1)
    .map(Number)
    .filter((pid) => pid > 0);
}

function procStatus(pid: number, field: string): string {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${field}:`));
  return line ? line.slice(field.length + 1).trim() : "";
}

describe("the container image", () => {
  const figures: Record<string, string> = {};
  const file = new Uint8Array(randomBytes(4 * 1024 * 1024)) as Uint8Array<ArrayBuffer>;
  let data: string;
  let first: { id: string; url: string };
  let fileId: string;

  beforeAll(async () => {
    let t = Date.now();
    await must("sh", [join(ROOT, "docker/podman-setup.sh")]);
    figures["podman setup"] = `${((Date.now() - t) / 1000).toFixed(1)} s`;
    t = Date.now();
    await podman(
      "build",
      "--format",
      "docker", // docker format: OCI images drop HEALTHCHECK
      "-f",
      "docker/Dockerfile",
      "--build-arg",
      `BASE_IMAGE=${BASE_IMAGE}`,
      "--build-arg",
      `RUNTIME_BASE=${RUNTIME_BASE}`,
      "-t",
      IMAGE,
      ".",
    );
    figures["image build"] = `${((Date.now() - t) / 1000).toFixed(1)} s`;
    data = dataDir(APP_UID);
    folders.push(data);
  }, 30 * MINUTES);

  afterAll(async () => {
    for (const id of started) await run("podman", ["rm", "-f", "-t", "0", id]);
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
    console.log(["container figures:", ...Object.entries(figures).map(([k, v]) => `  ${k}: ${v}`)].join("\n"));
  });

  it("holds only what runs, and stays small", async () => {
    const size = Number(await podman("image", "inspect", "--format", "{{.Size}}", IMAGE));
    figures["image size"] = `${(size / 1e6).toFixed(0)} MB (uncompressed)`;
    // node + workerd + sqld + Debian are ~300 MB; dev dependencies would add hundreds more.
    expect(size).toBeLessThan(450e6);
    const files = await must("podman", [
      "run",
      "--rm",
      "--entrypoint",
      "sh",
      IMAGE,
      "-c",
      "ls /app/bin; test -d /app/node_modules && echo node_modules; command -v npm || true",
    ]);
    expect(files.split("\n").sort()).toEqual(["node", "sqld", "workerd"]);
  });

  it("starts read-only as UID 1001 with no capabilities and reports healthy", async () => {
    const t = Date.now();
    first = await startContainer(data);
    const { id, url } = first;
    await waitHealthy(id, url);
    figures["run -> healthy"] = `${Date.now() - t} ms`;

    const health = await (await fetch(`${url}/health`)).json();
    expect(health).toMatchObject({ status: "ok", db: "ok", blobs: "ok" });
    // The image's own HEALTHCHECK (node's fetch, no curl in the image) agrees.
    expect((await run("podman", ["healthcheck", "run", id])).code).toBe(0);
    for (const pid of await hostPids(id)) {
      expect(procStatus(pid, "Uid").split(/\s+/)[0], `uid of pid ${pid}`).toBe(String(APP_UID));
      expect(procStatus(pid, "CapEff"), `capabilities of pid ${pid}`).toBe("0000000000000000");
    }
  });

  it("stores an upload in /data and stops cleanly within the 10 s grace", async () => {
    const { id, url } = first;
    const client = new Client(url);
    expect((await client.register("parent@example.com", "correct horse battery", "Parent")).status).toBe(201);
    const uploaded = await client.upload("random.bin", file);
    expect(uploaded.status).toBe(201);
    fileId = uploaded.body.id;

    // Idle: a moment after the last request, the whole container (supervisor, sqld, workerds).
    await new Promise((r) => setTimeout(r, 3000));
    const rss = (await hostPids(id)).map((pid) => ({
      pid,
      name: procStatus(pid, "Name"),
      kb: parseInt(procStatus(pid, "VmRSS")) || 0,
    }));
    const totalMb = rss.reduce((sum, p) => sum + p.kb, 0) / 1024;
    figures["idle RSS"] =
      `${totalMb.toFixed(0)} MB (${rss.map((p) => `${p.name} ${(p.kb / 1024).toFixed(0)}`).join(", ")})`;

    const t = Date.now();
    await podman("stop", "-t", "10", id);
    const stopMs = Date.now() - t;
    figures["podman stop"] = `${stopMs} ms`;
    const exitCode = Number(await podman("inspect", "--format", "{{.State.ExitCode}}", id));
    expect(stopMs).toBeLessThan(10_000);
    // 0 or 143 (SIGTERM) is a clean stop; 137 would mean podman had to SIGKILL it.
    expect([0, 143]).toContain(exitCode);
  });

  it("a new container on the same folder serves the same bytes after login", async () => {
    const { id, url } = await startContainer(data);
    await waitHealthy(id, url);
    const client = new Client(url);
    expect((await client.login("parent@example.com", "correct horse battery")).status).toBe(200);
    const response = await client.request("GET", `/api/files/${fileId}/content`);
    expect(response.status).toBe(200);
    expect(sha256(new Uint8Array(await response.arrayBuffer()))).toBe(sha256(file));
    await podman("stop", "-t", "10", id);
  });

  it("refuses to start on a /data that UID 1001 cannot write, and says so", async () => {
    const readOnlyData = dataDir(0); // root-owned, 0755
    folders.push(readOnlyData);
    const { id } = await startContainer(readOnlyData);
    const exitCode = Number(await podman("wait", id));
    const logs = await run("podman", ["logs", id]);
    expect(exitCode).not.toBe(0);
    expect(logs.stdout + logs.stderr).toMatch(/DATA_DIR.*not writable/);
  });
});
