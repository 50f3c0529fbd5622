/** Admin: how much room Hearth's data folder has left (`GET /api/admin/storage`); rules in core/disk-space.ts. */
import { Hono } from "hono";
import { storageStatus } from "../../core/disk-space";
import type { AuthEnv } from "../../http/session";

export const adminStorageRoutes = new Hono<AuthEnv>().get("/storage", async (c) =>
  c.json(await storageStatus(c.var.services), 200, { "cache-control": "no-store" }),
);
