/**
 * What the Node-side `hearth` command (supervisor/) does to the database, through the same
 * repositories as the workers: it hands over a client it opened, and never writes SQL itself.
 */
import type { Client } from "@libsql/client";
import { allBlobReferences } from "../repositories/collector";
import { databaseOf, quickCheck, rowsInTable } from "../repositories/database";
import { replayDump } from "../repositories/dump";
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
