/** `GET /health`: 200 when the database and the blob store answer, 503 naming the part that does not. */
import { Hono } from "hono";
import { checkHealth } from "../core/health";
import type { ApiBindings } from "../lib/env";
import { servicesFor } from "../http/services";

export const healthRoutes = new Hono<{ Bindings: ApiBindings }>().get("/health", async (c) => {
  const health = await checkHealth(servicesFor(c.env), c.env.VERSION);
  return c.json(health, health.status === "ok" ? 200 : 503, { "cache-control": "no-store" });
});
