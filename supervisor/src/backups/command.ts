/**
 * `hearth backup [--reason R]`, `hearth backups`, `hearth restore <backup>`. A backup uses the
 * running Hearth's sqld when there is one (a snapshot while it serves), or starts sqld on
 * DATA_DIR/db just for it. In the container: `docker exec hearth hearth backup`.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RUNTIME_FILE, type RuntimeInfo } from "../admin-command";
import { findBinary } from "../binaries";
import type { Config } from "../config";
import { sqldChild } from "../database";
import { freePort } from "../preflight";
import { createSqldCredentials } from "../sqld-auth";
import { findBackup, listBackups } from "./manifest";
import { restoreBackup, RestoreRefused, type TemporaryDatabase } from "./restore";
import { pruneBackups } from "./retention";
import { takeSnapshot } from "./snapshot";

/** The running Hearth on this DATA_DIR, if its process is alive. */
export function runningHearth(dataDir: string): RuntimeInfo | undefined {
  // The updater runs `hearth migrate` and `hearth restore` in a one-off container after stopping
  // every app container on this data: a runtime file left then is stale, and its pid (another
  // container's pid namespace) may well be alive in ours.
  if (process.env.HEARTH_APP_STOPPED === "1") return undefined;
  const path = join(dataDir, RUNTIME_FILE);
  if (!existsSync(path)) return undefined;
  try {
    const info = JSON.parse(readFileSync(path, "utf8")) as RuntimeInfo;
    // In a fresh container this command may get the very pid a killed Hearth had: that is us.
    if (info.pid === process.pid) return undefined;
    process.kill(info.pid, 0);
    return info;
  } catch {
    return undefined;
  }
}

/** sqld on DATA_DIR/db for a command that runs while Hearth is stopped. */
export async function temporaryDatabase(config: Config, distDir: string): Promise<TemporaryDatabase> {
  const port = await freePort();
  const scratch = mkdtempSync(join(tmpdir(), "hearth-db-"));
  const credentials = createSqldCredentials(scratch);
  const sqld = sqldChild(config, findBinary("sqld", config.sqldBin, distDir), port, credentials.keyFile);
  await sqld.start();
  return {
    url: `http://127.0.0.1:${port}`,
    authToken: credentials.token,
    stop: async () => {
      await sqld.stop(5000);
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

export async function backupCommand(args: string[], config: Config, distDir: string, version: string): Promise<number> {
  const reasonAt = args.indexOf("--reason");
  const reason = reasonAt >= 0 ? (args[reasonAt + 1] ?? "manual") : "manual";
  if (config.databaseUrl) {
    console.error("DATABASE_URL points at another database: back it up with that database's own tools.");
    return 1;
  }
  const running = runningHearth(config.dataDir);
  const database = running
    ? { url: running.databaseUrl, authToken: running.databaseAuthToken, stop: async () => {} }
    : existsSync(join(config.dataDir, "db"))
      ? await temporaryDatabase(config, distDir)
      : undefined;
  if (!database) {
    console.error(`No Hearth database in ${config.dataDir}. Set DATA_DIR to Hearth's data folder.`);
    return 1;
  }
  try {
    const manifest = await takeSnapshot(
      { databaseUrl: database.url, authToken: database.authToken },
      { dataDir: config.dataDir, reason, hearthVersion: version },
    );
    pruneBackups(config.dataDir, config.backupKeep);
    // The last line is the folder name alone, for scripts (the updater reads it).
    console.log(
      `Backed up ${Object.values(manifest.tables).reduce((a, b) => a + b, 0)} rows (${manifest.database.bytes} bytes) to ${join(config.dataDir, "backups", manifest.name)}`,
    );
    console.log(manifest.name);
    return 0;
  } finally {
    await database.stop();
  }
}

export function listCommand(config: Config): number {
  const all = listBackups(config.dataDir);
  if (all.length === 0) console.log(`No backups in ${join(config.dataDir, "backups")} yet.`);
  for (const b of all) console.log(`${b.name}\t${b.hearth_version || "?"}\t${b.database.bytes} bytes`);
  return 0;
}

export async function restoreCommand(args: string[], config: Config, distDir: string): Promise<number> {
  const name = args[0];
  if (!name) {
    console.error("Usage: hearth restore <backup>   (`hearth backups` lists them)");
    return 2;
  }
  const backup = findBackup(config.dataDir, name);
  if (!backup) {
    console.error(`No backup "${name}" in ${join(config.dataDir, "backups")}. \`hearth backups\` lists them.`);
    return 1;
  }
  try {
    const keptAs = await restoreBackup(config.dataDir, backup, {
      startDatabase: () => temporaryDatabase(config, distDir),
      runningPid: () => runningHearth(config.dataDir)?.pid,
    });
    console.log(`Restored ${backup.name}. The database it replaced is kept in ${keptAs}.`);
    return 0;
  } catch (error) {
    if (error instanceof RestoreRefused) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}
