/** Admin: reading the audit log, newest first, filtered by user and action. */
import { Hono } from "hono";
import type { AuditListResponse } from "@hearth/contract";
import { pageAuditLog } from "../../core/audit";
import type { AuthEnv } from "../../http/session";

export const adminAuditRoutes = new Hono<AuthEnv>().get("/audit", async (c) =>
  c.json<AuditListResponse>(await pageAuditLog(c.var.services, c.req.query())),
);
