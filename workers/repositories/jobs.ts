/** The durable media job queue: enqueue on upload, claim with a lease, finish or retry. */
import { and, eq, sql } from "drizzle-orm";
import type { JobKind } from "@hearth/contract";
import { schema, type Database } from "./database";

const { jobs, media } = schema;

export type JobRow = typeof jobs.$inferSelect;

/** How long a claimed job is leased; a process that dies holding it frees it after this. */
export const LEASE_MS = 10 * 60_000;

export function newJob(job: { kind: JobKind; blobId: string; fileId: string; ownerId: string; now: number }): typeof jobs.$inferInsert {
  return { ...job, state: "queued", runAfter: job.now, createdAt: job.now, updatedAt: job.now };
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
  await db.insert(jobs).values(newJob(job));
  return true;
}

/**
 * Claims the next runnable job for `worker`: queued and due, or running with a lease that ran
 * out. One UPDATE ... RETURNING, so two media processes can never claim the same job.
 */
export async function claimNextJob(db: Database, worker: string, now: number): Promise<JobRow | undefined> {
  // Jobs whose lease ran out after their last attempt have crashed their worker every time: give up.
  await db
    .update(jobs)
    .set({ state: "failed", lastError: "the media process stopped while working on it, too many times", updatedAt: now })
    .where(and(eq(jobs.state, "running"), sql`${jobs.lockedUntil} < ${now}`, sql`${jobs.attempts} >= ${jobs.maxAttempts}`));
  const rows = await db.all<Record<string, unknown>>(sql`
    UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_by = ${worker},
      locked_until = ${now + LEASE_MS}, updated_at = ${now}
    WHERE id = (
      SELECT id FROM jobs
      WHERE (state = 'queued' AND run_after <= ${now})
         OR (state = 'running' AND locked_until < ${now} AND attempts < max_attempts)
      ORDER BY run_after, id LIMIT 1)
    RETURNING id`);
  const id = rows[0]?.id;
  if (id === undefined) return undefined;
  return db.query.jobs.findFirst({ where: eq(jobs.id, Number(id)) });
}

export async function finishJob(db: Database, jobId: number, now: number): Promise<void> {
  await db.update(jobs).set({ state: "done", lockedBy: null, lockedUntil: null, lastError: null, updatedAt: now }).where(eq(jobs.id, jobId));
}

/** Retries later with a growing delay, or fails for good when the error is permanent or attempts ran out. */
export async function failJob(db: Database, job: JobRow, error: string, permanent: boolean, now: number): Promise<"retry" | "failed"> {
  const final = permanent || job.attempts >= job.maxAttempts;
  await db
    .update(jobs)
    .set({
      state: final ? "failed" : "queued",
      lastError: error.slice(0, 2000),
      runAfter: now + 30_000 * job.attempts * job.attempts,
      lockedBy: null,
      lockedUntil: null,
      updatedAt: now,
    })
    .where(eq(jobs.id, job.id));
  return final ? "failed" : "retry";
}

export type MediaValues = Omit<typeof media.$inferInsert, "blobId" | "updatedAt">;

export async function saveMedia(db: Database, blobId: string, values: MediaValues, now: number): Promise<void> {
  await db
    .insert(media)
    .values({ blobId, ...values, updatedAt: now })
    .onConflictDoUpdate({ target: media.blobId, set: { ...values, updatedAt: now } });
}
