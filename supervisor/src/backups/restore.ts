/**
 * `hearth restore <backup>`: puts a backup's database back. Hearth must be stopped (a running
 * sqld would keep serving, and overwrite, the old data). The database it replaces is not deleted:
 * it is moved into DATA_DIR/backups/<time>-before-restore, itself a restorable backup.
 */
import { createHash } from "node:crypto";
import { cpSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createClient } from "@libsql/client/web";
import { blobReferences, countRows, hostServices, restoreDump } from "@hearth/workers/core/host-tasks";
import { BLOB_LIST_FILE, backupsDir, type BackupManifest } from "./manifest";
import { stampOf } from "./snapshot";

export class RestoreRefused extends Error {}

export interface TemporaryDatabase {
  url: string;
  authToken: string;
  stop: () => Promise<void>;
}

export interface RestoreDeps {
  /** Starts a sqld on DATA_DIR/db (creating it empty when missing). */
  startDatabase: () => Promise<TemporaryDatabase>;
  /** The process id of a running Hearth on this DATA_DIR, if any. */
  runningPid: () => number | undefined;
  now?: () => Date;
}

export const HOW_TO_STOP =
  "Stop Hearth first: `docker compose stop hearth` (compose), `docker stop hearth` (docker run), " +
  "or Ctrl-C / `kill <pid>` where you ran `npm start`. Then run the restore again.";

/** Restores `backup` into DATA_DIR/db and returns where the replaced database was kept. */
export async function restoreBackup(dataDir: string, backup: BackupManifest, deps: RestoreDeps): Promise<string> {
  const pid = deps.runningPid();
  if (pid !== undefined) throw new RestoreRefused(`Hearth is running (process ${pid}) on ${dataDir}. ${HOW_TO_STOP}`);
  const folder = join(backupsDir(dataDir), backup.name);
  const dump = backup.format >= 1 ? readVerifiedDump(folder, backup) : undefined;

  const dbDir = join(dataDir, "db");
  const keptAs = join(backupsDir(dataDir), `${stampOf((deps.now ?? (() => new Date()))())}-before-restore`);
  const references = existsSync(dbDir) ? await blobsOfCurrent(deps) : undefined;
  if (existsSync(dbDir)) renameSync(dbDir, keptAs);
  // The set-aside database is a backup too: the collector keeps the bytes it references.
  if (references) writeFileSync(join(keptAs, BLOB_LIST_FILE), references.map((b) => `${b.id}\t${b.key}\n`).join(""));
  try {
    if (dump === undefined) {
      cpSync(folder, dbDir, { recursive: true });
      return keptAs;
    }
    const database = await deps.startDatabase();
    try {
      const client = createClient({ url: database.url, authToken: database.authToken || undefined });
      // The dump is one BEGIN … COMMIT: it applies wholly or not at all.
      await restoreDump(client, dump);
      await checkRowCounts(client, backup);
      client.close();
    } finally {
      await database.stop();
    }
    return keptAs;
  } catch (error) {
    // Put the database that was there back exactly as it was.
    if (existsSync(keptAs)) {
      rmSync(dbDir, { recursive: true, force: true });
      renameSync(keptAs, dbDir);
    }
    throw error;
  }
}

/** What the database about to be set aside references; undefined when it cannot be read (then the collector keeps everything). */
async function blobsOfCurrent(deps: RestoreDeps): Promise<{ id: string; key: string }[] | undefined> {
  let database: TemporaryDatabase | undefined;
  try {
    database = await deps.startDatabase();
    const client = createClient({ url: database.url, authToken: database.authToken || undefined });
    try {
      return await blobReferences(hostServices(client));
    } finally {
      client.close();
    }
  } catch {
    return undefined;
  } finally {
    await database?.stop();
  }
}

function readVerifiedDump(folder: string, backup: BackupManifest): string {
  const path = join(folder, backup.database.file);
  if (!existsSync(path)) throw new RestoreRefused(`${path} is missing; this backup cannot be restored.`);
  const bytes = readFileSync(path);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  if (sha256 !== backup.database.sha256)
    throw new RestoreRefused(`${path} does not match its manifest (damaged or edited); nothing was changed.`);
  return bytes.toString("utf8");
}

async function checkRowCounts(client: ReturnType<typeof createClient>, backup: BackupManifest): Promise<void> {
  const services = hostServices(client);
  for (const [table, expected] of Object.entries(backup.tables)) {
    if (table.startsWith("sqlite_")) continue;
    const actual = await countRows(services, table);
    if (actual !== expected) throw new Error(`restored ${table} has ${actual} rows, the backup ${expected}`);
  }
}
