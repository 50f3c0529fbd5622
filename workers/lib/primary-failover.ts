/**
 * Reaching a replicated database: the primary takes every write and every read that must be
 * current; a read replica (DATABASE_REPLICA_URL) takes reads when the primary cannot be reached.
 *
 * sqld's replica serves reads while its primary is down, but a write sent to it waits for the
 * primary until the client gives up (measured). So writes always go to the primary, and while it
 * is unreachable they fail at once with 503 `database_unavailable` (Retry-After) instead of each
 * request waiting out the query deadline: after one request finds the primary unreachable, the
 * isolate skips it for PRIMARY_RETRY_MS, then one request tries again. Reads keep being answered
 * by the replica meanwhile (what it had replicated, milliseconds behind when the primary went).
 * Nothing acknowledged is lost: a write is acknowledged only after the primary committed it.
 */
import type { Client, InStatement } from "@libsql/client/web";
import { DatabaseUnavailable } from "./errors";

/** How long an isolate sends writes nowhere after finding the primary unreachable (ms). */
export const PRIMARY_RETRY_MS = 3_000;

/** When the primary was last found unreachable, per isolate (a number, never a promise: see database.ts). */
let primaryDownUntil = 0;

/** The database could not be reached at all (refused, timed out), as opposed to busy or erring. */
export class DatabaseUnreachable extends DatabaseUnavailable {}

function unreachable(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++)
    if (e instanceof DatabaseUnreachable) return true;
  return false;
}

const READ = /^\s*(select|pragma|explain)\b/i;
const WITH_READ = /^\s*with\b(?![\s\S]*\b(insert|update|delete|replace)\b)/i;

/** A statement that changes nothing (drizzle's selects; `WITH` without a write). */
export function isRead(statement: InStatement): boolean {
  const sql = typeof statement === "string" ? statement : statement.sql;
  return READ.test(sql) || WITH_READ.test(sql);
}

/**
 * `primary`, with reads answered by `replica` while the primary is unreachable, and writes refused
 * at once (503) in that time. (A single box has no replica and needs neither: its sqld is on
 * loopback, where a stopped one refuses connections at once.)
 */
export function withReplicaFallback(primary: Client, replica: Client): Client {
  const run = async <T>(reads: boolean, onPrimary: () => Promise<T>, onReplica: () => Promise<T>): Promise<T> => {
    if (Date.now() < primaryDownUntil) {
      if (reads) return onReplica();
      throw new DatabaseUnreachable(new Error("the primary database was unreachable moments ago"));
    }
    try {
      return await onPrimary();
    } catch (error) {
      if (!unreachable(error)) throw error;
      primaryDownUntil = Date.now() + PRIMARY_RETRY_MS;
      if (reads) return onReplica();
      throw error;
    }
  };
  const execute = primary.execute.bind(primary);
  const batch = primary.batch.bind(primary);
  return Object.assign(primary, {
    execute: ((...args: Parameters<Client["execute"]>) =>
      run(
        isRead(args[0]),
        () => execute(...args),
        () => replica.execute(...args),
      )) as Client["execute"],
    batch: ((statements: InStatement[], mode?: Parameters<Client["batch"]>[1]) =>
      run(
        statements.every(isRead),
        () => batch(statements, mode),
        () => replica.batch(statements, "read"),
      )) as Client["batch"],
  });
}

/**
 * The replica for staleness-tolerant reads, falling back to the primary when the replica itself
 * cannot be reached (a replica box being restarted must not break listings).
 */
export function replicaFirst(replica: Client, primary: Client): Client {
  const fallback = async <T>(onReplica: () => Promise<T>, onPrimary: () => Promise<T>): Promise<T> => {
    try {
      return await onReplica();
    } catch (error) {
      if (!unreachable(error)) throw error;
      return onPrimary();
    }
  };
  const execute = replica.execute.bind(replica);
  const batch = replica.batch.bind(replica);
  return Object.assign(replica, {
    execute: ((...args: Parameters<Client["execute"]>) =>
      fallback(
        () => execute(...args),
        () => primary.execute(...args),
      )) as Client["execute"],
    batch: ((statements: InStatement[], mode?: Parameters<Client["batch"]>[1]) =>
      fallback(
        () => batch(statements, "read"),
        () => primary.batch(statements, mode),
      )) as Client["batch"],
  });
}
