/**
 * The update test's machine room: a real Docker Engine (Debian's dockerd on its own socket and
 * data root), a real registry (Debian's docker-registry), and Hearth's real image in three
 * versions, built with podman (the container test's toolchain) and pushed to that registry.
 * v2 and v3 are thin layers over v1, so the three builds share everything but a few KB.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { networkInterfaces } from "node:os";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "..", "..");

interface Result {
  code: number;
  out: string;
}

export function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (out += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, out }));
  });
}

export async function must(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<string> {
  const result = await run(command, args, options);
  if (result.code !== 0)
    throw new Error(
      `${command} ${args.join(" ")} exited ${result.code}:\n${result.out.split("\n").slice(-40).join("\n")}`,
    );
  return result.out.trim();
}

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

/** An address of this machine that containers on a bridge network also reach (not loopback). */
export function hostAddress(): string {
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  throw new Error("no non-loopback IPv4 address on this machine");
}

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${what} did not come up in ${timeoutMs / 1000} s`);
}

export interface Lab {
  dir: string;
  socket: string;
  dockerHost: string;
  registry: string;
  stop: () => Promise<void>;
}

function stopProcess(child: ChildProcess, ms = 15_000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), ms);
    child.on("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Starts dockerd and docker-registry for this test run; `stop` ends both and removes their data. */
export async function startLab(): Promise<Lab> {
  const dir = mkdtempSync("/tmp/hearth-updates-");
  const host = hostAddress();
  const registryPort = await freePort();
  const registry = `${host}:${registryPort}`;
  writeFileSync(
    join(dir, "registry.yml"),
    `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, "registry")}\n  delete:\n    enabled: true\nhttp:\n  addr: ${registry}\n`,
  );
  const registryProcess = spawn("docker-registry", ["serve", join(dir, "registry.yml")], { stdio: "ignore" });
  const socket = join(dir, "docker.sock");
  const dockerd = spawn(
    "dockerd",
    [
      "--iptables=false",
      "--ip-forward=false",
      "--bridge=none",
      "--data-root",
      join(dir, "docker"),
      "--exec-root",
      join(dir, "exec"),
      "-H",
      `unix://${socket}`,
      "--pidfile",
      join(dir, "docker.pid"),
      // The registry listens on this machine's LAN address (containers reach it there), so say it is HTTP.
      "--insecure-registry",
      registry,
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let dockerdLog = "";
  dockerd.stderr!.on("data", (c) => (dockerdLog = (dockerdLog + c).slice(-20_000)));
  const lab: Lab = {
    dir,
    socket,
    dockerHost: `unix://${socket}`,
    registry,
    stop: async () => {
      await run("docker", ["-H", `unix://${socket}`, "rm", "-f", ...(await containerIds(socket))]);
      await stopProcess(dockerd);
      await stopProcess(registryProcess);
      await run("umount", ["-R", join(dir, "docker")]).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await waitFor("docker-registry", async () => (await fetch(`http://${registry}/v2/`)).ok);
    await waitFor("dockerd", async () => (await run("docker", ["-H", `unix://${socket}`, "version"])).code === 0);
  } catch (error) {
    await lab.stop();
    throw new Error(`${(error as Error).message}\n${dockerdLog}`);
  }
  return lab;
}

async function containerIds(socket: string): Promise<string[]> {
  const out = await run("docker", ["-H", `unix://${socket}`, "ps", "-aq"]);
  return out.out.split("\n").filter((l) => /^[0-9a-f]+$/.test(l));
}

const BASE_IMAGE = "localhost/hearth-base:bookworm";
const RUNTIME_BASE = "localhost/hearth-base:bookworm-runtime";

/** The migrations the test's releases add: v2 one, v3.0.1 another that needs v2's (order matters). */
export const V2_MIGRATION = "9001_update_test_v2";
export const V3_MIGRATION = "9002_update_test_v3";

const IMAGE = "localhost/hearth-updates";

/** Adds a migration to a copy of the migrations folder (SQL file plus drizzle-kit journal entry). */
function addMigration(dir: string, idx: number, tag: string, sql: string[]): void {
  const journalPath = join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as {
    entries: { idx: number; tag: string; when: number; version: string; breakpoints: boolean }[];
  };
  journal.entries.push({ idx, version: "6", when: Date.now(), tag, breakpoints: true });
  writeFileSync(journalPath, JSON.stringify(journal, null, 2));
  writeFileSync(join(dir, `${tag}.sql`), sql.join("\n--> statement-breakpoint\n") + "\n");
}

async function timed(figures: Record<string, string>, name: string, work: () => Promise<unknown>): Promise<void> {
  const t = Date.now();
  await work();
  figures[name] = `${((Date.now() - t) / 1000).toFixed(1)} s`;
}

/**
 * Builds the releases and pushes them to the registry:
 * - 1.0.0: the real Dockerfile, built as the container test builds it (so after that test it is
 *   all build cache), plus its version and notes;
 * - 2.0.0: + a migration (a new table with a row) and a visible change (its version);
 * - 3.0.0: starts, but listens only on its own loopback, so it never becomes healthy from outside;
 * - 3.0.1: the fixed release: + a second migration that writes into v2's table;
 * and the socket proxy. 2.0.0 and up are thin layers over 1.0.0.
 */
export async function buildAndPush(registry: string, figures: Record<string, string>): Promise<void> {
  const podman = (...args: string[]) => must("podman", args);
  const build = (file: string, tag: string, context: string, ...args: string[]) =>
    podman("build", "--format", "docker", "-f", file, ...args, "-t", `${IMAGE}:${tag}`, context);
  await timed(figures, "podman setup", () => must("sh", [join(ROOT, "docker/podman-setup.sh")]));
  // Exactly the container test's build, so after it this is all build cache. The version is a
  // thin layer on top: podman reuses a cached `ENV X=${ARG}` layer even when the ARG's value
  // differs, so a --build-arg HEARTH_VERSION here would come out as the cached 0.1.0.
  await timed(figures, "v1 image build", () =>
    podman(
      ...["build", "--format", "docker", "-f", "docker/Dockerfile"],
      ...["--build-arg", `BASE_IMAGE=${BASE_IMAGE}`, "--build-arg", `RUNTIME_BASE=${RUNTIME_BASE}`],
      ...["-t", `${IMAGE}:base`, "."],
    ),
  );
  const context = mkdtempSync("/tmp/hearth-updates-context-");
  try {
    chmodSync(context, 0o755);
    for (const [version, migrations] of [
      ["v2", [[9001, V2_MIGRATION]]],
      [
        "v3",
        [
          [9001, V2_MIGRATION],
          [9002, V3_MIGRATION],
        ],
      ],
    ] as const) {
      const dir = join(context, version);
      cpSync(join(ROOT, "dist", "migrations"), dir, { recursive: true });
      for (const [idx, tag] of migrations)
        addMigration(
          dir,
          idx,
          tag,
          tag === V2_MIGRATION
            ? [
                "CREATE TABLE `update_test_v2` (`id` integer PRIMARY KEY NOT NULL, `note` text)",
                "INSERT INTO `update_test_v2` (`id`, `note`) VALUES (1, 'added by v2')",
              ]
            : [
                "ALTER TABLE `update_test_v2` ADD `added_by` text",
                "INSERT INTO `update_test_v2` (`id`, `note`, `added_by`) VALUES (2, 'added by v3', '3.0.1')",
              ],
        );
    }
    const file = (name: string, text: string) => (writeFileSync(join(context, name), text), join(context, name));
    const release = (version: string, notes: string) =>
      `ENV HEARTH_VERSION=${version}\nLABEL org.opencontainers.image.version="${version}" io.hearth.release-notes="${notes}"\n`;
    await timed(figures, "v1 version layer; v2, v3, v3.0.1 and proxy builds", async () => {
      await build(
        file("v1.Containerfile", `FROM ${IMAGE}:base\n${release("1.0.0", "The first release.")}`),
        "1.0.0",
        context,
      );
      await build(
        file(
          "v2.Containerfile",
          `FROM ${IMAGE}:1.0.0\nCOPY v2/ /app/dist/migrations/\n${release("2.0.0", "Adds the update-test table.")}`,
        ),
        "2.0.0",
        context,
      );
      await build(
        file(
          "v3.Containerfile",
          `FROM ${IMAGE}:2.0.0\nENV HOST=127.0.0.1\n${release("3.0.0", "Broken on purpose: listens on loopback only.")}`,
        ),
        "3.0.0",
        context,
      );
      await build(
        file(
          "v301.Containerfile",
          `FROM ${IMAGE}:2.0.0\nCOPY v3/ /app/dist/migrations/\n${release("3.0.1", "Fixes 3.0.0; a second migration.")}`,
        ),
        "3.0.1",
        context,
      );
      await podman(
        ...["build", "--format", "docker", "--build-arg", `RUNTIME_BASE=${RUNTIME_BASE}`],
        ...["-t", "localhost/hearth-docker-proxy:test", join(ROOT, "docker/docker-proxy")],
      );
    });
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
  await timed(figures, "push to the registry", async () => {
    for (const tag of RELEASES)
      await podman("push", "--tls-verify=false", `${IMAGE}:${tag}`, `docker://${registry}/hearth:${tag}`);
    await podman(
      "push",
      "--tls-verify=false",
      "localhost/hearth-docker-proxy:test",
      `docker://${registry}/docker-proxy:test`,
    );
  });
}

export const RELEASES = ["1.0.0", "2.0.0", "3.0.0", "3.0.1"];
