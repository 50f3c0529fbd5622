/**
 * Safe updates against the real engine: the compose stack (app, updater, socket proxy) on
 * Debian's dockerd, images from a real registry, driven through the admin API as the web app does.
 */
import { createHash, randomBytes } from "node:crypto";
import { chownSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "../harness/client";
import { launchBrowser } from "../e2e/browser";
import { buildAndPush, freePort, must, ROOT, run, startLab, V2_MIGRATION, V3_MIGRATION, type Lab } from "./lab";

const MINUTES = 60_000;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const figures: Record<string, string> = {};
const ADMIN = { email: "admin@example.com", password: "correct horse battery" };

let lab: Lab;
let env: NodeJS.ProcessEnv;
let url: string;
let data: string;
let admin: Client;
const files = new Map<string, { id: string; sha256: string }>();

const UPDATER = "hearthupd_updater_1";
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

/** Polls an update's status (through the app, which is down part of the time) until it ends. */
async function waitFinished(id: string): Promise<any> {
  const deadline = Date.now() + 8 * MINUTES;
  let status: any = null;
  while (Date.now() < deadline) {
    const answer = await admin
      .json("GET", `/api/admin/update/status?update_id=${id}`)
      .catch(() => ({ status: 0, body: null }));
    if (answer.status === 200) {
      status = answer.body;
      if (["completed", "failed", "rolled_back", "cancelled"].includes(status.state)) return status;
    }
    // A killed updater comes back by its restart policy; start it should the engine not have yet.
    const updater = await run("docker", ["-H", lab.dockerHost, "inspect", "-f", "{{.State.Status}}", UPDATER]);
    if (updater.out.trim() === "exited") await run("docker", ["-H", lab.dockerHost, "start", UPDATER]);
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`update ${id} did not finish: ${JSON.stringify(status)}`);
}

/**
 * Puts the stack on `tag` when a previous test left it elsewhere (that test has failed already),
 * so each test checks its own behaviour instead of failing in a cascade.
 */
async function ensureOn(tag: string): Promise<void> {
  if (
    await waitHealthy(tag, 5_000).then(
      () => true,
      () => false,
    )
  )
    return;
  const t = Date.now();
  for (let i = 0; i < 360; i++) {
    const v = await admin.json("GET", "/api/admin/version").catch(() => null);
    if (v?.status === 200 && !v.body.running) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  if (
    await waitHealthy(tag, 5_000).then(
      () => true,
      () => false,
    )
  )
    return;
  const stray = (await docker("ps", "-a", "--format", "{{.Names}}"))
    .split("\n")
    .filter((n) => n === "hearth" || n.startsWith("hearth-"));
  if (stray.length) await docker("rm", "-f", ...stray);
  env.HEARTH_TAG = tag;
  await compose("pull", "hearth");
  await compose("up", "-d", "--no-build", "--no-deps", "hearth");
  await waitHealthy(tag);
  figures[`recovered the stack to ${tag} (a previous test failed)`] = `${((Date.now() - t) / 1000).toFixed(1)} s`;
}

/** `docker inspect hearth`. */
async function appContainer(): Promise<any> {
  return JSON.parse(await docker("inspect", "hearth"))[0];
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
    expect((await admin.register(ADMIN.email, ADMIN.password)).status).toBeLessThan(300);
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
      const solo = await run("docker", ["-H", lab.dockerHost, "logs", "--tail", "40", "solo"]);
      if (process.env.HEARTH_TEST_VERBOSE) console.log(logs.out, solo.out);
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
    expect(v.latest.tag).toBe("3.0.1");
    expect(v.latest.notes).toMatch(/Fixes 3\.0\.0/);
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
    await ensureOn("2.0.0");
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

  it("an updater killed during recreate, and again during the rollback, finishes the rollback when it starts again, from the recorded configuration and digest", async () => {
    await ensureOn("2.0.0");
    const before = await appContainer();
    // Crash points (supervisor/src/updater/fault-injection.ts): the old container renamed and the
    // new one created but not started; then, after restarting, with the new container removed.
    await docker(
      "exec",
      UPDATER,
      "sh",
      "-c",
      "printf 'recreate:created\\nrolling_back:removed\\n' > /state/fault-injection",
    );
    // Kept down after the first crash, while the old container and its image disappear too (an
    // admin's cleanup): the rollback then has only its journal's record and the digest.
    await docker("update", "--restart", "no", UPDATER);
    const started = await admin.json("POST", "/api/admin/update/start", { target_version: "3.0.1" });
    expect(started.status).toBe(202);
    const id = started.body.update_id;
    await expect
      .poll(
        async () =>
          (await run("docker", ["-H", lab.dockerHost, "inspect", "-f", "{{.State.Status}}", UPDATER])).out.trim(),
        {
          timeout: 6 * MINUTES,
          interval: 500,
        },
      )
      .toBe("exited");
    const kept = (await docker("ps", "-a", "--format", "{{.Names}}"))
      .split("\n")
      .filter((n) => n.startsWith("hearth-previous-"));
    expect(kept).toHaveLength(1);
    await docker("rm", "-f", kept[0]!);
    await docker("rmi", "-f", before.Image);
    await docker("update", "--restart", "unless-stopped", UPDATER);
    await docker("start", UPDATER);
    const status = await waitFinished(id);
    expect(status.state).toBe("rolled_back");
    const log = status.log_tail.join("\n");
    expect(log).toMatch(/the updater restarted during recreate/);
    expect(log).toMatch(/the updater restarted during rolling_back/);
    expect(log).toMatch(/restored the database snapshot/);
    expect(log).toMatch(/re-created the old container from its record/);
    await waitHealthy("2.0.0");
    await everyFileIntact(admin);
    // The migration 3.0.1 applied before the crash is undone with the rest of the database.
    expect(await rowsOf("update_test_v2")).toHaveLength(1);
    expect(await rowsOf("files")).toEqual(await rowsOf("files", status.backup));
    expect((await rowsOf("__hearth_migrations")).join("\n")).not.toContain(V3_MIGRATION);
    // Nothing of the run is left behind: one app container, under its own name, configured as before.
    const names = (await docker("ps", "-a", "--format", "{{.Names}}")).split("\n");
    expect(names.filter((n) => n === "hearth" || n.startsWith("hearth-"))).toEqual(["hearth"]);
    const after = await appContainer();
    expect(after.Id).not.toBe(before.Id);
    expect(after.Image).toBe(before.Image);
    for (const key of [
      "Binds",
      "PortBindings",
      "RestartPolicy",
      "ReadonlyRootfs",
      "Tmpfs",
      "CapDrop",
      "SecurityOpt",
      "Memory",
    ])
      expect(after.HostConfig[key], key).toEqual(before.HostConfig[key]);
    expect(after.Config.User).toBe(before.Config.User);
    expect(after.Config.Labels["com.docker.compose.service"]).toBe("hearth");
    expect(after.Config.Labels).toEqual(before.Config.Labels);
    expect(Object.keys(after.NetworkSettings.Networks).sort()).toEqual(
      Object.keys(before.NetworkSettings.Networks).sort(),
    );
    expect(after.NetworkSettings.Networks.hearthupd_updates.Aliases).toContain("hearth");
  });

  it("`docker-compose pull && docker-compose up -d` pinned to the next good tag keeps everything", async () => {
    await ensureOn("2.0.0");
    env.HEARTH_TAG = "3.0.1";
    await compose("pull", "hearth");
    await compose("up", "-d", "--no-build");
    await waitHealthy("3.0.1");
    await everyFileIntact(admin);
    // 3.0.1 migrated its own database at start (after a backup), as the README promises.
    expect(await rowsOf("update_test_v2")).toHaveLength(2);
  });

  it("`hearth rollback <older tag>` puts v1 and its database back", async () => {
    await ensureOn("3.0.1");
    const out = await docker("exec", "hearthupd_updater_1", "hearth", "rollback", "1.0.0");
    expect(out).toMatch(/completed/);
    await waitHealthy("1.0.0");
    await everyFileIntact(admin);
    expect(await rowsOf("update_test_v2")).toHaveLength(0);
    const releases = await docker("exec", "hearthupd_updater_1", "hearth", "releases");
    expect(releases).toMatch(/running: 1\.0\.0/);
  });

  it("Admin → Updates in a browser: v1 → 3.0.1 with live phases, skipping two releases; both migrations apply in order", async () => {
    await ensureOn("1.0.0");
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${url}/login`);
      await page.getByTestId("login-email").fill(ADMIN.email);
      await page.getByTestId("login-password").fill(ADMIN.password);
      await page.getByTestId("login-submit").click();
      await page.getByTestId("user-menu").waitFor();
      await page.goto(`${url}/admin/updates`);
      expect(await page.getByTestId("current-version").textContent()).toBe("1.0.0");
      const latest = (await page.getByTestId("update-latest").textContent()) ?? "";
      expect(latest).toMatch(/A new version is available: 3\.0\.1/);
      expect(latest).toMatch(/Fixes 3\.0\.0/);
      await page.getByTestId("update-now").click();
      // The page follows the update live, through the app's own restart.
      const seen: string[] = [];
      const deadline = Date.now() + 6 * MINUTES;
      while (Date.now() < deadline && !["Updated", "Failed", "Rolled back"].includes(seen.at(-1) ?? "")) {
        const state = await page
          .getByTestId("update-state")
          .textContent({ timeout: 1000 })
          .catch(() => null);
        if (state && seen.at(-1) !== state) seen.push(state);
        await new Promise((r) => setTimeout(r, 150));
      }
      expect(seen.at(-1), seen.join(" → ")).toBe("Updated");
      expect(seen.length, seen.join(" → ")).toBeGreaterThanOrEqual(3);
      expect(
        inOrder(seen, [
          "Checking",
          "Backing up",
          "Downloading",
          "Migrating",
          "Restarting",
          "Checking health",
          "Updated",
        ]),
        seen.join(" → "),
      ).toBe(true);
      // Every phase is ticked off with its time, and the history lists the result.
      expect(await page.locator(".update-phases__done").count()).toBe(6);
      await expect
        .poll(async () => (await page.getByTestId("update-history").textContent()) ?? "", { timeout: 30_000 })
        .toMatch(/1\.0\.0 → 3\.0\.1 · Updated/);
      await expect.poll(() => page.getByTestId("current-version").textContent(), { timeout: 30_000 }).toBe("3.0.1");
    } finally {
      await browser.close();
    }
    await waitHealthy("3.0.1");
    await everyFileIntact(admin);
    // 9002 alters the table 9001 creates: it applies only after it, each on its own.
    const rows = await rowsOf("update_test_v2");
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain("3.0.1");
    const ledger = (await rowsOf("__hearth_migrations")).join("\n");
    expect(ledger).toContain(V2_MIGRATION);
    expect(ledger).toContain(V3_MIGRATION);
    const v = await version();
    expect(v.last_update.from.tag).toBe("1.0.0");
    expect(v.last_update.to.tag).toBe("3.0.1");
    const manifest = JSON.parse(readFileSync(join(data, "backups", v.last_update.backup, "manifest.json"), "utf8"));
    expect(manifest.migrations).not.toContain(V2_MIGRATION);
  });

  it("keeps only N local versions once told; a pruned version can no longer be rolled back to", async () => {
    const before = await admin.json("GET", "/api/admin/update/releases");
    expect(before.body.keep_images).toBe(3);
    expect(before.body.local.length).toBeGreaterThanOrEqual(2);
    const set = await admin.json("PUT", "/api/admin/update/settings", { keep_images: 1 });
    expect(set.status).toBe(200);
    expect(set.body.pruned.length).toBeGreaterThan(0);
    const after = await admin.json("GET", "/api/admin/update/releases");
    // The running version is always kept.
    const kept = after.body.local as { tag: string; running: boolean }[];
    expect(kept.length).toBeLessThan(before.body.local.length);
    expect(kept.some((v) => v.running && v.tag === "3.0.1")).toBe(true);
    // Besides it, only what the engine must keep: the updater's own 1.0.0, and any image a
    // container (running or stopped) is made from or another local image is built on.
    const others = (after.body.local as { tag: string; running: boolean; image_id: string }[]).filter(
      (v) => !v.running,
    );
    expect(others.map((v) => v.tag)).toContain("1.0.0");
    const containerImages = (await docker("ps", "-a", "--no-trunc", "--format", "{{.ID}}")).split("\n").filter(Boolean);
    const usedIds = new Set(
      containerImages.length
        ? (await docker("inspect", "--format", "{{.Image}}", ...containerImages)).split("\n").filter(Boolean)
        : [],
    );
    const imageIds = (await docker("images", "-a", "-q", "--no-trunc")).split("\n").filter(Boolean);
    const parentIds = new Set(
      (await docker("image", "inspect", "--format", "{{.Parent}}", ...imageIds)).split("\n").filter(Boolean),
    );
    for (const version of others) {
      const why = usedIds.has(version.image_id)
        ? "a container"
        : parentIds.has(version.image_id)
          ? "a child image"
          : "";
      console.log(`kept after pruning to 1: ${version.tag} (${why || "nothing holds it"})`);
      if (!why) console.log((await docker("logs", "--tail", "30", UPDATER)).trim());
      expect(why, `${version.tag} was kept though nothing holds it`).not.toBe("");
    }
    const refused = await admin.json("POST", "/api/admin/update/rollback", { tag: set.body.pruned[0] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe("unknown_version");
  });

  it("a plain `docker run` Hearth (no updater) tells the admin a newer release exists, with the two commands that update by hand", async () => {
    // On the same engine and registry as the stack, which it does not touch.
    const soloData = join(lab.dir, "solo-data");
    mkdirSync(soloData);
    chownSync(soloData, 1001, 1001);
    const port = await freePort();
    const soloUrl = `http://127.0.0.1:${port}`;
    await docker("network", "create", "hearth-solo");
    await docker(
      ...["run", "-d", "--name", "solo", "--network", "hearth-solo", "-p", `127.0.0.1:${port}:8787`],
      ...["-v", `${soloData}:/data`, "-e", `HEARTH_IMAGE=${lab.registry}/hearth`, "-e", "REGISTRY_INSECURE=true"],
      `${lab.registry}/hearth:1.0.0`,
    );
    const solo = new Client(soloUrl);
    await expect
      .poll(
        () =>
          solo.json("POST", "/api/auth/register", { ...ADMIN, name: "Solo" }).then(
            (r) => r.status,
            () => 0,
          ),
        {
          timeout: 2 * MINUTES,
          interval: 1000,
        },
      )
      // 0 while the container is still starting (the connection is refused), then 201 once registered.
      .toBe(201);
    // The supervisor asks the registry at start; the answer arrives shortly after.
    await expect
      .poll(
        async () => {
          const { status, body } = await solo.json("GET", "/api/admin/version");
          return body?.latest?.tag ?? `no release yet (${status}: ${JSON.stringify(body)})`;
        },
        { timeout: 3 * MINUTES, interval: 2000 },
      )
      .toBe("3.0.1");
    const v = (await solo.json("GET", "/api/admin/version")).body;
    expect(v.updater).toBe(false);
    expect(v.current.tag).toBe("1.0.0");
    expect(v.update_available).toBe(true);
    expect(v.latest.notes).toMatch(/Fixes 3\.0\.0/);
    expect(v.manual_update).toHaveLength(2);
    expect(v.manual_update[0]).toBe("docker compose pull && docker compose up -d");
    expect(v.manual_update[1]).toContain(`docker pull ${lab.registry}/hearth:3.0.1`);
    // The start route says plainly that this Hearth cannot update itself.
    const start = await solo.json("POST", "/api/admin/update/start", {});
    expect(start.status).toBe(409);
    expect(start.body.error.code).toBe("no_updater");

    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${soloUrl}/login`);
      await page.getByTestId("login-email").fill(ADMIN.email);
      await page.getByTestId("login-password").fill(ADMIN.password);
      await page.getByTestId("login-submit").click();
      await page.getByTestId("user-menu").waitFor();
      await page.goto(`${soloUrl}/admin/updates`);
      await page.getByTestId("manual-update").waitFor();
      expect(await page.getByTestId("current-version").textContent()).toBe("1.0.0");
      expect(await page.getByTestId("update-latest").textContent()).toMatch(/A new version is available: 3\.0\.1/);
      const manual = (await page.getByTestId("manual-update").textContent()) ?? "";
      expect(manual).toContain("docker compose pull && docker compose up -d");
      expect(manual).toContain(`docker pull ${lab.registry}/hearth:3.0.1`);
      expect(await page.getByTestId("update-now").count()).toBe(0);
    } finally {
      await browser.close();
    }
    await docker("rm", "-f", "solo");
  });
});
