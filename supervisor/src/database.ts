/**
 * The database side of start-up: run Hearth's own sqld (unless DATABASE_URL points elsewhere),
 * notice a corrupt database, and apply pending migrations with a snapshot taken first.
 */
import { createClient, type Client } from "@libsql/client/web";
import { join } from "node:path";
import { applyMigrations, migrationPlan, type Migration } from "@hearth/workers/core/host-tasks";
import { checkDatabaseFile, hostServices } from "@hearth/workers/core/host-tasks";
import { pruneBackups } from "./backups/retention";
import { takeSnapshot, type SnapshotSource } from "./backups/snapshot";
import { ManagedChild, waitForHttp } from "./child";
import type { Config } from "./config";
import { log } from "./log";
import { StartupError } from "./preflight";
import { primaryReplicationArgs } from "./replication/sqld-args";

const CORRUPT = /not a database|malformed|corrupt/i;

/** How often sqld folds its WAL into the database file (it grows by a few MB a minute under heavy uploads). */
export const CHECKPOINT_INTERVAL_S = 30;

export function sqldChild(config: Config, bin: string, port: number, jwtKeyFile: string): ManagedChild {
  const url = `http://127.0.0.1:${port}`;
  return new ManagedChild({
    name: "sqld",
    command: bin,
    args: [
      "--db-path",
      join(config.dataDir, "db"),
      "--http-listen-addr",
      `127.0.0.1:${port}`,
      "--no-welcome",
      "--auth-jwt-key-file",
      jwtKeyFile,
      // Checkpoints on a timer, never inside a writer's commit. sqld 0.24's write queue
      // (libsql-server connection_manager.rs) loses track of a writer that gives up while an
      // autocheckpoint holds the write slot: the slot is later handed to that gone connection and
      // every writer after it spins for ever (100% CPU per thread, no write ever completes, reads
      // still answer). A timed TRUNCATE checkpoint clears the queue instead. See tests/load/README.md.
      "--checkpoint-interval-s",
      String(CHECKPOINT_INTERVAL_S),
      ...(config.replicationListen ? primaryReplicationArgs(config.replicationListen, config.dataDir) : []),
    ],
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? "warn" },
    whenStarted: async (child) => {
      try {
        await waitForHttp(`${url}/health`, child, 30_000);
      } catch (error) {
        if (CORRUPT.test(child.recentOutput.join("\n"))) throw corruptError(config);
        throw error;
      }
    },
  });
}

function corruptError(config: Config): StartupError {
  return new StartupError(
    `The database in ${join(config.dataDir, "db")} is corrupt and cannot be opened. Hearth changed nothing; ` +
      `restore the newest copy from ${join(config.dataDir, "backups")} (stop Hearth, replace the db folder) and start again.`,
  );
}

export function openClient(url: string, authToken: string): Client {
  return createClient({ url, authToken: authToken || undefined });
}

/** Fails start-up clearly when SQLite reports damage. */
export async function checkIntegrity(client: Client, config: Config): Promise<void> {
  try {
    const verdict = await checkDatabaseFile(hostServices(client));
    if (verdict !== "ok") throw new Error(verdict);
  } catch (error) {
    // drizzle wraps the client's error ("Failed query: ..."); the reason is in its cause.
    const cause = (error as { cause?: unknown })?.cause;
    const message = [error, cause]
      .filter(Boolean)
      .map((e) => (e instanceof Error ? e.message : String(e)))
      .join(": ");
    if (CORRUPT.test(message) || !/fetch|ECONN|connect/i.test(message)) throw corruptError(config);
    throw new StartupError(`Cannot reach the database at ${config.databaseUrl || "the built-in sqld"}: ${message}`);
  }
}

/**
 * Applies pending migrations. When an existing database has any pending, a consistent snapshot
 * (backups/snapshot.ts) is taken into DATA_DIR/backups first, while sqld keeps running.
 */
export async function migrateWithBackup(
  client: Client,
  migrations: Migration[],
  config: Config,
  source: SnapshotSource | undefined,
  hearthVersion: string,
): Promise<void> {
  const { pending, existing } = await migrationPlan(client, migrations);
  if (pending.length > 0 && existing) {
    if (source) {
      const manifest = await takeSnapshot(source, {
        dataDir: config.dataDir,
        reason: `before-${pending[0]!.tag}`,
        hearthVersion,
      });
      pruneBackups(config.dataDir, config.backupKeep);
      log("hearth", `database backed up to backups/${manifest.name} before ${pending.length} pending migration(s)`);
    } else {
      log("hearth", "external DATABASE_URL: take a backup with your database's own tools; none was taken here");
    }
  }
  await applyMigrations(client, migrations, (line) => log("hearth", line));
}
