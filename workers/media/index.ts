/**
 * A media process's worker. The supervisor calls `POST /drain` again and again; each call claims
 * and runs jobs from the durable queue until none is due (or a time budget is spent), then
 * answers how many it ran. CPU-heavy work lives here, never in the process that serves requests.
 */
import { eq } from "drizzle-orm";
import { bucketOf } from "../lib/bucket";
import { openDatabase, schema } from "../repositories/database";
import type { MediaBindings } from "../lib/env";
import { eventsThroughEdge, noEvents, type EventSink } from "../lib/events";
import { claimNextJob, failJob, finishJob } from "../repositories/jobs";
import { runMaintenance, trashRetentionDays } from "../core/maintenance";
import { processJob } from "./process-job";
import { MediaError } from "./errors";

const DRAIN_BUDGET_MS = 60_000;

async function drain(env: MediaBindings): Promise<{ processed: number; failed: number }> {
  const { db } = openDatabase(env);
  const bucket = bucketOf(env);
  const events: EventSink = eventsThroughEdge(env.EVENTS);
  const started = Date.now();
  let processed = 0;
  let failed = 0;
  while (Date.now() - started < DRAIN_BUDGET_MS) {
    const job = await claimNextJob(db, env.WORKER_NAME, Date.now());
    if (!job) break;
    processed++;
    const blob = await db.query.blobs.findFirst({ where: eq(schema.blobs.id, job.blobId) });
    if (!blob) {
      await failJob(db, job, "the file was deleted before it was processed", true, Date.now());
      continue;
    }
    try {
      await processJob(job, { key: blob.key, size: blob.size, mime: blob.mime ?? "application/octet-stream" }, { db, bucket, events, now: Date.now });
      await finishJob(db, job.id, Date.now());
      console.log(`job ${job.id} (${job.kind}) done`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const outcome = await failJob(db, job, message, error instanceof MediaError, Date.now());
      failed++;
      console.warn(`job ${job.id} (${job.kind}) failed (${outcome}): ${message}`);
      if (outcome === "failed") {
        await events.publish(job.ownerId, { type: "job.progress", fileId: job.fileId, job: job.kind, state: "failed", progress: 1 });
      }
    }
  }
  return { processed, failed };
}

/** Housekeeping (core/maintenance.ts) with this process's database and blob store. */
function maintain(env: MediaBindings) {
  const services = { db: openDatabase(env).db, bucket: bucketOf(env), events: noEvents, now: Date.now };
  return runMaintenance(services, { trashRetentionDays: trashRetentionDays(env.TRASH_RETENTION_DAYS) });
}

export default {
  /** On Cloudflare a cron trigger drains the queue; under Hearth's supervisor, `POST /drain` does. */
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(drain(env));
    if (new Date(controller.scheduledTime).getUTCMinutes() === 0) ctx.waitUntil(maintain(env));
  },
  async fetch(request: Request, env: MediaBindings): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname === "/drain" && request.method === "POST") return Response.json(await drain(env));
    if (pathname === "/maintenance" && request.method === "POST") return Response.json(await maintain(env));
    if (pathname === "/health") return Response.json({ status: "ok", worker: env.WORKER_NAME });
    return new Response("not found", { status: 404 });
  },
} satisfies ExportedHandler<MediaBindings>;
