/**
 * The stored-bytes collector: removes objects in the blob store that no record references, so a
 * crash between writing bytes and recording them (or between forgetting a record and deleting its
 * bytes) never leaves bytes behind for good. Run on start, hourly and on demand by the supervisor
 * (supervisor/src/collector/), which also removes half-written files the store cannot list and
 * tells this rule which bytes the kept backups reference.
 *
 * What is never removed:
 * - anything younger than `minAgeMs` (default 24 h, by the time the store committed it): an upload
 *   writes its bytes first and records them a moment later, and a resumable upload's chunks and
 *   target key are recorded in `uploads` until it finishes;
 * - bytes a kept backup references (`spare`): restoring any kept backup gives back every file;
 * - everything, when a kept backup's references could not be read (`spare` null): unknown is kept.
 */
import type { CollectorRun } from "@hearth/contract";
import { STORED_PREFIXES, storedKeyOf } from "../lib/blob-keys";
import { forgetUnusedBlobs } from "../repositories/blobs";
import {
  existingBlobIds,
  existingUploadIds,
  readLastCollectorRun,
  readNewestBackupAt,
  referencedOriginalKeys,
  unusedBlobIdsCreatedBefore,
  writeLastCollectorRun,
  writeNewestBackupAt,
} from "../repositories/collector";
import { HttpError } from "../lib/errors";
import type { Services } from "./services";

/** Blob keys and ids some kept backup references (its `blobs` rows); null when unknown. */
export interface BackupReferences {
  keys: ReadonlySet<string>;
  blobIds: ReadonlySet<string>;
}

export interface CollectorInput {
  minAgeMs: number;
  spare: BackupReferences | null;
  /** What the supervisor already did on the filesystem, recorded with this run. */
  partialFilesRemoved?: number;
  partialBytesRemoved?: number;
  backupsPruned?: number;
  /** A problem the supervisor met before calling (e.g. an unreadable backup), for the admin. */
  problem?: string | null;
}

const PAGE = 500;
const UNUSED_BLOBS_BATCH = 500;

interface Tally {
  objectsRemoved: number;
  bytesRemoved: number;
  keptForBackups: number;
}

/** Runs one pass over the store, records it as the last run and returns it. */
export async function collectStoredBytes(services: Services, input: CollectorInput): Promise<CollectorRun> {
  const startedAt = services.now();
  const cutoff = startedAt - input.minAgeMs;
  const tally: Tally = { objectsRemoved: 0, bytesRemoved: 0, keptForBackups: 0 };
  const problems = input.problem ? [input.problem] : [];
  // Blob rows no file uses (a crash after the file went, before its blob row did) go first, so their bytes follow below.
  await forgetLongUnusedBlobs(services, cutoff);
  for (const prefix of STORED_PREFIXES) {
    if (input.spare === null && prefix !== "tus/") continue;
    let cursor: string | undefined;
    do {
      const page = await services.bucket.list({ prefix, cursor, limit: PAGE });
      await collectPage(services, page.objects, cutoff, input.spare, tally);
      cursor = page.truncated ? page.cursor : undefined;
    } while (cursor);
  }
  if (input.spare === null)
    problems.push("A kept backup's list of files could not be read, so no photo or file bytes were removed.");
  const run: CollectorRun = {
    startedAt: new Date(startedAt).toISOString(),
    finishedAt: new Date(services.now()).toISOString(),
    ...tally,
    partialFilesRemoved: input.partialFilesRemoved ?? 0,
    partialBytesRemoved: input.partialBytesRemoved ?? 0,
    backupsPruned: input.backupsPruned ?? 0,
    problem: problems.length ? problems.join(" ") : null,
  };
  await writeLastCollectorRun(services.db, run);
  return run;
}

/** The objects of one listing page that nothing references, removed. */
async function collectPage(
  services: Services,
  objects: R2Object[],
  cutoff: number,
  spare: BackupReferences | null,
  tally: Tally,
): Promise<void> {
  const old = objects.filter((o) => o.uploaded.getTime() < cutoff);
  const parsed = old.map((object) => ({ object, stored: storedKeyOf(object.key) }));
  const originals = parsed.filter((p) => p.stored?.kind === "original").map((p) => p.object.key);
  const blobIds = parsed.flatMap((p) => (p.stored?.kind === "derived" ? [p.stored.blobId] : []));
  const uploadIds = parsed.flatMap((p) => (p.stored?.kind === "tus-chunk" ? [p.stored.uploadId] : []));
  const [keysInUse, blobsInUse, uploadsInUse] = await Promise.all([
    referencedOriginalKeys(services.db, originals),
    existingBlobIds(services.db, [...new Set(blobIds)]),
    existingUploadIds(services.db, [...new Set(uploadIds)]),
  ]);
  const doomed: R2Object[] = [];
  for (const { object, stored } of parsed) {
    if (!stored) continue; // not Hearth's layout: someone else's, left alone
    if (stored.kind === "original" && !keysInUse.has(object.key)) {
      if (spare?.keys.has(object.key)) tally.keptForBackups++;
      else doomed.push(object);
    } else if (stored.kind === "derived" && !blobsInUse.has(stored.blobId)) {
      if (spare?.blobIds.has(stored.blobId)) tally.keptForBackups++;
      else doomed.push(object);
    } else if (stored.kind === "tus-chunk" && !uploadsInUse.has(stored.uploadId)) {
      doomed.push(object);
    }
  }
  if (doomed.length === 0) return;
  await services.bucket.delete(doomed.map((o) => o.key));
  tally.objectsRemoved += doomed.length;
  tally.bytesRemoved += doomed.reduce((sum, o) => sum + o.size, 0);
}

async function forgetLongUnusedBlobs(services: Services, cutoff: number): Promise<void> {
  for (;;) {
    const ids = await unusedBlobIdsCreatedBefore(services.db, cutoff, UNUSED_BLOBS_BATCH);
    if (ids.length === 0) return;
    await forgetUnusedBlobs(services.db, ids);
    if (ids.length < UNUSED_BLOBS_BATCH) return;
  }
}

/** "Clean up now" in Admin → Storage: the host runs the collector (both halves) and its run comes back. */
export async function collectNow(services: Pick<Services, "collectNow">): Promise<CollectorRun> {
  const run = services.collectNow ? await services.collectNow() : null;
  if (!run)
    throw new HttpError(
      503,
      "collector_unavailable",
      "Hearth could not run the clean-up just now. Try again in a minute.",
    );
  return run;
}

/** The last run, for Admin → Storage. */
export function lastCollectorRun(services: Pick<Services, "db">): Promise<CollectorRun | null> {
  return readLastCollectorRun(services.db);
}

/** Notes when the newest kept backup was taken (the supervisor, after each backup and at start). */
export function noteNewestBackup(services: Pick<Services, "db">, takenAt: number | null): Promise<void> {
  return writeNewestBackupAt(services.db, takenAt);
}

/**
 * Whether a blob's bytes may be deleted the moment its last file goes: only when no kept backup
 * can reference it, that is when it was created after the newest one. Otherwise the collector
 * removes them once the last backup that holds them is pruned.
 */
export async function bytesFreeOfBackups(
  services: Pick<Services, "db">,
): Promise<(blob: { createdAt: number }) => boolean> {
  const newest = await readNewestBackupAt(services.db);
  return (blob) => newest === null || blob.createdAt > newest;
}
