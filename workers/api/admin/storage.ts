/** Admin → Storage: room left in Hearth's data folder and the collector's last run (`GET /api/admin/storage`), and "Clean up now". */
import { Hono } from "hono";
import type { CollectorRunResponse } from "@hearth/contract";
import { collectNow } from "../../core/collector";
import { storageStatus } from "../../core/disk-space";
import type { AuthEnv } from "../../http/session";

export const adminStorageRoutes = new Hono<AuthEnv>()
  .get("/storage", async (c) => c.json(await storageStatus(c.var.services), 200, { "cache-control": "no-store" }))
  .post("/storage/collect", async (c) => c.json<CollectorRunResponse>({ run: await collectNow(c.var.services) }));
