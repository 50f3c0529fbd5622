/** The database, reached only through @libsql/client (HTTP/Hrana), so DATABASE_URL may be any sqld or Turso. */
import { createClient, type Client } from "@libsql/client/web";
import type { LibSQLDatabase } from "drizzle-orm/libsql";
import { drizzle } from "drizzle-orm/libsql/web";
import * as schema from "../../db/schema";
import type { DatabaseBindings } from "./env";

export type Database = LibSQLDatabase<typeof schema>;

let cached: { url: string; client: Client; db: Database } | undefined;

/** One client per isolate: the HTTP client is stateless, so sharing it across requests is safe. */
export function openDatabase(env: DatabaseBindings): { db: Database; client: Client } {
  if (cached?.url !== env.DATABASE_URL) {
    const client = createClient({ url: env.DATABASE_URL, authToken: env.DATABASE_AUTH_TOKEN || undefined });
    cached = { url: env.DATABASE_URL, client, db: drizzle(client, { schema }) };
  }
  return { db: cached.db, client: cached.client };
}

export { schema };
