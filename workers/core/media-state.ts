/**
 * A photo's or video's processing as its owner and the admin see it: "Try again" on a file whose
 * processing failed, and Admin → Jobs (the queue, the failures, retry). The queue's own rules
 * (claiming, leases, retries) are core/media-jobs.ts; the state itself lives in the media row.
 */
import type { AdminJob, AdminJobListResponse, FileItem, JobState } from "@hearth/contract";
import { badRequest, notFound } from "../lib/errors";
import { mediaJobKind } from "../lib/mime";
import { findMediaOf } from "../repositories/blobs";
import {
  countJobsByState,
  enqueueUnlessPending,
  findJob,
  findLatestJobOfBlob,
  listJobsInStates,
  resetJob,
  setMediaState,
  type AdminJobRow,
} from "../repositories/jobs";
import { getOwnedItem } from "./drive";
import { toFileItem } from "./presenter";
import type { Services } from "./services";

/** How many queued/running and failed jobs Admin → Jobs shows. */
const ADMIN_LIST_LIMIT = 200;

/**
 * Queues one of the owner's photos or videos to be processed again ("Try again"). A file already
 * waiting or being processed is left as it is; anything but a photo or video is a 400.
 */
export async function reprocessFile(services: Services, ownerId: string, fileId: string): Promise<FileItem> {
  const { db } = services;
  const { file, blob } = await getOwnedItem(services, ownerId, fileId);
  const kind = file.mime ? mediaJobKind(file.mime) : null;
  if (file.kind !== "file" || !blob || !kind) {
    throw badRequest("not_media", "Only photos and videos are processed; this file has nothing to try again.");
  }
  const now = services.now();
  const latest = await findLatestJobOfBlob(db, blob.id);
  if (latest && latest.state !== "queued" && latest.state !== "running") {
    await resetJob(db, latest.id, now);
    await setMediaState(db, blob.id, "pending", null, now);
  } else if (!latest) {
    await enqueueUnlessPending(db, { kind, blobId: blob.id, fileId: file.id, ownerId, now });
  }
  const media = (await findMediaOf(db, blob.id)) ?? null;
  const item = toFileItem(file, blob, media);
  await services.events.publish(ownerId, {
    type: "job.progress",
    fileId: file.id,
    job: kind,
    state: "queued",
    progress: 0,
  });
  return item;
}

function toAdminJob(row: AdminJobRow): AdminJob {
  const { job } = row;
  return {
    id: job.id,
    fileId: job.fileId,
    fileName: row.fileName,
    ownerId: job.ownerId,
    ownerName: row.ownerName ?? row.ownerEmail,
    kind: job.kind,
    state: job.state,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    lastError: job.lastError,
    updatedAt: new Date(job.updatedAt).toISOString(),
  };
}

/** Admin → Jobs: counts by state, what is queued or running, and the failures, newest first. */
export async function listJobsForAdmin(services: Pick<Services, "db">): Promise<AdminJobListResponse> {
  const counts: Record<JobState, number> = { queued: 0, running: 0, done: 0, failed: 0 };
  for (const { state, count } of await countJobsByState(services.db)) counts[state] = Number(count);
  const queue = await listJobsInStates(services.db, ["queued", "running"], ADMIN_LIST_LIMIT);
  const failures = await listJobsInStates(services.db, ["failed"], ADMIN_LIST_LIMIT);
  return { counts, queue: queue.map(toAdminJob), failures: failures.map(toAdminJob) };
}

/** Admin retry of a failed job: queued again as new (attempts from zero). 404 unknown, 400 not failed. */
export async function retryJobAsAdmin(services: Pick<Services, "db" | "now">, jobId: number): Promise<void> {
  const job = Number.isSafeInteger(jobId) ? await findJob(services.db, jobId) : undefined;
  if (!job) throw notFound("No such job.");
  if (job.state !== "failed") throw badRequest("not_failed", "Only a failed job can be retried.");
  const now = services.now();
  await resetJob(services.db, job.id, now);
  await setMediaState(services.db, job.blobId, "pending", null, now);
}
