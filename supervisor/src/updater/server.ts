/**
 * The updater's HTTP API, on the stack's internal network only. Every request carries the shared
 * secret (`authorization: Bearer $UPDATER_SECRET`); the app holds it server-side and never hands
 * it to a browser. Shapes are the ones the app's /api/admin/update routes pass on.
 */
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { FINISHED, type Journal, type UpdateRun } from "./journal";
import { RegistryError, type Releases } from "./releases";
import { UpdateError, type UpdateRunner } from "./update-run";
import { CHANNELS, compareReleases, parseRelease, type Channel } from "./versions";

export interface UpdaterContext {
  secret: string;
  channel: Channel;
  journal: Journal;
  runner: UpdateRunner;
  releases: Releases;
  /** Subscribers to run changes, for the event streams. */
  listeners: Set<(run: UpdateRun) => void>;
}

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function statusOf(run: UpdateRun) {
  return {
    update_id: run.update_id,
    kind: run.kind,
    state: run.state,
    phase: run.state,
    progress: run.progress,
    from: run.from ? { tag: run.from.tag, digest: run.from.digest } : null,
    to: { tag: run.to.tag, digest: run.to.digest },
    started_at: run.started_at,
    finished_at: run.finished_at ?? null,
    timings: run.timings,
    backup: run.backup ?? null,
    error: run.error ?? null,
    log_tail: run.log.slice(-30),
  };
}

function authorized(request: IncomingMessage, secret: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1] ?? "");
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function bodyOf(request: IncomingMessage): Promise<Record<string, unknown>> {
  let text = "";
  for await (const chunk of request) text += chunk;
  if (!text) return {};
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // falls through to the 400 below
  }
  throw new HttpProblem(400, "bad_request", "The body must be a JSON object.");
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  response.end(JSON.stringify(body));
}

async function startUpdate(ctx: UpdaterContext, body: Record<string, unknown>) {
  const channel = (body.channel ?? ctx.channel) as Channel;
  if (!CHANNELS.includes(channel))
    throw new HttpProblem(400, "bad_request", `channel must be one of ${CHANNELS.join(", ")}.`);
  const target = body.target_version;
  if (target !== undefined && (typeof target !== "string" || !/^[A-Za-z0-9._-]{1,128}$/.test(target)))
    throw new HttpProblem(400, "bad_request", "target_version must be a tag such as 1.4.0.");
  const current = await ctx.releases.current();
  if (!current) throw new HttpProblem(409, "no_app", "The app container is not there; start the stack first.");
  const tag = (target as string | undefined) ?? (await ctx.releases.newer(channel, current.tag));
  if (!tag) throw new HttpProblem(400, "up_to_date", `Hearth ${current.tag} is the newest ${channel} release.`);
  if (!body.force && parseRelease(tag) && parseRelease(current.tag) && compareReleases(tag, current.tag) <= 0)
    throw new HttpProblem(400, "not_newer", `${tag} is not newer than ${current.tag}; use a rollback, or force.`);
  let to;
  try {
    to = await ctx.releases.resolve(tag);
  } catch (error) {
    if (error instanceof RegistryError && /not in the registry/.test(error.message))
      throw new HttpProblem(400, "unknown_version", `There is no version ${tag} in ${ctx.releases.repository}.`);
    throw new HttpProblem(502, "registry_unreachable", (error as Error).message);
  }
  return ctx.runner.begin("update", to, current);
}

/** A rollback to a version kept locally, restoring the newest backup taken while it ran. */
async function startRollback(
  ctx: UpdaterContext,
  body: Record<string, unknown>,
  findBackup: (tag: string) => Promise<string | undefined>,
) {
  const tag = body.tag;
  if (typeof tag !== "string") throw new HttpProblem(400, "bad_request", "tag is required.");
  const local = (await ctx.releases.local()).find((v) => v.tag === tag);
  if (!local) throw new HttpProblem(400, "unknown_version", `${tag} is not kept on this machine.`);
  const current = await ctx.releases.current();
  if (!current) throw new HttpProblem(409, "no_app", "The app container is not there; start the stack first.");
  const backup = await findBackup(tag);
  if (!backup)
    throw new HttpProblem(
      400,
      "no_backup",
      `No backup was taken while ${tag} ran, so its database cannot be put back; rolling back is refused.`,
    );
  return ctx.runner.begin("rollback", { tag, digest: local.digest, ref: local.image_id }, current, backup);
}

export function updaterServer(ctx: UpdaterContext, findBackup: (tag: string) => Promise<string | undefined>): Server {
  return createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://updater");
    try {
      if (url.pathname === "/health") return send(response, 200, { status: "ok" });
      if (!authorized(request, ctx.secret))
        throw new HttpProblem(401, "unauthorized", "The updater's secret is missing or wrong.");
      const route = `${request.method} ${url.pathname}`;
      const byId = /^\/updates\/([\w-]+)(\/events|\/cancel)?$/.exec(url.pathname);
      if (route === "GET /version") {
        const current = await ctx.releases.current();
        const latest = await ctx.releases.latest(ctx.channel).catch(() => null);
        const history = ctx.journal.history(1)[0];
        const running = ctx.journal.current();
        return send(response, 200, {
          current: current ? { tag: current.tag, digest: current.digest } : null,
          latest,
          channel: ctx.channel,
          update_available: Boolean(
            current && latest && parseRelease(latest.tag) && compareReleases(latest.tag, current.tag) > 0,
          ),
          running: running && !FINISHED.includes(running.state) ? statusOf(running) : null,
          last_update: history ? statusOf(history) : null,
        });
      }
      if (route === "GET /releases") {
        const tags = await ctx.releases.registry.tags().catch(() => [] as string[]);
        return send(response, 200, {
          releases: tags.filter((t) => parseRelease(t)).sort((a, b) => compareReleases(b, a)),
          local: await ctx.releases.local(),
          keep_images: ctx.journal.settings().keep_images,
          history: ctx.journal.history(20).map(statusOf),
        });
      }
      if (route === "POST /updates")
        return send(response, 202, statusOf(await startUpdate(ctx, await bodyOf(request))));
      if (route === "POST /rollback")
        return send(response, 202, statusOf(await startRollback(ctx, await bodyOf(request), findBackup)));
      if (route === "PUT /settings") {
        const keep = (await bodyOf(request)).keep_images;
        if (!Number.isInteger(keep) || (keep as number) < 1 || (keep as number) > 50)
          throw new HttpProblem(400, "bad_request", "keep_images must be a whole number from 1 to 50.");
        ctx.journal.saveSettings({ keep_images: keep as number });
        const pruned = await ctx.releases.prune(keep as number);
        return send(response, 200, { keep_images: keep, pruned });
      }
      if (byId && request.method === "POST" && byId[2] === "/cancel")
        return send(response, 202, statusOf(ctx.runner.cancel(byId[1]!)));
      if (byId && request.method === "GET") {
        const run = ctx.journal.find(byId[1]!);
        if (!run) throw new HttpProblem(404, "not_found", "No such update.");
        if (!byId[2]) return send(response, 200, statusOf(run));
        return streamEvents(ctx, run, request, response);
      }
      throw new HttpProblem(404, "not_found", "No such updater route.");
    } catch (error) {
      if (error instanceof HttpProblem)
        return send(response, error.status, { error: { code: error.code, message: error.message } });
      if (error instanceof UpdateError)
        return send(response, error.status, {
          error: { code: error.status === 409 ? "update_running" : "bad_request", message: error.message },
        });
      send(response, 500, { error: { code: "internal", message: (error as Error).message } });
    }
  });
}

/** Server-sent events: one `phase` event per change of the run, ending with the finished run. */
function streamEvents(ctx: UpdaterContext, run: UpdateRun, request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-store",
    connection: "keep-alive",
  });
  const write = (r: UpdateRun) => {
    response.write(`event: phase\ndata: ${JSON.stringify(statusOf(r))}\n\n`);
    if (FINISHED.includes(r.state)) close();
  };
  const heartbeat = setInterval(() => response.write(": ping\n\n"), 15_000);
  const listener = (r: UpdateRun) => {
    if (r.update_id === run.update_id) write(r);
  };
  const close = () => {
    clearInterval(heartbeat);
    ctx.listeners.delete(listener);
    response.end();
  };
  ctx.listeners.add(listener);
  request.on("close", close);
  write(ctx.journal.find(run.update_id) ?? run);
}
