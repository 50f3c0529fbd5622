/** `GET /health`: 200 when the database and the blob store answer, 503 naming the part that does not. */
import { Hono } from "hono";
import type { HealthResponse } from "@hearth/contract";
import { bucketOf } from "../lib/bucket";
import { openDatabase } from "../repositories/database";
import type { ApiBindings } from "../lib/env";

const PROBE_TIMEOUT_MS = 3000;

async function check(probe: () => Promise<unknown>): Promise<"ok" | "down"> {
  try {
    // A hung database must make health say "down", not make the health check hang.
    await Promise.race([
      probe(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer in ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS)),
    ]);
    return "ok";
  } catch (error) {
    console.warn("health check failed:", error);
    return "down";
  }
}

export const healthRoutes = new Hono<{ Bindings: ApiBindings }>().get("/health", async (c) => {
  const [db, blobs] = await Promise.all([
    check(() => openDatabase(c.env).client.execute("SELECT 1")),
    check(() => bucketOf(c.env).list({ limit: 1 })),
  ]);
  const healthy = db === "ok" && blobs === "ok";
  const body: HealthResponse = { status: healthy ? "ok" : "degraded", version: c.env.VERSION, db, blobs };
  return c.json(body, healthy ? 200 : 503, { "cache-control": "no-store" });
});
