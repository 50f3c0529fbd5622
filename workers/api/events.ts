/** `GET /api/events`: the signed-in user's Server-Sent Events stream, served by their UserEvents object. */
import { Hono } from "hono";
import type { ApiBindings } from "../lib/env";
import type { AuthVariables } from "../http/session";

export const eventRoutes = new Hono<{ Bindings: ApiBindings; Variables: AuthVariables }>().get("/events", async (c) => {
  const stub = c.env.USER_EVENTS.get(c.env.USER_EVENTS.idFromName(c.var.user.id));
  return stub.fetch("http://user-events/subscribe", { signal: c.req.raw.signal });
});
