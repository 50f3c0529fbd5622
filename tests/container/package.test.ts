/**
 * `npm run package`, installed the way a household without Docker installs it: the amd64 .deb goes
 * into a fresh Debian 12 container with `dpkg -i`, its unit passes `systemd-analyze verify`, the
 * unit's ExecStart (with its user, environment and working directory) brings Hearth up healthy, a
 * file goes in; then a newer build of the package (a new version carrying one more migration) is
 * installed over it: the file, the admin's settings and the account are still there and the
 * migration ran after a backup. Removal and purge leave the data. The arm64 tarball's binaries must
 * be aarch64, and it is started to healthy under qemu user emulation. Prints sizes and start times.
 */
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "../harness/client";
import { aarch64Emulation } from "./podman";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TEST_IMAGE = "localhost/hearth-deb-test:bookworm";
const RUNTIME_BASE = "localhost/hearth-base:bookworm-runtime";
const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const NEWER = `${VERSION}+upgrade1`;
const PROBE_MIGRATION = "9000_package_upgrade_probe";
const MINUTES = 60_000;

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function must(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<Result> {
  const result = await run(command, args, env);
  if (result.code !== 0) {
    const tail = (result.stdout + result.stderr).split("\n").slice(-40).join("\n");
    throw new Error(`${command} ${args.join(" ")} exited ${result.code}:\n${tail}`);
  }
  return result;
}

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

async function waitHealthy(
  url: string,
  version: string,
  alive: () => Promise<boolean>,
  timeoutMs: number,
  output: () => Promise<string> | string,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/health`);
      const body = response.ok ? await response.json() : undefined;
      if (body?.status === "ok" && body.version === version) return;
    } catch {
      // Not listening yet.
    }
    if (!(await alive())) throw new Error(`Hearth exited before it was healthy:\n${await output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`not healthy after ${timeoutMs} ms:\n${await output()}`);
}

/** The unit's settings the way systemd reads them (one value per key; Environment= may hold several). */
function unitSettings(unit: string): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const line of unit.split("\n")) {
    const match = /^(\w+)=(.*)$/.exec(line);
    if (match) settings[match[1]!] = match[2]!;
  }
  return settings;
}

/** A copy of dist/ with one more migration: the "newer build" the upgrade brings. */
function newerDist(into: string): string {
  const dist = join(into, "dist");
  cpSync(join(ROOT, "dist"), dist, { recursive: true, filter: (p) => !p.includes(`${join(ROOT, "dist")}/packages`) });
  const migrations = join(dist, "migrations");
  writeFileSync(
    join(migrations, `${PROBE_MIGRATION}.sql`),
    "CREATE TABLE `package_upgrade_probe` (`id` integer PRIMARY KEY NOT NULL);\n",
  );
  const journalPath = join(migrations, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { idx: number }[] };
  const idx = Math.max(...journal.entries.map((e) => e.idx)) + 1;
  journal.entries.push({ idx, version: "6", when: Date.now(), tag: PROBE_MIGRATION, breakpoints: true } as never);
  writeFileSync(journalPath, JSON.stringify(journal, null, 2));
  return dist;
}

describe("the Linux packages", () => {
  const figures: Record<string, string> = {};
  const work = mkdtempSync(join(tmpdir(), "hearth-package-test-"));
  const out = join(work, "packages");
  const file = new Uint8Array(randomBytes(1024 * 1024)) as Uint8Array<ArrayBuffer>;
  let container = "";
  let url = "";
  let fileId = "";
  const podman = (...args: string[]) => must("podman", args);
  const inside = (...args: string[]) => must("podman", ["exec", container, ...args]);

  beforeAll(async () => {
    let t = Date.now();
    await must("sh", [join(ROOT, "docker/podman-setup.sh")]);
    await podman(
      "build",
      "-f",
      "tests/container/package-test.Containerfile",
      "--build-arg",
      `RUNTIME_BASE=${RUNTIME_BASE}`,
      "-t",
      TEST_IMAGE,
      "tests/container",
    );
    figures["test image"] = seconds(t);
    // npm test has just run `npm run build`: package that, then the newer build.
    const pkg = (...args: string[]) => must("npm", ["run", "--silent", "package", "--", "--out", out, ...args]);
    t = Date.now();
    // Uncompressed .debs: dpkg-deb's gzip of 250 MB is minutes on a busy machine, and dpkg reads both alike.
    await pkg("--arch", "amd64", "--formats", "deb", "--compression", "none");
    figures["package amd64 (deb)"] = seconds(t);
    t = Date.now();
    await pkg("--arch", "arm64", "--formats", "tar");
    figures["package arm64 (tar)"] = seconds(t);
    await pkg(
      "--arch",
      "amd64",
      "--formats",
      "deb",
      "--compression",
      "none",
      "--version",
      NEWER,
      "--dist",
      newerDist(work),
    );
    const tarball = `hearth-${VERSION}-linux-arm64.tar.gz`;
    figures[`size ${tarball}`] = `${(statSync(join(out, tarball)).size / 1e6).toFixed(1)} MB`;

    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    container = (
      await podman("run", "-d", "-v", `${out}:/packages:ro`, "-p", `127.0.0.1:${port}:8787`, TEST_IMAGE)
    ).stdout.trim();
  }, 30 * MINUTES);

  afterAll(async () => {
    if (container) await run("podman", ["rm", "-f", "-t", "0", container]);
    rmSync(work, { recursive: true, force: true });
    console.log(["package figures:", ...Object.entries(figures).map(([k, v]) => `  ${k}: ${v}`)].join("\n"));
  });

  /** Starts what the unit's ExecStart starts, as the unit's user, with its environment and folder. */
  async function startAsTheUnitDoes(): Promise<void> {
    const unit = unitSettings((await inside("cat", "/usr/lib/systemd/system/hearth.service")).stdout);
    const script = `set -a; ${unit.Environment}; . ${unit.EnvironmentFile}; set +a; exec ${unit.ExecStart} >>/tmp/hearth.out 2>&1`;
    await podman(
      "exec",
      "-d",
      "--user",
      unit.User!,
      "--workdir",
      unit.WorkingDirectory!,
      container,
      "sh",
      "-c",
      script,
    );
  }

  /** Whether the supervisor (node, as hearth) is running in the container. */
  async function running(): Promise<boolean> {
    return /^hearth\s+node$/m.test((await podman("top", container, "user", "comm")).stdout);
  }

  async function serviceOutput(): Promise<string> {
    return (await run("podman", ["exec", container, "tail", "-n", "30", "/tmp/hearth.out"])).stdout;
  }

  async function stopHearth(): Promise<void> {
    const { pid } = JSON.parse((await inside("cat", "/var/lib/hearth/.hearth-runtime.json")).stdout) as { pid: number };
    await inside("sh", "-c", `kill -TERM ${pid}`);
    const deadline = Date.now() + 20_000;
    while ((await running()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await running(), await serviceOutput()).toBe(false);
  }

  it("installs with dpkg -i: a hearth system user, its data folder, settings as a conffile", async () => {
    const installed = await inside("dpkg", "-i", `/packages/hearth_${VERSION}_amd64.deb`);
    expect(installed.stdout).toMatch(/Hearth is installed/);
    expect((await inside("getent", "passwd", "hearth")).stdout).toMatch(
      /^hearth:x:\d+:\d+:Hearth:\/var\/lib\/hearth:\/usr\/sbin\/nologin/,
    );
    expect(
      (await inside("stat", "-c", "%U:%G %a", "/var/lib/hearth", "/etc/hearth/hearth.env")).stdout.trim().split("\n"),
    ).toEqual(["hearth:hearth 750", "root:hearth 640"]);
    expect((await inside("dpkg-query", "-W", "-f=${Conffiles}", "hearth")).stdout).toContain("/etc/hearth/hearth.env");
    // Every setting of the README's table is in the settings file, explained.
    const settings = (await inside("cat", "/etc/hearth/hearth.env")).stdout;
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const table = readme.slice(readme.indexOf("## Configuration"), readme.indexOf("## Where data lives"));
    const names = [...table.matchAll(/^\| ([^|]+) \|/gm)].flatMap((m) =>
      [...m[1]!.matchAll(/`([A-Z_]+)`/g)].map((n) => n[1]!),
    );
    expect(names.length).toBeGreaterThan(15);
    for (const name of names) expect(settings, name).toMatch(new RegExp(`^# ${name}: `, "m"));
    expect(settings).toMatch(/^DATA_DIR=\/var\/lib\/hearth$/m);
  });

  it("has a unit that systemd-analyze verify accepts, hardened and started at boot", async () => {
    const verify = await run("podman", ["exec", container, "systemd-analyze", "verify", "hearth.service"]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stderr.trim()).toBe("");
    const unit = unitSettings((await inside("cat", "/usr/lib/systemd/system/hearth.service")).stdout);
    expect(unit).toMatchObject({
      User: "hearth",
      Restart: "on-failure",
      WantedBy: "multi-user.target",
      ProtectSystem: "strict",
      NoNewPrivileges: "yes",
      ReadWritePaths: "/var/lib/hearth",
      PrivateTmp: "yes",
      ProtectHome: "yes",
    });
    // Enabled for boot even with no systemd running (deb-systemd-helper makes the link).
    // (/lib or /usr/lib: the same folder on a merged-/usr Debian.)
    expect(
      (await inside("readlink", "/etc/systemd/system/multi-user.target.wants/hearth.service")).stdout.trim(),
    ).toMatch(/^(\/usr)?\/lib\/systemd\/system\/hearth\.service$/);
  });

  it("runs its ExecStart as hearth to healthy, stores an upload, and `hearth logs` shows the start", async () => {
    const t = Date.now();
    await startAsTheUnitDoes();
    await waitHealthy(url, VERSION, running, 2 * MINUTES, serviceOutput);
    figures["amd64 .deb start -> healthy"] = seconds(t);
    const users = (await podman("top", container, "user", "comm")).stdout;
    for (const comm of ["node", "sqld", "workerd"]) expect(users, comm).toMatch(new RegExp(`^hearth\\s+${comm}`, "m"));

    const client = new Client(url);
    expect((await client.register("parent@example.com", "correct horse battery", "Parent")).status).toBe(201);
    const uploaded = await client.upload("random.bin", file);
    expect(uploaded.status).toBe(201);
    fileId = uploaded.body.id;

    // As root on the command line: the service's settings and user, its log file.
    const logs = (await inside("hearth", "logs", "-n", "500")).stdout;
    expect(logs).toMatch(new RegExp(`info \\[hearth\\] Hearth v${VERSION.replace(/[.+]/g, "\\$&")} listening on`));
    await inside("hearth", "backup", "--reason", "before-upgrade");
    expect((await inside("find", "/var/lib/hearth", "!", "-user", "hearth")).stdout.trim()).toBe("");
    await stopHearth();
  });

  it("upgrades to a newer build: data and settings kept, the new migration run after a backup", async () => {
    await inside("sh", "-c", "echo TRASH_RETENTION_DAYS=45 >> /etc/hearth/hearth.env");
    await inside("dpkg", "-i", `/packages/hearth_${NEWER}_amd64.deb`);
    expect((await inside("dpkg-query", "-W", "-f=${Version}", "hearth")).stdout).toBe(NEWER);
    expect((await inside("cat", "/etc/hearth/hearth.env")).stdout).toMatch(/^TRASH_RETENTION_DAYS=45$/m);

    const t = Date.now();
    await startAsTheUnitDoes();
    await waitHealthy(url, NEWER, running, 2 * MINUTES, serviceOutput);
    figures["amd64 upgrade start -> healthy"] = seconds(t);
    const logs = (await inside("hearth", "logs", "-n", "500")).stdout;
    expect(logs).toMatch(/database backed up to backups\/\S+ before 1 pending migration/);
    expect(logs).toContain(`migration ${PROBE_MIGRATION} applied`);

    const client = new Client(url);
    expect((await client.login("parent@example.com", "correct horse battery")).status).toBe(200);
    const response = await client.request("GET", `/api/files/${fileId}/content`);
    expect(response.status).toBe(200);
    expect(sha256(new Uint8Array(await response.arrayBuffer()))).toBe(sha256(file));
    await stopHearth();
  });

  it("removal and purge leave /var/lib/hearth and say so", async () => {
    await inside("dpkg", "--remove", "hearth");
    expect((await inside("ls", "/var/lib/hearth")).stdout).toMatch(/blobs/);
    const purged = await must("podman", [
      "exec",
      "-e",
      "DEBIAN_FRONTEND=noninteractive",
      container,
      "dpkg",
      "--purge",
      "hearth",
    ]);
    expect(purged.stdout + purged.stderr).toMatch(/kept your data in \/var\/lib\/hearth/);
    expect((await inside("ls", "/var/lib/hearth/blobs")).stdout.trim()).not.toBe("");
  });

  it("ships aarch64 binaries for arm64 that start to healthy under qemu emulation", async () => {
    const unpacked = join(work, "arm64");
    await must("mkdir", ["-p", unpacked]);
    await must("tar", ["-xzf", join(out, `hearth-${VERSION}-linux-arm64.tar.gz`), "-C", unpacked]);
    const app = join(unpacked, `hearth-${VERSION}-linux-arm64`);
    for (const binary of ["node", "workerd", "sqld"])
      expect((await must("file", ["-b", join(app, "libexec", binary)])).stdout, binary).toMatch(/ARM aarch64/);

    await aarch64Emulation();
    const port = await freePort();
    const data = join(work, "arm64-data");
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: data, PORT: String(port) };
    for (const name of ["HEARTH_VERSION", "HEARTH_WORKERD_BIN", "HEARTH_SQLD_BIN"]) delete env[name];
    await must("mkdir", ["-p", data]);
    const t = Date.now();
    const child = spawn(join(app, "bin", "hearth"), [], { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output = (output + chunk).slice(-4000)));
    child.stderr.on("data", (chunk) => (output = (output + chunk).slice(-4000)));
    let exited = false;
    child.on("exit", () => (exited = true));
    try {
      await waitHealthy(
        `http://127.0.0.1:${port}`,
        VERSION,
        async () => !exited,
        8 * MINUTES,
        () => output,
      );
      figures["arm64 tarball start -> healthy (qemu)"] = seconds(t);
      const client = new Client(`http://127.0.0.1:${port}`);
      expect((await client.register("pi@example.com", "correct horse battery", "Pi")).status).toBe(201);
      expect((await client.upload("small.bin", file.subarray(0, 64 * 1024))).status).toBe(201);
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => (exited ? r(null) : child.once("exit", r)));
    }
  });
});
