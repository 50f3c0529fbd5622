/**
 * The media job queue's rules. An upload of a photo or video queues a job; a media process claims
 * it with a lease, runs it, and marks it done, or after a failure queues it again with a growing
 * delay until its attempts (the job's max_attempts, 3 unless set) run out. A process that dies
 * holding a job frees it when the lease lapses; a job that lapses on its last attempt has killed
 * its worker every time and fails for good.
 *
 * What running a job means (thumbnails, EXIF, video posters) is the media process's
 * (media/process-job.ts), handed in as a JobRunner: core never imports an isolate's folder.
 */
import type { JobState } from "@hearth/contract";
import { isDatabaseUnavailable } from "../lib/errors";
import {
  countRunnableJobs,
  extendJobLease,
  failJobsWithLapsedLastLease,
  findJobBlob,
  leaseNextJob,
  requeueJobsLeasedBy,
  requeueJobUncounted,
  markJobDone,
  releaseFailedJob,
  setMediaState,
  type JobRow,
} from "../repositories/jobs";
import type { Services } from "./services";

export type { JobRow };

/** How long a claimed job is leased; a process that dies holding it frees it after this. */
export const JOB_LEASE_MS = 10 * 60_000;

/** How long one drain keeps claiming jobs before it answers (the supervisor calls again). */
export const DRAIN_BUDGET_MS = 60_000;

/**
 * The wait before a job whose database went away mid-way (sqld restarting, unreachable) is tried
 * again. That attempt does not count: the file is fine, and three sqld restarts must not fail it.
 */
export const DATABASE_RETRY_MS = 5_000;

/** Failed messages are kept for the admin, not whole stack dumps. */
const MAX_ERROR_LENGTH = 2000;

/** The wait before the next attempt after `attempts` failed ones: 30 s, 2 min, 4.5 min... */
export function retryDelayMs(attempts: number): number {
  return 30_000 * attempts * attempts;
}

/** Leases the next due job to `worker`, after failing for good the jobs that kept killing their worker. */
export async function claimNextJob(services: Services, worker: string): Promise<JobRow | undefined> {
  const now = services.now();
  for (const blobId of await failJobsWithLapsedLastLease(services.db, now, LAPSED_REASON))
    await setMediaState(services.db, blobId, "failed", LAPSED_REASON, now);
  const job = await leaseNextJob(services.db, { worker, now, lockedUntil: now + JOB_LEASE_MS });
  if (job) await setMediaState(services.db, job.blobId, "processing", null, now);
  return job;
}

/**
 * Keeps a job leased for `ms` more (at least JOB_LEASE_MS) before a step that may outlast the
 * lease, such as transcoding a long video: another process must not take it over meanwhile.
 */
export async function extendLease(services: Services, job: JobRow, ms: number): Promise<void> {
  const now = services.now();
  await extendJobLease(services.db, job.id, now + Math.max(JOB_LEASE_MS, ms), now);
}

const LAPSED_REASON = "the media process stopped while working on it, too many times";

export async function finishJob(services: Services, job: JobRow): Promise<void> {
  const now = services.now();
  await markJobDone(services.db, job.id, now);
  await setMediaState(services.db, job.blobId, "ready", null, now);
}

/**
 * Records a failed attempt: the job is queued again after retryDelayMs, or failed for good when
 * the error is permanent (the file cannot be processed, however often it is tried) or this was
 * its last attempt.
 */
export async function failJob(
  services: Services,
  job: JobRow,
  error: string,
  permanent: boolean,
  unsupported = false,
): Promise<"retry" | "failed"> {
  const now = services.now();
  const state: JobState = permanent || job.attempts >= job.maxAttempts ? "failed" : "queued";
  const lastError = error.slice(0, MAX_ERROR_LENGTH);
  await releaseFailedJob(services.db, job.id, { state, lastError, runAfter: now + retryDelayMs(job.attempts), now });
  if (state === "failed")
    await setMediaState(services.db, job.blobId, unsupported ? "unsupported" : "failed", lastError, now);
  else await setMediaState(services.db, job.blobId, "pending", null, now);
  return state === "failed" ? "failed" : "retry";
}

/** The blob a job works on, as the runner needs it. */
export interface BlobToProcess {
  key: string;
  size: number;
  mime: string;
}

/** How a media process runs one job. */
export interface JobRunner {
  /** Runs the job to completion or throws. */
  run(services: Services, job: JobRow, blob: BlobToProcess): Promise<void>;
  /** True for an error no retry can fix (an unreadable file), false for one worth another try. */
  isPermanent(error: unknown): boolean;
  /** True when the file is fine but this Hearth cannot process it (format, size): shown as `unsupported`. */
  isUnsupported?(error: unknown): boolean;
}

/**
 * Claims and runs jobs until none is due or `budgetMs` is spent. A job that fails for good is
 * reported to its owner's tabs as `job.progress` with state `failed`.
 */
export async function drainJobs(
  services: Services,
  worker: string,
  runner: JobRunner,
  budgetMs = DRAIN_BUDGET_MS,
): Promise<{ processed: number; failed: number }> {
  const started = services.now();
  let processed = 0;
  let failed = 0;
  while (services.now() - started < budgetMs) {
    const job = await claimNextJob(services, worker);
    if (!job) break;
    processed++;
    const blob = await findJobBlob(services.db, job.blobId);
    if (!blob) {
      await failJob(services, job, "the file was deleted before it was processed", true);
      failed++;
      continue;
    }
    try {
      const mime = blob.mime ?? "application/octet-stream";
      await runner.run(services, job, { key: blob.key, size: blob.size, mime });
      await finishJob(services, job);
      console.log(`job ${job.id} (${job.kind}) done`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (isDatabaseUnavailable(error)) {
        // Throws if the database is still away: the drain fails, and the media process returns
        // this job to the queue before its next drain (media/index.ts).
        const now = services.now();
        await requeueJobUncounted(services.db, job.id, now + DATABASE_RETRY_MS, now);
        console.warn(`job ${job.id} (${job.kind}) waits for the database: ${message}`);
        break;
      }
      const unsupported = runner.isUnsupported?.(error) ?? false;
      const outcome = await failJob(services, job, message, runner.isPermanent(error), unsupported);
      failed++;
      console.warn(`job ${job.id} (${job.kind}) failed (${outcome}): ${message}`);
      if (outcome === "failed") {
        const { ownerId, fileId, kind } = job;
        const state: JobState = "failed";
        await services.events.publish(ownerId, { type: "job.progress", fileId, job: kind, state, progress: 1 });
      }
    }
  }
  return { processed, failed };
}

/**
 * Jobs a media process held when it stopped (crashed, or Hearth was stopped) go back to the queue
 * at once rather than waiting for their lease to run out. `worker` names the process
 * (`<host>/media-1`), or every media process of a host when it ends with "/" (`<host>/`).
 */
export function requeueJobsOf(services: Pick<Services, "db" | "now">, worker: string): Promise<number> {
  return requeueJobsLeasedBy(services.db, worker, services.now());
}

/** How many jobs a media process could claim now, counting at most `upTo` (the supervisor sizes its pool by it). */
export function runnableJobCount(services: Pick<Services, "db" | "now">, upTo: number): Promise<number> {
  return countRunnableJobs(services.db, services.now(), upTo);
}
