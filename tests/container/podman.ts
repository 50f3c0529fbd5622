/**
 * What the container tests share: running podman without blocking the test worker, building
 * docker/Dockerfile for an architecture on the locally made bases (docker/podman-setup.sh; no
 * registry is reachable here), starting a container hardened as compose.yaml runs it, and waiting
 * for it to report healthy.
 */
import { spawn } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const APP_UID = 1001;
export const MINUTES = 60_000;
/** The build stages' base (Node and npm, this machine's amd64) and each architecture's final-stage base. */
export const BASE_IMAGE = "localhost/hearth-base:bookworm";
export const RUNTIME_BASES = {
  amd64: "localhost/hearth-base:bookworm-runtime",
  arm64: "localhost/hearth-base:bookworm-runtime-arm64",
} as const;

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command without blocking the test worker (builds take minutes). */
export function run(command: string, args: string[], options: { cwd?: string } = {}): Promise<Result> {
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
export async function must(command: string, args: string[]): Promise<string> {
  const result = await run(command, args);
  if (result.code !== 0) {
    const tail = (result.stdout + result.stderr).split("\n").slice(-40).join("\n");
    throw new Error(`${command} ${args.join(" ")} exited ${result.code}:\n${tail}`);
  }
  return result.stdout.trim();
}

export const podman = (...args: string[]) => must("podman", args);

export const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `podman build` of docker/Dockerfile for one architecture, from the repository's current code. */
export async function buildImage(image: string, arch: keyof typeof RUNTIME_BASES): Promise<void> {
  await podman(
    "build",
    "--format",
    "docker", // docker format: OCI images drop HEALTHCHECK
    // podman 4.3 (buildah 1.28): with --platform it looks the build stages' local base up as a
    // registry image and fails; --arch plus the platform arguments spelled out works offline.
    "--arch",
    arch,
    "--build-arg",
    `TARGETARCH=${arch}`,
    "--build-arg",
    `BUILDPLATFORM=linux/${process.arch === "arm64" ? "arm64" : "amd64"}`,
    "-f",
    "docker/Dockerfile",
    "--build-arg",
    `BASE_IMAGE=${BASE_IMAGE}`,
    "--build-arg",
    `RUNTIME_BASE=${RUNTIME_BASES[arch]}`,
    "-t",
    image,
    ".",
  );
}

/** A fresh folder for /data, owned by the image's user as the compose file tells people to do. */
export function dataDir(owner: number): string {
  const dir = mkdtempSync(join(tmpdir(), "hearth-container-"));
  chownSync(dir, owner, owner);
  chmodSync(dir, 0o755);
  return dir;
}

/** `podman run -d` with the hardening compose.yaml uses; returns the container id and its URL. */
export async function startContainer(image: string, data: string): Promise<{ id: string; url: string }> {
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
    image,
  );
  return { id, url: `http://127.0.0.1:${port}` };
}

/** Polls /health until it says ok; fails early, with the logs, if the container exits. */
export async function waitHealthy(id: string, url: string, timeoutMs = 2 * MINUTES): Promise<void> {
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

/** This amd64 machine runs arm64 programs under qemu user emulation (docker/binfmt-aarch64.sh). */
export async function aarch64Emulation(): Promise<void> {
  await must("sh", [join(ROOT, "docker/binfmt-aarch64.sh")]);
}
