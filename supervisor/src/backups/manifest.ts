/** What a backup folder holds, and how to list the kept ones. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const BACKUP_FORMAT = 1;

export interface BackupManifest {
  format: number;
  /** The folder's name under DATA_DIR/backups. */
  name: string;
  reason: string;
  created_at: string;
  hearth_version: string;
  method: string;
  database: { file: string; bytes: number; sha256: string };
  /** The stored bytes the snapshot references, one `<blob id>\t<key>` line each; absent in backups made before it was recorded. */
  blobs?: { file: string; count: number };
  /** Migration tags applied in the snapshot, in the order the dump lists them. */
  migrations: string[];
  /** Rows per table in the snapshot. */
  tables: Record<string, number>;
}

export const BLOB_LIST_FILE = "blobs.txt";

/** A blob row as a backup holds it: its id (thumbnails derive from it) and the key of its bytes. */
export interface BlobReference {
  id: string;
  key: string;
}

/** The blob (id and key: the first two values) a dump line adding a row to the blobs table records; null for any other line. */
export function blobReferenceOf(line: string): BlobReference | null {
  const match = /^INSERT INTO "?blobs"? VALUES\('((?:[^']|'')*)','((?:[^']|'')*)'/.exec(line);
  return match ? { id: match[1]!.replace(/''/g, "'"), key: match[2]!.replace(/''/g, "'") } : null;
}

export function backupsDir(dataDir: string): string {
  return join(dataDir, "backups");
}

/** The complete backups (those with a manifest), oldest first. Older folder copies are listed too. */
export function listBackups(dataDir: string): BackupManifest[] {
  const root = backupsDir(dataDir);
  if (!existsSync(root)) return [];
  const found: BackupManifest[] = [];
  for (const name of readdirSync(root).sort()) {
    if (name.startsWith(".")) continue;
    const manifestPath = join(root, name, "manifest.json");
    if (existsSync(manifestPath)) {
      try {
        found.push(JSON.parse(readFileSync(manifestPath, "utf8")) as BackupManifest);
      } catch {
        // A manifest someone edited by hand into nonsense: not a backup Hearth can vouch for.
      }
    } else if (existsSync(join(root, name, "dbs"))) {
      // A stopped-sqld folder copy made by an earlier Hearth: restorable, so listed.
      found.push(legacyManifest(name));
    }
  }
  return found;
}

function legacyManifest(name: string): BackupManifest {
  return {
    format: 0,
    name,
    reason: name.replace(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d+Z-/, ""),
    created_at: "",
    hearth_version: "",
    method: "copy of the stopped database folder",
    database: { file: "", bytes: 0, sha256: "" },
    migrations: [],
    tables: {},
  };
}

/** Finds a backup by its folder name (or a unique prefix of it). */
export function findBackup(dataDir: string, name: string): BackupManifest | undefined {
  const all = listBackups(dataDir);
  const exact = all.find((b) => b.name === name);
  if (exact) return exact;
  const matches = all.filter((b) => b.name.startsWith(name));
  return matches.length === 1 ? matches[0] : undefined;
}
