/** `GET /api/events`: the signed-in user's Server-Sent Events stream, served by their Progress object. */
import { Hono } from "hono";
import type { ApiBindings } from "../lib/env";
import type { AuthVariables } from "../lib/session";

export const eventRoutes = new Hono<{ Bindings: ApiBindings; Variables: AuthVariables }>()
  .get("/events", async (c) => {
    const stub = c.env.PROGRESS.get(c.env.PROGRESS.idFromName(c.var.user.id));
    return stub.fetch("http://progress/subscribe", { signal: c.req.raw.signal });
  });
