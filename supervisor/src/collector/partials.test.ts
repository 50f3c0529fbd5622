import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { removePartials } from "./partials";

const HOUR = 3600_000;

describe("removing half-written files", () => {
  let data: string;
  const now = Date.now();
  const cutoff = now - 24 * HOUR;
  /** Writes a file under DATA_DIR last modified `ageMs` ago. */
  const write = (path: string, text: string, ageMs: number) => {
    const full = join(data, path);
    mkdirSync(join(full, ".."), { recursive: true });
    writeFileSync(full, text);
    const at = new Date(now - ageMs);
    utimesSync(full, at, at);
  };
  const exists = (path: string) => existsSync(join(data, path));

  beforeEach(() => {
    data = mkdtempSync(join(tmpdir(), "hearth-partials-"));
  });
  afterEach(() => rmSync(data, { recursive: true, force: true }));

  it("removes a stale .kj-tmp file and keeps one still being written", async () => {
    write("blobs/originals/ab/cd/.kj-tmp.old.partial", "12345", 30 * HOUR);
    write("blobs/originals/ab/cd/.kj-tmp.new.partial", "123", 1 * HOUR);
    expect(await removePartials(data, cutoff)).toEqual({ files: 1, bytes: 5 });
    expect(exists("blobs/originals/ab/cd/.kj-tmp.old.partial")).toBe(false);
    expect(exists("blobs/originals/ab/cd/.kj-tmp.new.partial")).toBe(true);
  });

  it("removes data files no sidecar names, and never the one it names", async () => {
    write("blobs/originals/ab/cd/x~m", JSON.stringify({ data: "x~dlive" }), 30 * HOUR);
    write("blobs/originals/ab/cd/x~dlive", "live bytes", 30 * HOUR);
    write("blobs/originals/ab/cd/x~dold", "replaced", 30 * HOUR);
    write("blobs/originals/ab/cd/y~dorphan", "never committed", 30 * HOUR);
    write("blobs/originals/ab/cd/z~dwriting", "being written", 0);
    await removePartials(data, cutoff);
    expect(readdirSync(join(data, "blobs/originals/ab/cd")).sort()).toEqual(["x~dlive", "x~m", "z~dwriting"]);
  });

  it("removes abandoned multipart uploads and unfinished backups, not ones in progress", async () => {
    write("blobs/~multipart/dead/1", "part", 30 * HOUR);
    write("blobs/~multipart/busy/1", "part", 30 * HOUR);
    write("blobs/~multipart/busy/2", "part", 0);
    write("backups/.2026-01-01-scheduled.partial/db.sql", "BEGIN", 30 * HOUR);
    write("backups/2026-01-01-scheduled/db.sql", "BEGIN; COMMIT;", 30 * HOUR);
    utimesSync(join(data, "blobs/~multipart/dead"), new Date(now - 30 * HOUR), new Date(now - 30 * HOUR));
    utimesSync(
      join(data, "backups/.2026-01-01-scheduled.partial"),
      new Date(now - 30 * HOUR),
      new Date(now - 30 * HOUR),
    );
    const removed = await removePartials(data, cutoff);
    expect(removed.files).toBe(2);
    expect(exists("blobs/~multipart/dead")).toBe(false);
    expect(exists("blobs/~multipart/busy/1")).toBe(true);
    expect(exists("backups/.2026-01-01-scheduled.partial")).toBe(false);
    expect(exists("backups/2026-01-01-scheduled/db.sql")).toBe(true);
  });
  it("keeps a completed multipart upload's folder while its object's sidecar names it, however old", async () => {
    const sidecar = (folder: string) => JSON.stringify({ data: "", pieces: { folder: ["~multipart", folder] } });
    write("blobs/originals/ab/cd/kept~m", sidecar("kept"), 30 * HOUR);
    write(
      "blobs/~multipart/kept/object.json",
      JSON.stringify({ sidecar: ["originals", "ab", "cd", "kept~m"] }),
      30 * HOUR,
    );
    write("blobs/~multipart/kept/1.aa.part", "the object's bytes", 30 * HOUR);
    // Replaced since: the sidecar now names another upload's folder, so this one is garbage.
    write("blobs/originals/ab/cd/swapped~m", sidecar("newer"), 30 * HOUR);
    write(
      "blobs/~multipart/older/object.json",
      JSON.stringify({ sidecar: ["originals", "ab", "cd", "swapped~m"] }),
      30 * HOUR,
    );
    write("blobs/~multipart/older/1.bb.part", "replaced bytes", 30 * HOUR);
    // Deleted since: no sidecar at all.
    write(
      "blobs/~multipart/deleted/object.json",
      JSON.stringify({ sidecar: ["originals", "ab", "cd", "gone~m"] }),
      30 * HOUR,
    );
    write("blobs/~multipart/deleted/1.cc.part", "deleted bytes", 30 * HOUR);
    for (const folder of ["kept", "older", "deleted"]) {
      const at = new Date(now - 30 * HOUR);
      utimesSync(join(data, "blobs/~multipart", folder), at, at);
    }
    await removePartials(data, cutoff);
    expect(exists("blobs/~multipart/kept/1.aa.part")).toBe(true);
    expect(exists("blobs/~multipart/older")).toBe(false);
    expect(exists("blobs/~multipart/deleted")).toBe(false);
  });
});
