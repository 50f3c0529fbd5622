/**
 * The durable media job queue's rows: enqueue on upload, claim with a lease, finish or fail, and
 * the media metadata a job produces. The rules (lease length, retries, backoff) are core/media-jobs.ts.
 */
import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
import type { JobKind, ProcessingState } from "@hearth/contract";
import { schema, type Database } from "./database";

const { blobs, files, jobs, media, users } = schema;

export type JobRow = typeof jobs.$inferSelect;
export type JobBlobRow = typeof blobs.$inferSelect;

export function newJob(job: {
  kind: JobKind;
  blobId: string;
  fileId: string;
  ownerId: string;
  now: number;
}): typeof jobs.$inferInsert {
  return { ...job, state: "queued", runAfter: job.now, createdAt: job.now, updatedAt: job.now };
}

/** Fails the running jobs whose lease ran out after their last attempt allowed; their blobs. */
export async function failJobsWithLapsedLastLease(db: Database, now: number, lastError: string): Promise<string[]> {
  const rows = await db
    .update(jobs)
    .set({ state: "failed", lastError, updatedAt: now })
    .where(and(eq(jobs.state, "running"), lt(jobs.lockedUntil, now), gte(jobs.attempts, jobs.maxAttempts)))
    .returning({ blobId: jobs.blobId });
  return rows.map((row) => row.blobId);
}

/**
 * Queues a media job for a blob unless one is already queued or running for it; false when one was.
 * (Two uploads of the same bytes at once may still both queue one: processing twice is harmless.)
 */
export async function enqueueUnlessPending(db: Database, job: Parameters<typeof newJob>[0]): Promise<boolean> {
  const [pending] = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.blobId, job.blobId), sql`${jobs.state} in ('queued','running')`))
    .limit(1);
  if (pending) return false;
  await db.batch([
    db.insert(jobs).values(newJob(job)),
    db
      .insert(media)
      .values({ blobId: job.blobId, state: "pending", stateReason: null, updatedAt: job.now })
      .onConflictDoUpdate({ target: media.blobId, set: { state: "pending", stateReason: null, updatedAt: job.now } }),
  ]);
  return true;
}

/**
 * Leases the next runnable job to `worker` until `lockedUntil`, counting one more attempt:
 * queued and due, or running with a lapsed lease and attempts left; oldest due first. One
 * UPDATE ... RETURNING, so two media processes can never claim the same job.
 */
export async function leaseNextJob(
  db: Database,
  lease: { worker: string; now: number; lockedUntil: number },
): Promise<JobRow | undefined> {
  const { worker, now, lockedUntil } = lease;
  const [row] = await db
    .update(jobs)
    .set({ state: "running", attempts: sql`${jobs.attempts} + 1`, lockedBy: worker, lockedUntil, updatedAt: now })
    .where(
      sql`${jobs.id} = (
        SELECT id FROM jobs
        WHERE (state = 'queued' AND run_after <= ${now})
           OR (state = 'running' AND locked_until < ${now} AND attempts < max_attempts)
        ORDER BY run_after, id LIMIT 1)`,
    )
    .returning();
  return row;
}

/** Moves a running job's lease end to `lockedUntil` (a long step is about to start). */
export async function extendJobLease(db: Database, jobId: number, lockedUntil: number, now: number): Promise<void> {
  await db
    .update(jobs)
    .set({ lockedUntil, updatedAt: now })
    .where(and(eq(jobs.id, jobId), eq(jobs.state, "running")));
}

/**
 * How many jobs leaseNextJob could hand out now (the same condition), counting at most `upTo`:
 * the supervisor asks this every second to know how many media processes to run.
 */
export async function countRunnableJobs(db: Database, now: number, upTo: number): Promise<number> {
  const [row] = await db.all<{ runnable: number }>(sql`
    SELECT count(*) AS runnable FROM (
      SELECT 1 FROM jobs
      WHERE (state = 'queued' AND run_after <= ${now})
         OR (state = 'running' AND locked_until < ${now} AND attempts < max_attempts)
      LIMIT ${upTo})`);
  return Number(row?.runnable ?? 0);
}

export async function markJobDone(db: Database, jobId: number, now: number): Promise<void> {
  await db
    .update(jobs)
    .set({ state: "done", lockedBy: null, lockedUntil: null, lastError: null, updatedAt: now })
    .where(eq(jobs.id, jobId));
}

/** Releases a job's lease after a failed attempt: queued again from `runAfter`, or failed for good. */
export async function releaseFailedJob(
  db: Database,
  jobId: number,
  outcome: { state: "queued" | "failed"; lastError: string; runAfter: number; now: number },
): Promise<void> {
  const { state, lastError, runAfter, now } = outcome;
  await db
    .update(jobs)
    .set({ state, lastError, runAfter, lockedBy: null, lockedUntil: null, updatedAt: now })
    .where(eq(jobs.id, jobId));
}

/**
 * Puts a running job back in the queue from `runAfter` without counting the attempt it was on
 * (its failure was not the file's); false when it was no longer running.
 */
export async function requeueJobUncounted(
  db: Database,
  jobId: number,
  runAfter: number,
  now: number,
): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({
      state: "queued",
      attempts: sql`max(${jobs.attempts} - 1, 0)`,
      runAfter,
      lockedBy: null,
      lockedUntil: null,
      updatedAt: now,
    })
    .where(and(eq(jobs.id, jobId), eq(jobs.state, "running")))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** The blob a job works on; undefined when it was deleted since. */
export async function findJobBlob(db: Database, blobId: string): Promise<JobBlobRow | undefined> {
  const [row] = await db.select().from(blobs).where(eq(blobs.id, blobId)).limit(1);
  return row;
}

export type MediaValues = Omit<typeof media.$inferInsert, "blobId" | "updatedAt">;

export async function saveMedia(db: Database, blobId: string, values: MediaValues, now: number): Promise<void> {
  await db
    .insert(media)
    .values({ blobId, ...values, updatedAt: now })
    .onConflictDoUpdate({ target: media.blobId, set: { ...values, updatedAt: now } });
}

/**
 * Puts back in the queue the running jobs leased to `worker`, or (when it ends with "/") to any
 * worker whose name starts with it; how many.
 */
export async function requeueJobsLeasedBy(db: Database, worker: string, now: number): Promise<number> {
  const holder = worker.endsWith("/")
    ? sql`substr(${jobs.lockedBy}, 1, ${worker.length}) = ${worker}`
    : eq(jobs.lockedBy, worker);
  const rows = await db
    .update(jobs)
    .set({ state: "queued", lockedBy: null, lockedUntil: null, runAfter: now, updatedAt: now })
    .where(and(eq(jobs.state, "running"), holder))
    .returning({ id: jobs.id });
  return rows.length;
}

/** Records where a blob's processing stands (the row is made if the blob has none yet). */
export async function setMediaState(
  db: Database,
  blobId: string,
  state: ProcessingState,
  reason: string | null,
  now: number,
): Promise<void> {
  await db
    .insert(media)
    .values({ blobId, state, stateReason: reason, updatedAt: now })
    .onConflictDoUpdate({ target: media.blobId, set: { state, stateReason: reason, updatedAt: now } });
}

/** The newest job of a blob, whatever its state. */
export async function findLatestJobOfBlob(db: Database, blobId: string): Promise<JobRow | undefined> {
  const [row] = await db.select().from(jobs).where(eq(jobs.blobId, blobId)).orderBy(desc(jobs.id)).limit(1);
  return row;
}

export async function findJob(db: Database, jobId: number): Promise<JobRow | undefined> {
  const [row] = await db.select().from(jobs).where(eq(jobs.id, jobId)).limit(1);
  return row;
}

/** Puts a finished or failed job back in the queue as new: attempts from zero, due now. */
export async function resetJob(db: Database, jobId: number, now: number): Promise<void> {
  await db
    .update(jobs)
    .set({
      state: "queued",
      attempts: 0,
      lastError: null,
      runAfter: now,
      lockedBy: null,
      lockedUntil: null,
      updatedAt: now,
    })
    .where(eq(jobs.id, jobId));
}

export interface AdminJobRow {
  job: JobRow;
  fileName: string | null;
  ownerEmail: string | null;
  ownerName: string | null;
}

/** Jobs in the given states for the admin's list, newest change first. */
export async function listJobsInStates(db: Database, states: JobRow["state"][], limit: number): Promise<AdminJobRow[]> {
  return db
    .select({ job: jobs, fileName: files.name, ownerEmail: users.email, ownerName: users.name })
    .from(jobs)
    .leftJoin(files, eq(files.id, jobs.fileId))
    .leftJoin(users, eq(users.id, jobs.ownerId))
    .where(
      sql`${jobs.state} in (${sql.join(
        states.map((state) => sql`${state}`),
        sql`, `,
      )})`,
    )
    .orderBy(desc(jobs.updatedAt), desc(jobs.id))
    .limit(limit);
}

/** How many jobs are in each state. */
export async function countJobsByState(db: Database): Promise<{ state: JobRow["state"]; count: number }[]> {
  return db
    .select({ state: jobs.state, count: sql<number>`count(*)` })
    .from(jobs)
    .groupBy(jobs.state);
}
