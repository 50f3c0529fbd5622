/** Whether Hearth's two stores answer: the database and the blob store (`GET /health`). */
import type { HealthResponse } from "@hearth/contract";
import { pingDatabase } from "../repositories/database";
import type { Services } from "./services";

const PROBE_TIMEOUT_MS = 3000;

async function check(probe: () => Promise<unknown>): Promise<"ok" | "down"> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    // A hung database must make health say "down", not make the health check hang.
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
      }),
    ]);
    return "ok";
  } catch (error) {
    console.warn("health check failed:", error);
    return "down";
  } finally {
    clearTimeout(timer);
  }
}

/** "ok" when both answer, else "degraded" naming the part that does not. */
export async function checkHealth(services: Services, version: string): Promise<HealthResponse> {
  const [db, blobs] = await Promise.all([
    check(() => pingDatabase(services.db)),
    check(() => services.bucket.list({ limit: 1 })),
  ]);
  return { status: db === "ok" && blobs === "ok" ? "ok" : "degraded", version, db, blobs };
}
