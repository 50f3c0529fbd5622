/** The database, reached only through @libsql/client (HTTP/Hrana), so DATABASE_URL may be any sqld or Turso. */
import { createClient, type Client } from "@libsql/client/web";
import { sql } from "drizzle-orm";
import type { LibSQLDatabase } from "drizzle-orm/libsql";
import { drizzle } from "drizzle-orm/libsql/web";
import * as schema from "@hearth/db/schema";
import type { DatabaseBindings } from "../lib/env";
import { DatabaseUnavailable } from "../lib/errors";

export type Database = LibSQLDatabase<typeof schema>;

/**
 * A client for this request. Never share one between requests: the HTTP client queues requests
 * beyond its concurrency limit on promises that another request's I/O resolves, and workerd
 * refuses that ("Promise will never complete"), which hung uploads under 24 parallel requests.
 * Creating one costs nothing: it holds no connection.
 */
export function openDatabase(env: DatabaseBindings): { db: Database; client: Client } {
  const client = createClient({
    url: env.DATABASE_URL,
    authToken: env.DATABASE_AUTH_TOKEN || undefined,
    fetch: fetchWithDeadline,
  });
  return { db: databaseOf(client), client };
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
    throw new DatabaseUnavailable(error);
  }
  // sqld answers 5xx while it starts or when it is overloaded: the same for the caller.
  if (response.status >= 500) throw new DatabaseUnavailable(new Error(`sqld answered ${response.status}`));
  return response;
}

/** The Database over a client made elsewhere (the Node-side `hearth admin` command), so the schema stays in here. */
export function databaseOf(client: Client): Database {
  return drizzle(client, { schema });
}

/** Throws unless the database answers a real query on its tables (the health check). */
export async function pingDatabase(db: Database): Promise<void> {
  await db.run(sql`SELECT count(*) FROM (SELECT 1 FROM files LIMIT 1)`);
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
