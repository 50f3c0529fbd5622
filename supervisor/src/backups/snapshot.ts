/**
 * A consistent snapshot of the database while Hearth runs.
 *
 * How: sqld's own `GET /dump` endpoint. sqld 0.24 refuses `VACUUM INTO` ("unsupported statement")
 * and copying its folder while it writes is not safe (its WAL and `wallog` move under the copy).
 * `/dump` runs inside one read transaction on sqld's side, so the SQL it streams is one point in
 * time even while uploads keep writing, and it needs nothing but the HTTP port and token Hearth
 * already holds. The result is plain SQL: readable, diffable, and restorable into any libSQL.
 *
 * Layout: DATA_DIR/backups/<time>-<reason>/{db.sql, blobs.txt, manifest.json}, written under a
 * `.partial` name and renamed when complete, so a half-written backup is never listed. blobs.txt
 * lists the stored bytes the snapshot references (`<blob id>\t<key>` per line): the collector
 * keeps those while the backup is kept, so restoring it gives back every file.
 */
import { createHash } from "node:crypto";
import { createWriteStream, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { noteNewestBackup } from "@hearth/workers/core/collector";
import { hostServices } from "@hearth/workers/core/host-tasks";
import { openClient } from "../database";
import { log } from "../log";
import {
  BACKUP_FORMAT,
  BLOB_LIST_FILE,
  backupsDir,
  blobReferenceOf,
  type BackupManifest,
  type BlobReference,
} from "./manifest";

export interface SnapshotSource {
  databaseUrl: string;
  authToken: string;
}

export interface SnapshotRequest {
  dataDir: string;
  /** What the backup is for: `scheduled`, `manual`, `before-0009_updates`, `update-1.2.0-to-1.3.0`. */
  reason: string;
  hearthVersion: string;
  now?: Date;
}

/** A folder-name-safe timestamp that sorts in time order. */
export function stampOf(date: Date): string {
  return date.toISOString().replace(/[:.]/g, "-");
}

function safeReason(reason: string): string {
  const cleaned = reason.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "");
  return cleaned.slice(0, 80) || "manual";
}

/** Streams sqld's dump into a new backup folder and returns its manifest. */
export async function takeSnapshot(source: SnapshotSource, request: SnapshotRequest): Promise<BackupManifest> {
  const now = request.now ?? new Date();
  const name = `${stampOf(now)}-${safeReason(request.reason)}`;
  const root = backupsDir(request.dataDir);
  const partial = join(root, `.${name}.partial`);
  mkdirSync(partial, { recursive: true });
  try {
    const response = await fetch(`${source.databaseUrl.replace(/\/+$/, "")}/dump`, {
      headers: source.authToken ? { authorization: `Bearer ${source.authToken}` } : {},
    });
    if (!response.ok || !response.body) throw new Error(`the database refused the dump (HTTP ${response.status})`);
    const hash = createHash("sha256");
    const counter = new DumpCounter();
    let bytes = 0;
    const body = Readable.fromWeb(response.body as import("node:stream/web").ReadableStream<Uint8Array>);
    body.on("data", (chunk: Buffer) => {
      hash.update(chunk);
      counter.feed(chunk);
      bytes += chunk.length;
    });
    await pipeline(body, createWriteStream(join(partial, "db.sql")));
    counter.end();
    writeFileSync(join(partial, BLOB_LIST_FILE), counter.blobs.map((b) => `${b.id}\t${b.key}\n`).join(""));
    if (!counter.committed) throw new Error("the dump ended before its COMMIT; the backup is incomplete");
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      name,
      reason: request.reason,
      created_at: now.toISOString(),
      hearth_version: request.hearthVersion,
      method: "sqld /dump (one read transaction)",
      database: { file: "db.sql", bytes, sha256: hash.digest("hex") },
      blobs: { file: BLOB_LIST_FILE, count: counter.blobs.length },
      migrations: counter.migrations,
      tables: Object.fromEntries([...counter.rows].sort(([a], [b]) => a.localeCompare(b))),
    };
    writeFileSync(join(partial, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
    renameSync(partial, join(root, name));
    await noteBackupTaken(source, now);
    return manifest;
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

/** Reads the dump as it streams: rows per table and the applied migrations, for the manifest. */
class DumpCounter {
  rows = new Map<string, number>();
  migrations: string[] = [];
  blobs: BlobReference[] = [];
  committed = false;
  private pending = "";

  feed(chunk: Buffer): void {
    this.pending += chunk.toString("utf8");
    const lines = this.pending.split("\n");
    this.pending = lines.pop() ?? "";
    lines.forEach((line) => this.line(line));
  }

  end(): void {
    if (this.pending) this.line(this.pending);
    this.pending = "";
  }

  private line(line: string): void {
    if (line === "COMMIT;") this.committed = true;
    const insert = /^INSERT INTO "?([^"( ]+)"?/.exec(line);
    if (!insert) return;
    const table = insert[1]!;
    this.rows.set(table, (this.rows.get(table) ?? 0) + 1);
    if (table === "blobs") {
      const blob = blobReferenceOf(line);
      if (blob) this.blobs.push(blob);
    }
    if (table === "__hearth_migrations") {
      const tag = /VALUES\('([^']+)'/.exec(line)?.[1];
      if (tag) this.migrations.push(tag);
    }
  }
}

/**
 * Tells the database when the newest backup was taken: from then on, bytes of blobs older than it
 * outlive their last file until the collector sees no kept backup referencing them.
 */
async function noteBackupTaken(source: SnapshotSource, takenAt: Date): Promise<void> {
  const client = openClient(source.databaseUrl, source.authToken);
  try {
    await noteNewestBackup(hostServices(client), takenAt.getTime());
  } catch (error) {
    // A database too old to have settings (a backup before the first migration): nothing to protect yet.
    log("hearth", `could not note the backup's time in the database: ${(error as Error).message}`);
  } finally {
    client.close();
  }
}
