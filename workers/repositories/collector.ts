/**
 * What the stored-bytes collector (core/collector.ts) asks of the database: which of the keys and
 * ids it found in the store a record still references, the blobs no file uses any more, and where
 * it keeps its last run and the time of the newest kept backup (two rows of `settings`).
 */
import type { CollectorRun } from "@hearth/contract";
import { and, eq, inArray, lt, notExists, sql } from "drizzle-orm";
import { schema, type Database } from "./database";

const { blobs, files, settings, uploads } = schema;

const LAST_RUN_KEY = "collector.lastRun";
const NEWEST_BACKUP_KEY = "backups.newestAt";

/** The original keys among `keys` that a blob row or an unfinished upload (its target key) holds. */
export async function referencedOriginalKeys(db: Database, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const [fromBlobs, fromUploads] = await Promise.all([
    db.select({ key: blobs.key }).from(blobs).where(inArray(blobs.key, keys)),
    db.select({ key: uploads.blobKey }).from(uploads).where(inArray(uploads.blobKey, keys)),
  ]);
  return new Set([...fromBlobs, ...fromUploads].map((r) => r.key));
}

/** Every blob's id and key (a database about to be set aside by a restore lists what it references). */
export async function allBlobReferences(db: Database): Promise<{ id: string; key: string }[]> {
  return db.select({ id: blobs.id, key: blobs.key }).from(blobs);
}

/** The blob ids among `ids` that still have a row. */
export async function existingBlobIds(db: Database, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.select({ id: blobs.id }).from(blobs).where(inArray(blobs.id, ids));
  return new Set(rows.map((r) => r.id));
}

/** The resumable uploads among `ids` that still have a row. */
export async function existingUploadIds(db: Database, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.select({ id: uploads.id }).from(uploads).where(inArray(uploads.id, ids));
  return new Set(rows.map((r) => r.id));
}

/** Blobs created before `cutoff` that no file (trash included) uses: left by a crash between two writes. */
export async function unusedBlobIdsCreatedBefore(db: Database, cutoff: number, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: blobs.id })
    .from(blobs)
    .where(
      and(
        lt(blobs.createdAt, cutoff),
        notExists(
          db
            .select({ one: sql`1` })
            .from(files)
            .where(eq(files.blobId, blobs.id)),
        ),
      ),
    )
    .limit(limit);
  return rows.map((r) => r.id);
}

async function readSetting<T>(db: Database, key: string): Promise<T | null> {
  const row = await db.query.settings.findFirst({ where: eq(settings.key, key) });
  return row ? (JSON.parse(row.value) as T) : null;
}

async function writeSetting(db: Database, key: string, value: unknown): Promise<void> {
  await db
    .insert(settings)
    .values({ key, value: JSON.stringify(value) })
    .onConflictDoUpdate({ target: settings.key, set: { value: sql`excluded.value` } });
}

export const readLastCollectorRun = (db: Database) => readSetting<CollectorRun>(db, LAST_RUN_KEY);
export const writeLastCollectorRun = (db: Database, run: CollectorRun) => writeSetting(db, LAST_RUN_KEY, run);

/** When the newest kept backup was taken (epoch ms); null when none is kept. */
export const readNewestBackupAt = (db: Database) => readSetting<number>(db, NEWEST_BACKUP_KEY);
export const writeNewestBackupAt = (db: Database, at: number | null) => writeSetting(db, NEWEST_BACKUP_KEY, at);
