/**
 * The migration runner. Migrations are drizzle-kit's SQL files, applied in journal order, each in
 * one transaction together with the row that records it, so a crash leaves a migration either
 * wholly applied and recorded or not at all. Running it again applies only what is missing.
 */
import type { Client } from "@libsql/client";

export interface Migration {
  /** drizzle-kit's tag, e.g. `0001_media_and_jobs`. */
  tag: string;
  sql: string;
}

export interface MigrationReport {
  applied: string[];
  skipped: string[];
}

const LEDGER = "__hearth_migrations";

/** Splits a drizzle-kit migration into its statements. */
export function statementsOf(migration: Migration): string[] {
  return migration.sql
    .split("--> statement-breakpoint")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** SHA-256 of the migration text, to notice a migration edited after it was applied. */
async function checksumOf(migration: Migration): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(migration.sql));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function ensureLedger(db: Client): Promise<void> {
  await db.execute(
    `CREATE TABLE IF NOT EXISTS ${LEDGER} (tag TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at INTEGER NOT NULL)`,
  );
}

/** The tags already applied, with their checksums. */
export async function appliedMigrations(db: Client): Promise<Map<string, string>> {
  await ensureLedger(db);
  const rows = await db.execute(`SELECT tag, checksum FROM ${LEDGER}`);
  return new Map(rows.rows.map((r) => [String(r.tag), String(r.checksum)]));
}

/** The migrations that are not applied yet, in order. */
export async function pendingMigrations(db: Client, migrations: Migration[]): Promise<Migration[]> {
  const applied = await appliedMigrations(db);
  return migrations.filter((m) => !applied.has(m.tag));
}

/**
 * Applies every pending migration in order. `log` gets one line per migration, applied or
 * skipped. Throws (leaving the failed migration unapplied) on the first error, and refuses to
 * run when an applied migration's text has changed since.
 */
export async function migrate(
  db: Client,
  migrations: Migration[],
  log: (line: string) => void = () => {},
  now: () => number = Date.now,
): Promise<MigrationReport> {
  const applied = await appliedMigrations(db);
  const report: MigrationReport = { applied: [], skipped: [] };
  for (const migration of migrations) {
    const checksum = await checksumOf(migration);
    const recorded = applied.get(migration.tag);
    if (recorded !== undefined) {
      if (recorded !== checksum) {
        throw new Error(`migration ${migration.tag} was changed after it was applied; restore the original file`);
      }
      report.skipped.push(migration.tag);
      log(`migration ${migration.tag} already applied, skipped`);
      continue;
    }
    const started = now();
    await db.batch(
      [
        ...statementsOf(migration),
        {
          sql: `INSERT INTO ${LEDGER} (tag, checksum, applied_at) VALUES (?, ?, ?)`,
          args: [migration.tag, checksum, now()],
        },
      ],
      "write",
    );
    report.applied.push(migration.tag);
    log(`migration ${migration.tag} applied in ${now() - started} ms`);
  }
  return report;
}
