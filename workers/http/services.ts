/** Builds the one Services value a request's rules work with (core/services.ts), once per request. */
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { Services } from "../core/services";
import { bucketOf } from "../lib/bucket";
import type { BlobBindings, CommonBindings } from "../lib/env";
import { eventsThroughNamespace } from "../lib/events";
import { withOutbox } from "../core/events-outbox";
import { openDatabase } from "../repositories/database";
import { collectThroughHost, diskStatusOf } from "../lib/host-status";

export type ServicesBindings = CommonBindings & BlobBindings & { USER_EVENTS: DurableObjectNamespace };
export type ServicesVariables = { services: Services };

/**
 * With a read replica: the cookie that marks a browser as having changed something moments ago,
 * holding when (this server's clock, ms). While it is younger than RECENT_WRITE_MS that browser's
 * listings read the primary, so it sees its own change (a replica lags 2–4 ms typically, up to
 * ~140 ms measured at p99, and missed the writer's own write 3–27% of the time right after it).
 */
export const RECENT_WRITE_COOKIE = "hearth_wrote";
export const RECENT_WRITE_MS = 10_000;

/**
 * `staleReads`: this request's listings may come from the read replica (DATABASE_REPLICA_URL);
 * false (the default) gives `readDb` = `db`, for WebDAV clients and anything that syncs.
 */
export function servicesFor(env: ServicesBindings, options: { staleReads?: boolean } = {}): Services {
  const { db, replica } = openDatabase(env);
  return {
    db,
    readDb: options.staleReads && replica ? replica : db,
    bucket: bucketOf(env),
    events: withOutbox(eventsThroughNamespace(env.USER_EVENTS), db, env.EVENTS_ORIGIN, Date.now),
    now: Date.now,
    disk: () => diskStatusOf(env.HOST_STATUS),
    collectNow: () => collectThroughHost(env.HOST_STATUS),
  };
}

function wroteRecently(c: Context, now: number): boolean {
  const at = Number(getCookie(c, RECENT_WRITE_COOKIE));
  return Number.isFinite(at) && now - at >= 0 && now - at < RECENT_WRITE_MS;
}

const CHANGES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Sets `c.var.services` for the handlers after it. A database client and bucket are made per
 * request, never shared. With a replica, a change that succeeded marks the browser (above).
 */
export const provideServices: MiddlewareHandler<{ Bindings: ServicesBindings; Variables: ServicesVariables }> = async (
  c,
  next,
) => {
  const replicated = Boolean(c.env.DATABASE_REPLICA_URL);
  const now = Date.now();
  c.set("services", servicesFor(c.env, { staleReads: replicated && !wroteRecently(c, now) }));
  await next();
  if (replicated && CHANGES.has(c.req.method) && c.res.status < 400) {
    // A response from the upload isolate has immutable headers: copy it to add the cookie.
    const response = new Response(c.res.body, c.res);
    const secure = c.env.PUBLIC_URL.startsWith("https:") ? "; Secure" : "";
    response.headers.append(
      "set-cookie",
      `${RECENT_WRITE_COOKIE}=${Date.now()}; Max-Age=${RECENT_WRITE_MS / 1000}; Path=/; HttpOnly; SameSite=Lax${secure}`,
    );
    c.res = undefined;
    c.res = response;
  }
};
