/**
 * The collector's Node half and its schedule: on start and every hour (and when an admin presses
 * "Clean up now", through the host-status endpoint) it prunes backups beyond what is kept,
 * removes stale partial files (partials.ts), reads what the kept backups reference
 * (backup-references.ts), and has a media process run the rule over the blob store
 * (`POST /collect`, workers/core/collector.ts), which records the run for Admin → Storage.
 */
import type { CollectorRun } from "@hearth/contract";
import { pruneBackups } from "../backups/retention";
import { referencesOfKeptBackups } from "./backup-references";
import { removePartials } from "./partials";

export interface CollectorOptions {
  dataDir: string;
  backupKeep: number;
  minAgeMs: number;
  /** Runs `task` with the address of a media process (started for it if none runs), kept alive until the task ends. */
  withMediaProcess: <T>(task: (url: string) => Promise<T>) => Promise<T>;
}

const EVERY_MS = 3600_000;
/** The run at start waits this long, so it does not compete with the first requests. */
const FIRST_DELAY_MS = 5_000;

/** What the media process's `/collect` route takes (the JSON of core's CollectorInput). */
export interface CollectRequest {
  minAgeMs: number;
  spare: { keys: string[]; blobIds: string[] } | null;
  partialFilesRemoved: number;
  partialBytesRemoved: number;
  backupsPruned: number;
  problem: string | null;
}

let running: Promise<CollectorRun> | undefined;

/** Runs the collector once; a call while one runs joins it. */
export function runCollector(options: CollectorOptions): Promise<CollectorRun> {
  running ??= collectOnce(options).finally(() => (running = undefined));
  return running;
}

async function collectOnce(options: CollectorOptions): Promise<CollectorRun> {
  const startedAt = new Date();
  const pruned = pruneBackups(options.dataDir, options.backupKeep);
  const partials = await removePartials(options.dataDir, startedAt.getTime() - options.minAgeMs);
  const kept = await referencesOfKeptBackups(options.dataDir);
  const request: CollectRequest = {
    minAgeMs: options.minAgeMs,
    spare: "unreadable" in kept ? null : { keys: [...kept.references.keys], blobIds: [...kept.references.blobIds] },
    partialFilesRemoved: partials.files,
    partialBytesRemoved: partials.bytes,
    backupsPruned: pruned.length,
    problem: "unreadable" in kept ? `The backup ${kept.unreadable} lists no files Hearth can read.` : null,
  };
  const response = await options
    .withMediaProcess(async (url) => {
      const answer = await fetch(`${url}/collect`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(request),
      });
      // Read inside the task: the process is kept alive only until it ends.
      return { ok: answer.ok, status: answer.status, text: await answer.text() };
    })
    .catch((error: Error) => error);
  if (!(response instanceof Error) && response.ok) return JSON.parse(response.text) as CollectorRun;
  const why = response instanceof Error ? response.message : `HTTP ${response.status}: ${response.text}`;
  return {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    objectsRemoved: 0,
    bytesRemoved: 0,
    partialFilesRemoved: partials.files,
    partialBytesRemoved: partials.bytes,
    keptForBackups: 0,
    backupsPruned: pruned.length,
    problem: `The blob store was not checked (${why}).`,
  };
}

export interface CollectorSchedule {
  stop: () => void;
}

/** Runs the collector soon after start and then every hour, logging what each run removed. */
export function scheduleCollector(options: CollectorOptions, log: (line: string) => void): CollectorSchedule {
  const run = async () => {
    try {
      const done = await runCollector(options);
      const removed = done.objectsRemoved + done.partialFilesRemoved + done.backupsPruned;
      if (removed > 0 || done.problem)
        log(
          `collector: removed ${done.objectsRemoved} unreferenced object(s) (${done.bytesRemoved} bytes), ` +
            `${done.partialFilesRemoved} partial file(s) (${done.partialBytesRemoved} bytes), ${done.backupsPruned} old backup(s); ` +
            `kept ${done.keptForBackups} for backups${done.problem ? `; ${done.problem}` : ""}`,
        );
    } catch (error) {
      log(`collector failed: ${(error as Error).message}`);
    }
  };
  const first = setTimeout(() => void run(), FIRST_DELAY_MS);
  const every = setInterval(() => void run(), EVERY_MS);
  first.unref();
  every.unref();
  return {
    stop: () => {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}
