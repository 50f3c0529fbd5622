/**
 * Which stored bytes the kept backups reference. A backup made since blobs.txt existed lists them
 * (backups/snapshot.ts, and a restore for the database it sets aside); an older dump is read line
 * by line for its `blobs` rows. A folder copy of a stopped database without that list cannot be
 * read here: then the answer is "unknown", and the collector removes no file bytes at all rather
 * than guess (and says which backup, so the admin can delete it).
 */
import { createReadStream, existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Client } from "@libsql/client";
import { noteNewestBackup, type BackupReferences } from "@hearth/workers/core/collector";
import { hostServices } from "@hearth/workers/core/host-tasks";
import { BLOB_LIST_FILE, backupsDir, blobReferenceOf, listBackups, type BackupManifest } from "../backups/manifest";

export type KeptBackupReferences = { references: BackupReferences; backups: number } | { unreadable: string };

export async function referencesOfKeptBackups(dataDir: string): Promise<KeptBackupReferences> {
  const keys = new Set<string>();
  const blobIds = new Set<string>();
  const kept = listBackups(dataDir);
  for (const backup of kept) {
    const ok = await readReferences(join(backupsDir(dataDir), backup.name), backup, (id, key) => {
      blobIds.add(id);
      keys.add(key);
    });
    if (!ok) return { unreadable: backup.name };
  }
  return { references: { keys, blobIds }, backups: kept.length };
}

async function readReferences(
  folder: string,
  backup: BackupManifest,
  add: (id: string, key: string) => void,
): Promise<boolean> {
  const list = join(folder, backup.blobs?.file ?? BLOB_LIST_FILE);
  if (existsSync(list)) {
    await eachLine(list, (line) => {
      const [id, key] = line.split("\t");
      if (id && key) add(id, key);
    });
    return true;
  }
  if (backup.database.file && existsSync(join(folder, backup.database.file))) {
    await eachLine(join(folder, backup.database.file), (line) => {
      const blob = blobReferenceOf(line);
      if (blob) add(blob.id, blob.key);
    });
    return true;
  }
  return false;
}

async function eachLine(path: string, onLine: (line: string) => void): Promise<void> {
  const lines = createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Infinity });
  for await (const line of lines) onLine(line);
}

/**
 * Tells the database when the newest kept backup was taken (at start: a restore or a hand-deleted
 * backup folder may have changed it since the last backup noted it).
 */
export async function noteNewestKeptBackup(client: Client, dataDir: string): Promise<void> {
  const times = listBackups(dataDir).map((b) => (b.created_at ? Date.parse(b.created_at) : Date.now()));
  await noteNewestBackup(hostServices(client), times.length ? Math.max(...times) : null);
}
