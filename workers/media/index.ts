/**
 * A media process's worker. The supervisor calls `POST /drain` again and again; each call claims
 * and runs jobs from the durable queue (core/media-jobs.ts) until none is due or a time budget is
 * spent, then answers how many it ran. CPU-heavy work lives here, never in the process that
 * serves requests.
 */
import { drainJobs, requeueJobsOf, type JobRunner } from "../core/media-jobs";
import type { Services } from "../core/services";
import { bucketOf } from "../lib/bucket";
import type { MediaBindings } from "../lib/env";
import { runMaintenance, trashRetentionDays } from "../core/maintenance";
import { collectStoredBytes, type CollectorInput } from "../core/collector";
import { eventsThroughEdge, noEvents } from "../lib/events";
import { withOutbox } from "../core/events-outbox";
import { openDatabase } from "../repositories/database";
import { MediaError } from "./errors";
import { mediaLimits } from "./limits";
import { placeValues } from "./place-of";
import { processJob } from "./process-job";

/** One Services value per drain: a fresh database client and bucket, events through the edge. */
function mediaServices(env: MediaBindings): Services {
  const { db } = openDatabase(env);
  const events = withOutbox(eventsThroughEdge(env.EVENTS), db, env.EVENTS_ORIGIN, Date.now);
  return { db, bucket: bucketOf(env), events, now: Date.now };
}

/** Errors that say the file is fine but beyond this Hearth (its format, or the memory budget): `unsupported`. */
const UNSUPPORTED_CODES = new Set(["unsupported_format", "image_too_large", "input_too_large"]);

function runnerFor(env: MediaBindings): JobRunner {
  const limits = mediaLimits(env.MEDIA_MEMORY_MB);
  return {
    run: (services, job, blob) => processJob(services, job, blob, limits),
    isPermanent: (error) => error instanceof MediaError,
    isUnsupported: (error) => error instanceof MediaError && UNSUPPORTED_CODES.has(error.code),
  };
}

let drainInFlight: Promise<{ processed: number; failed: number }> | null = null;

/**
 * One drain at a time per process. Videos stream through JSPI, so the isolate takes other requests
 * while FFmpeg waits for bytes; a second `/drain` (the supervisor retrying after its request timed
 * out during a long transcode) must not start a second FFmpeg beside the first: it waits for the
 * running drain and answers its result.
 */
function drain(env: MediaBindings): Promise<{ processed: number; failed: number }> {
  drainInFlight ??= drainOnce(env).finally(() => {
    drainInFlight = null;
  });
  return drainInFlight;
}

/**
 * A drain that failed (its database went away in the middle of a job) may have left that job
 * leased to this process with nobody working on it: the next drain puts it back in the queue
 * first, rather than leaving it until its lease runs out minutes later.
 */
let lastDrainFailed = false;

async function drainOnce(env: MediaBindings): Promise<{ processed: number; failed: number }> {
  const services = mediaServices(env);
  try {
    if (lastDrainFailed) await requeueJobsOf(services, env.WORKER_NAME);
    lastDrainFailed = false;
    return await drainJobs(services, env.WORKER_NAME, runnerFor(env));
  } catch (error) {
    lastDrainFailed = true;
    throw error;
  }
}

/** Housekeeping (core/maintenance.ts) with this process's database and blob store. */
function maintain(env: MediaBindings) {
  const services = { ...mediaServices(env), events: noEvents };
  return runMaintenance(services, {
    trashRetentionDays: trashRetentionDays(env.TRASH_RETENTION_DAYS),
    namePlace: placeValues,
  });
}

/** The collector's pass over the blob store; the supervisor sends what the kept backups reference. */
async function collect(env: MediaBindings, request: Request) {
  const body = (await request.json()) as Omit<CollectorInput, "spare"> & {
    spare: { keys: string[]; blobIds: string[] } | null;
  };
  const spare = body.spare && { keys: new Set(body.spare.keys), blobIds: new Set(body.spare.blobIds) };
  return collectStoredBytes({ ...mediaServices(env), events: noEvents }, { ...body, spare });
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
    if (pathname === "/collect" && request.method === "POST") return Response.json(await collect(env, request));
    if (pathname === "/health") return Response.json({ status: "ok", worker: env.WORKER_NAME });
    return new Response("not found", { status: 404 });
  },
} satisfies ExportedHandler<MediaBindings>;
