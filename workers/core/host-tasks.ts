/**
 * What the Node-side `hearth` command (supervisor/) does to the database, through the same
 * repositories as the workers: it hands over a client it opened, and never writes SQL itself.
 */
import type { Client } from "@libsql/client";
import { allBlobReferences } from "../repositories/collector";
import { databaseOf, quickCheck, rowsInTable } from "../repositories/database";
import { replayDump } from "../repositories/dump";
import {
  appliedMigrations,
  migrate,
  pendingMigrations,
  readMigrations,
  type Migration,
} from "../repositories/migrations";
import type { Services } from "./services";

/** The database part of Services over a client the supervisor opened (the bucket and events stay with the workers). */
export function hostServices(client: Client): Pick<Services, "db" | "now"> {
  return { db: databaseOf(client), now: Date.now };
}

/** "ok", or SQLite's description of the damage it found. */
export function checkDatabaseFile(services: Pick<Services, "db">): Promise<string> {
  return quickCheck(services.db);
}

/** Rows per table, to compare a restored backup with its manifest. */
export function countRows(services: Pick<Services, "db">, table: string): Promise<number> {
  return rowsInTable(services.db, table);
}

/** Every blob's id and key: what a copy of this database references in the blob store. */
export function blobReferences(services: Pick<Services, "db">): Promise<{ id: string; key: string }[]> {
  return allBlobReferences(services.db);
}

/** Fills an empty database from a backup's dump (sqld's `GET /dump`). */
export function restoreDump(client: Client, dump: string): Promise<void> {
  return replayDump(client, dump);
}

export type { Migration };

/** The migrations in drizzle-kit's folder (the build copies it to dist/migrations), in order. */
export function migrationsIn(folder: string): Migration[] {
  return readMigrations(folder);
}

/** What `applyMigrations` would apply, and whether the database had any migration before. */
export async function migrationPlan(
  client: Client,
  migrations: Migration[],
): Promise<{ pending: Migration[]; existing: boolean }> {
  return { pending: await pendingMigrations(client, migrations), existing: (await appliedMigrations(client)).size > 0 };
}

/** Applies the pending migrations in order, each whole or not at all; `log` gets a line for each. */
export async function applyMigrations(
  client: Client,
  migrations: Migration[],
  log: (line: string) => void,
): Promise<void> {
  await migrate(client, migrations, log);
}
