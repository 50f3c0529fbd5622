/** The database, reached only through @libsql/client (HTTP/Hrana), so DATABASE_URL may be any sqld or Turso. */
import { createClient, type Client } from "@libsql/client/web";
import { sql } from "drizzle-orm";
import type { LibSQLDatabase } from "drizzle-orm/libsql";
import { drizzle } from "drizzle-orm/libsql/web";
import * as schema from "@hearth/db/schema";
import type { DatabaseBindings } from "../lib/env";

export type Database = LibSQLDatabase<typeof schema>;

/**
 * A client for this request. Never share one between requests: the HTTP client queues requests
 * beyond its concurrency limit on promises that another request's I/O resolves, and workerd
 * refuses that ("Promise will never complete"), which hung uploads under 24 parallel requests.
 * Creating one costs nothing: it holds no connection.
 */
export function openDatabase(env: DatabaseBindings): { db: Database; client: Client } {
  const client = createClient({ url: env.DATABASE_URL, authToken: env.DATABASE_AUTH_TOKEN || undefined });
  return { db: databaseOf(client), client };
}

/** The Database over a client made elsewhere (the Node-side `hearth admin` command), so the schema stays in here. */
export function databaseOf(client: Client): Database {
  return drizzle(client, { schema });
}

/** Throws unless the database answers a trivial query (the health check). */
export async function pingDatabase(db: Database): Promise<void> {
  await db.run(sql`SELECT 1`);
}

export { schema };
