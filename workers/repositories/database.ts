/** The database, reached only through @libsql/client (HTTP/Hrana), so DATABASE_URL may be any sqld or Turso. */
import { createClient, type Client } from "@libsql/client/web";
import { sql } from "drizzle-orm";
import type { LibSQLDatabase } from "drizzle-orm/libsql";
import { drizzle } from "drizzle-orm/libsql/web";
import * as schema from "@hearth/db/schema";
import type { DatabaseBindings } from "../lib/env";
import { DatabaseUnavailable } from "../lib/errors";
import { DatabaseUnreachable, replicaFirst, withReplicaFallback } from "../lib/primary-failover";
import { keepingStreams } from "./stream-pool";

export type Database = LibSQLDatabase<typeof schema>;

/**
 * A client for this request. Never share one between requests: the HTTP client queues requests
 * beyond its concurrency limit on promises that another request's I/O resolves, and workerd
 * refuses that ("Promise will never complete"), which hung uploads under 24 parallel requests.
 * Creating one costs nothing: it holds no connection.
 */
export function openDatabase(env: DatabaseBindings): { db: Database; client: Client; replica?: Database } {
  const primary = connect(env.DATABASE_URL, env.DATABASE_AUTH_TOKEN);
  if (!env.DATABASE_REPLICA_URL) return { db: databaseOf(primary), client: primary };
  // Two clients per side: each wrapper replaces its client's methods, and each falls back to the other's plain one.
  const replicaClient = () => connect(env.DATABASE_REPLICA_URL!, env.DATABASE_REPLICA_AUTH_TOKEN);
  const client = withReplicaFallback(primary, replicaClient());
  const replica = replicaFirst(replicaClient(), connect(env.DATABASE_URL, env.DATABASE_AUTH_TOKEN));
  return { db: databaseOf(client), client, replica: databaseOf(replica) };
}

function connect(url: string, authToken: string | undefined): Client {
  return retryingWhenBusy(
    createClient({ url, authToken: authToken || undefined, fetch: keepingStreams(fetchWithDeadline) }),
  );
}

/** Waits between attempts of a statement sqld refused as busy (ms); their sum stays under the deadline. */
const BUSY_BACKOFF_MS = [20, 50, 100, 200, 400, 800, 1200, 1600, 2000];

/** SQLite's "database is locked": another writer or a checkpoint held the write lock past sqld's 100 ms wait. */
function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === "SQLITE_BUSY" || (typeof code === "string" && code.startsWith("SQLITE_BUSY_"));
}

/**
 * The client with every statement and batch tried again while sqld answers SQLITE_BUSY. That
 * answer means nothing was written (a batch is rolled back whole), so trying again is safe; it
 * happens whenever a checkpoint or a queue of writers outlasts sqld's own 100 ms busy wait, and
 * must not reach the user as a 500. Still busy after the last wait: 503, like a database that
 * does not answer. Batches take the write lock at BEGIN (IMMEDIATE): a deferred batch that reads
 * first cannot wait for the lock when it turns to writing, it fails at once.
 */
function retryingWhenBusy(client: Client): Client {
  const attempt = async <T>(run: () => Promise<T>): Promise<T> => {
    for (let i = 0; ; i++) {
      try {
        return await run();
      } catch (error) {
        if (!isBusy(error)) throw error;
        if (i >= BUSY_BACKOFF_MS.length) throw new DatabaseUnavailable(error);
        await new Promise((resolve) => setTimeout(resolve, BUSY_BACKOFF_MS[i]! * (0.5 + Math.random())));
      }
    }
  };
  const execute = client.execute.bind(client);
  const batch = client.batch.bind(client);
  return Object.assign(client, {
    execute: ((...args: Parameters<Client["execute"]>) => attempt(() => execute(...args))) as Client["execute"],
    batch: ((statements: Parameters<Client["batch"]>[0], mode?: Parameters<Client["batch"]>[1]) =>
      attempt(() => batch(statements, mode === "read" ? "read" : "write"))) as Client["batch"],
  });
}

/**
 * How long one round trip to the database may take. A database that is down or wedged must make
 * requests fail fast with 503 (lib/errors.ts DatabaseUnavailable), never hold them open for ever
 * while clients give up and retry, piling more work on it.
 */
export const QUERY_DEADLINE_MS = 10_000;

/** fetch for the libSQL client: bounded in time, and a failure to reach sqld named as such. */
async function fetchWithDeadline(input: Request | string | URL, init?: RequestInit): Promise<Response> {
  const deadline = AbortSignal.timeout(QUERY_DEADLINE_MS);
  const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
  let response: Response;
  try {
    response = await fetch(input, { ...init, signal });
  } catch (error) {
    // Our caller gave up (its request ended): not a sign the database is gone.
    if (init?.signal?.aborted) throw new DatabaseUnavailable(error);
    throw new DatabaseUnreachable(error);
  }
  // sqld answers 5xx while it starts, and 429 when it has no connection to spare: the same for the caller.
  if (response.status >= 500 || response.status === 429)
    throw new DatabaseUnavailable(new Error(`sqld answered ${response.status}`));
  return response;
}

/** The Database over a client made elsewhere (the Node-side `hearth admin` command), so the schema stays in here. */
export function databaseOf(client: Client): Database {
  return drizzle(client, { schema });
}

/**
 * Throws unless the database answers a real query on its tables and can take its write lock
 * (the health check). Reads alone are not enough: a database whose writers are stuck still
 * answers them, while every upload, sign-in and move waits. The UPDATE matches no row, so it
 * takes and releases the write lock and writes nothing.
 */
export async function pingDatabase(db: Database): Promise<void> {
  await db.run(sql`SELECT count(*) FROM (SELECT 1 FROM files LIMIT 1)`);
  await db.run(sql`UPDATE settings SET value = value WHERE 0`);
}

/** SQLite's own quick check of the database file: "ok", or what it found damaged. */
export async function quickCheck(db: Database): Promise<string> {
  const rows = await db.all<Record<string, unknown>>(sql`PRAGMA quick_check`);
  return String(Object.values(rows[0] ?? {})[0] ?? "");
}

/** How many rows a table holds (checking a restored backup against its manifest). */
export async function rowsInTable(db: Database, table: string): Promise<number> {
  const rows = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM ${sql.identifier(table)}`);
  return Number(rows[0]?.n ?? -1);
}

export { schema };
