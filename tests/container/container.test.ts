/**
 * The container image, built and run the way a household runs it: rootful podman builds
 * docker/Dockerfile on locally made Debian bases (docker/podman-setup.sh; no registry is reachable
 * here), then runs it read-only, as UID 1001, with every capability dropped and /data bind-mounted.
 * A file uploaded to one container must be there, byte for byte, in a new container on the same
 * folder. Prints the figures worth quoting (image size, run -> healthy, idle RSS, stop time).
 */
import { createHash, randomBytes } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "../harness/client";
import { APP_UID, MINUTES, ROOT, buildImage, dataDir, must, podman, run, seconds, waitHealthy } from "./podman";
import * as containers from "./podman";

const IMAGE = "localhost/hearth:test";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

const started: string[] = [];
const folders: string[] = [];

async function startContainer(data: string): Promise<{ id: string; url: string }> {
  const container = await containers.startContainer(IMAGE, data);
  started.push(container.id);
  return container;
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
    await must("sh", [`${ROOT}/docker/podman-setup.sh`]);
    figures["podman setup"] = seconds(t);
    t = Date.now();
    await buildImage(IMAGE, "amd64");
    figures["image build (amd64)"] = seconds(t);
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
    figures["image size (amd64)"] = `${(size / 1e6).toFixed(0)} MB (uncompressed)`;
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
    figures["run -> healthy (amd64, native)"] = `${Date.now() - t} ms`;

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
