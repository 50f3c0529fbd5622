/**
 * Safe updates against the real engine: the compose stack (app, updater, socket proxy) on
 * Debian's dockerd, images from a real registry, driven through the admin API as the web app does.
 */
import { createHash, randomBytes } from "node:crypto";
import { chownSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "../harness/client";
import { buildAndPush, freePort, must, ROOT, run, startLab, V2_MIGRATION, type Lab } from "./lab";

const MINUTES = 60_000;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const figures: Record<string, string> = {};

let lab: Lab;
let env: NodeJS.ProcessEnv;
let url: string;
let data: string;
let admin: Client;
const files = new Map<string, { id: string; sha256: string }>();

const docker = (...args: string[]) => must("docker", ["-H", lab.dockerHost, ...args]);
const compose = (...args: string[]) =>
  must(
    "docker-compose",
    ["-f", join(ROOT, "docker/compose.yaml"), "--project-directory", lab.dir, "-p", "hearthupd", ...args],
    { env },
  );

async function waitHealthy(version: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const health = await fetch(`${url}/health`);
      const body = (await health.json()) as { version?: string };
      if (health.ok && body.version === version) return;
      last = `${health.status} ${body.version}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the app did not become healthy at ${version}: ${last}`);
}

/**
 * Reads the SSE stream of an update to its end, as the web app does: the app itself is stopped
 * and replaced during an update, so the stream drops then; like EventSource, reconnect.
 * Returns the states seen in order and the last status.
 */
async function follow(updateId: string): Promise<{ states: string[]; last: any }> {
  const states: string[] = [];
  let last: any;
  const deadline = Date.now() + 8 * MINUTES;
  while (Date.now() < deadline && !["completed", "failed", "rolled_back", "cancelled"].includes(last?.state)) {
    try {
      const response = await admin.request("GET", `/api/admin/update/stream?update_id=${updateId}`);
      if (response.status !== 200) throw new Error(String(response.status));
      expect(response.headers.get("content-type")).toMatch(/text\/event-stream/);
      const decoder = new TextDecoder();
      let pending = "";
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        pending += decoder.decode(chunk, { stream: true });
        const events = pending.split("\n\n");
        pending = events.pop() ?? "";
        for (const event of events) {
          const data = event.split("\n").find((l) => l.startsWith("data: "));
          if (!data) continue;
          last = JSON.parse(data.slice(6));
          if (states.at(-1) !== last.state) states.push(last.state);
        }
      }
    } catch {
      // The app is down between `migrate` and `healthcheck`: try again shortly.
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return { states, last };
}

/** True when `seen` lists states in the machine's order (the stream may miss some while the app restarts). */
function inOrder(seen: string[], order: string[]): boolean {
  let at = -1;
  return seen.every((s) => {
    const i = order.indexOf(s);
    if (i <= at) return false;
    at = i;
    return true;
  });
}

async function everyFileIntact(client: Client): Promise<void> {
  for (const [name, file] of files) {
    const response = await client.request("GET", `/api/files/${file.id}/content`);
    expect(response.status, name).toBe(200);
    expect(sha256(new Uint8Array(await response.arrayBuffer())), name).toBe(file.sha256);
  }
}

/** The database as `hearth backup` dumps it now (a fresh consistent snapshot), one table's rows. */
async function rowsOf(table: string, backupName?: string): Promise<string[]> {
  const name =
    backupName ?? (await docker("exec", "hearth", "hearth", "backup", "--reason", "manual")).split("\n").pop()!;
  const sql = readFileSync(join(data, "backups", name, "db.sql"), "utf8");
  return sql
    .split("\n")
    .filter((l) => l.startsWith(`INSERT INTO ${table} `) || l.startsWith(`INSERT INTO "${table}" `));
}

async function version(): Promise<any> {
  const { status, body } = await admin.json("GET", "/api/admin/version");
  expect(status).toBe(200);
  return body;
}

describe("updates (real dockerd, registry and compose)", () => {
  beforeAll(async () => {
    lab = await startLab();
    await buildAndPush(lab.registry, figures);
    data = join(lab.dir, "data");
    mkdirSync(data);
    chownSync(data, 1001, 1001);
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    env = {
      DOCKER_HOST: lab.dockerHost,
      HEARTH_IMAGE: `${lab.registry}/hearth`,
      HEARTH_TAG: "1.0.0",
      UPDATER_TAG: "1.0.0",
      HEARTH_PORT: `127.0.0.1:${port}`,
      HEARTH_DATA: data,
      UPDATER_SECRET: randomBytes(24).toString("hex"),
      DOCKER_PROXY_IMAGE: `${lab.registry}/docker-proxy:test`,
      DOCKER_SOCKET: lab.socket,
      REGISTRY_INSECURE: "true",
      HEALTH_TIMEOUT_SECONDS: "40",
    };
    const t = Date.now();
    // pull first: with a `build:` section, compose 1.29 would build a missing image instead.
    await compose("pull");
    await compose("up", "-d", "--no-build");
    await waitHealthy("1.0.0");
    figures["stack up on v1"] = `${((Date.now() - t) / 1000).toFixed(1)} s`;
    admin = new Client(url);
    expect((await admin.register()).status).toBeLessThan(300);
    for (const [name, size] of [
      ["notes.txt", 2_000],
      ["photo.bin", 300_000],
      ["archive.bin", 2_000_000],
    ] as const) {
      const bytes = new Uint8Array(randomBytes(size));
      const uploaded = await admin.upload(name, bytes);
      expect(uploaded.status).toBe(201);
      files.set(name, { id: uploaded.body.id, sha256: sha256(bytes) });
    }
  }, 30 * MINUTES);

  afterAll(async () => {
    if (lab) {
      const logs = await run("docker", ["-H", lab.dockerHost, "logs", "--tail", "40", "hearthupd_updater_1"]);
      if (process.env.HEARTH_TEST_VERBOSE) console.log(logs.out);
      await lab.stop();
    }
    console.log(["update figures:", ...Object.entries(figures).map(([k, v]) => `  ${k}: ${v}`)].join("\n"));
  }, 5 * MINUTES);

  it("refuses every update route to a non-admin and to a cross-site request", async () => {
    expect(
      (
        await admin.json("POST", "/api/admin/users", {
          email: "kid@example.com",
          password: "kid password long",
          name: "Kid",
        })
      ).status,
    ).toBeLessThan(300);
    const kid = new Client(url);
    expect((await kid.login("kid@example.com", "kid password long")).status).toBe(200);
    const routes: [string, string, unknown?][] = [
      ["GET", "/api/admin/version"],
      ["GET", "/api/admin/update/releases"],
      ["POST", "/api/admin/update/start", { target_version: "2.0.0" }],
      ["GET", "/api/admin/update/status?update_id=00000000-0000-0000-0000-000000000000"],
      ["GET", "/api/admin/update/stream?update_id=00000000-0000-0000-0000-000000000000"],
      ["POST", "/api/admin/update/cancel", { update_id: "00000000-0000-0000-0000-000000000000" }],
      ["POST", "/api/admin/update/rollback", { tag: "1.0.0" }],
      ["PUT", "/api/admin/update/settings", { keep_images: 1 }],
    ];
    for (const [method, path, body] of routes) {
      expect((await kid.json(method, path, body)).status, `${method} ${path} as a member`).toBe(403);
      const crossSite = await admin.request(method, path, {
        headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
        ...(body === undefined ? {} : { json: body }),
      });
      expect(crossSite.status, `${method} ${path} from another site`).toBe(403);
    }
    expect((await new Client(url).json("GET", "/api/admin/version")).status).toBe(401);
  });

  it("shows the running and the newest version with its notes; an unknown version is a 400", async () => {
    const v = await version();
    expect(v.updater).toBe(true);
    expect(v.current.tag).toBe("1.0.0");
    expect(v.current.digest).toMatch(/^sha256:/);
    expect(v.latest.tag).toBe("3.0.0");
    expect(v.latest.notes).toMatch(/Broken on purpose/);
    expect(v.update_available).toBe(true);
    const unknown = await admin.json("POST", "/api/admin/update/start", { target_version: "9.9.9" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe("unknown_version");
  });

  it("a cancel right after the start changes nothing", async () => {
    const started = await admin.json("POST", "/api/admin/update/start", { target_version: "2.0.0" });
    expect(started.status).toBe(202);
    const cancelled = await admin.json("POST", "/api/admin/update/cancel", { update_id: started.body.update_id });
    expect(cancelled.status).toBe(202);
    const { last } = await follow(started.body.update_id);
    expect(last.state).toBe("cancelled");
    expect((await version()).current.tag).toBe("1.0.0");
    await waitHealthy("1.0.0");
  });

  it("updates v1 → v2 from the admin API: phases in order, data intact, migration applied, 409 for a second start", async () => {
    const started = await admin.json("POST", "/api/admin/update/start", { target_version: "2.0.0" });
    expect(started.status).toBe(202);
    expect(started.body.state).toBe("preflight");
    const second = await admin.json("POST", "/api/admin/update/start", { target_version: "2.0.0" });
    expect(second.status).toBe(409);
    const { states, last } = await follow(started.body.update_id);
    expect(last.error).toBeNull();
    const order = ["preflight", "backup", "pull", "migrate", "recreate", "healthcheck", "completed"];
    expect(inOrder(states, order), states.join(" → ")).toBe(true);
    expect(states[0]).toBe("preflight");
    expect(states.at(-1)).toBe("completed");
    // Every phase ran (the app being replaced hides some from the stream, not from the record).
    expect(Object.keys(last.timings)).toEqual(order.slice(0, 6));
    for (const [phase, seconds] of Object.entries(last.timings as Record<string, number>))
      figures[`v1 → v2 ${phase}`] = `${seconds.toFixed(1)} s`;
    expect(last.backup).toMatch(/update-1\.0\.0-to-2\.0\.0$/);
    await waitHealthy("2.0.0");
    const v = await version();
    expect(v.current.tag).toBe("2.0.0");
    expect(v.last_update.state).toBe("completed");
    await everyFileIntact(admin);
    expect(await rowsOf("update_test_v2")).toHaveLength(1);
    const manifest = JSON.parse(readFileSync(join(data, "backups", last.backup, "manifest.json"), "utf8"));
    expect(manifest.hearth_version).toBe("1.0.0");
    expect(manifest.migrations).not.toContain(V2_MIGRATION);
  });

  it("v2 → v3 never becomes healthy: it rolls back by itself to v2 and the pre-update database, and keeps the log", async () => {
    const started = await admin.json("POST", "/api/admin/update/start", { target_version: "3.0.0" });
    expect(started.status).toBe(202);
    const { states, last } = await follow(started.body.update_id);
    expect(
      inOrder(states, [
        "preflight",
        "backup",
        "pull",
        "migrate",
        "recreate",
        "healthcheck",
        "rolling_back",
        "rolled_back",
      ]),
    ).toBe(true);
    expect(last.state).toBe("rolled_back");
    expect(Object.keys(last.timings)).toContain("rolling_back");
    expect(last.error).toMatch(/not healthy within/);
    await waitHealthy("2.0.0");
    await everyFileIntact(admin);
    expect(await rowsOf("files")).toEqual(await rowsOf("files", last.backup));
    const v = await version();
    expect(v.current.tag).toBe("2.0.0");
    expect(v.last_update.state).toBe("rolled_back");
    expect(v.last_update.log_tail.join("\n")).toMatch(/restored the database snapshot/);
  });

  it("an updater killed during recreate finishes the rollback when it starts again", async () => {
    const started = await admin.json("POST", "/api/admin/update/start", { target_version: "3.0.0" });
    expect(started.status).toBe(202);
    const id = started.body.update_id;
    // Poll the updater's own status until it is recreating, then kill it.
    // The app is down from `migrate` on, so watch the updater's journal in its container instead.
    for (;;) {
      const journal = await run("docker", [
        "-H",
        lab.dockerHost,
        "exec",
        "hearthupd_updater_1",
        "cat",
        "/state/current.json",
      ]);
      const state = journal.code === 0 ? JSON.parse(journal.out).state : "";
      if (state === "recreate" || state === "healthcheck") break;
      expect(["preflight", "backup", "pull", "migrate"]).toContain(state);
      await new Promise((r) => setTimeout(r, 100));
    }
    await docker("kill", "hearthupd_updater_1");
    await docker("start", "hearthupd_updater_1");
    let status: any;
    for (let i = 0; i < 240; i++) {
      const answer = await admin
        .json("GET", `/api/admin/update/status?update_id=${id}`)
        .catch(() => ({ status: 0, body: null }));
      status = answer.body;
      if (answer.status === 200 && ["rolled_back", "failed"].includes(status.state)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(status.state).toBe("rolled_back");
    expect(status.log_tail.join("\n")).toMatch(/the updater restarted during/);
    await waitHealthy("2.0.0");
    await everyFileIntact(admin);
  });

  it("hearth rollback <older tag> puts v1 and its database back", async () => {
    const out = await docker("exec", "hearthupd_updater_1", "hearth", "rollback", "1.0.0");
    expect(out).toMatch(/completed/);
    await waitHealthy("1.0.0");
    await everyFileIntact(admin);
    expect(await rowsOf("update_test_v2")).toHaveLength(0);
    const releases = await docker("exec", "hearthupd_updater_1", "hearth", "releases");
    expect(releases).toMatch(/running: 1\.0\.0/);
  });

  it("keeps only N local versions once told", async () => {
    const before = await admin.json("GET", "/api/admin/update/releases");
    expect(before.body.keep_images).toBe(3);
    expect(before.body.local.length).toBeGreaterThanOrEqual(3);
    const set = await admin.json("PUT", "/api/admin/update/settings", { keep_images: 1 });
    expect(set.status).toBe(200);
    const after = await admin.json("GET", "/api/admin/update/releases");
    // The running version is always kept (and any an existing container still uses).
    expect(after.body.local.length).toBeLessThan(before.body.local.length);
    expect(after.body.local.some((v: { running: boolean }) => v.running)).toBe(true);
  });

  it("`docker-compose pull && docker-compose up -d` pinned to the next tag keeps everything", async () => {
    env.HEARTH_TAG = "2.0.0";
    await compose("pull", "hearth");
    await compose("up", "-d", "--no-build");
    await waitHealthy("2.0.0");
    await everyFileIntact(admin);
    expect(await rowsOf("update_test_v2")).toHaveLength(1);
  });
});
