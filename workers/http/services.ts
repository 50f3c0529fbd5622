/** Builds the one Services value a request's rules work with (core/services.ts), once per request. */
import type { MiddlewareHandler } from "hono";
import type { Services } from "../core/services";
import { bucketOf } from "../lib/bucket";
import type { BlobBindings, CommonBindings } from "../lib/env";
import { eventsThroughNamespace } from "../lib/events";
import { openDatabase } from "../repositories/database";
import { collectThroughHost, diskStatusOf } from "../lib/host-status";

export type ServicesBindings = CommonBindings & BlobBindings & { USER_EVENTS: DurableObjectNamespace };
export type ServicesVariables = { services: Services };

export function servicesFor(env: ServicesBindings): Services {
  return {
    db: openDatabase(env).db,
    bucket: bucketOf(env),
    events: eventsThroughNamespace(env.USER_EVENTS),
    now: Date.now,
    disk: () => diskStatusOf(env.HOST_STATUS),
    collectNow: () => collectThroughHost(env.HOST_STATUS),
  };
}

/** Sets `c.var.services` for the handlers after it. A database client and bucket are made per request, never shared. */
export const provideServices: MiddlewareHandler<{ Bindings: ServicesBindings; Variables: ServicesVariables }> = async (
  c,
  next,
) => {
  c.set("services", servicesFor(c.env));
  await next();
};
