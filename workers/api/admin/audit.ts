/** Admin: reading the audit log, newest first, filtered by user and action. */
import { and, desc, eq, like, lt, or, type SQL } from "drizzle-orm";
import { Hono } from "hono";
import { AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX, type AuditListResponse } from "@hearth/contract";
import { schema } from "../../repositories/database";
import { badRequest } from "../../lib/errors";
import type { AuthEnv } from "../../http/session";

const { auditLog } = schema;

export const adminAuditRoutes = new Hono<AuthEnv>().get("/audit", async (c) => {
  const { user, action, before } = c.req.query();
  const limit = Math.min(AUDIT_PAGE_MAX, Math.max(1, Number(c.req.query("limit") ?? AUDIT_PAGE_DEFAULT) || AUDIT_PAGE_DEFAULT));
  const filters: SQL[] = [];
  if (user) filters.push(or(eq(auditLog.actorId, user), eq(auditLog.targetId, user))!);
  if (action) {
    if (!/^[a-z_.]{1,64}$/.test(action)) throw badRequest("invalid_action", "action is a prefix such as “login” or “admin.user”.");
    filters.push(like(auditLog.action, `${action}%`));
  }
  if (before) {
    if (!/^\d+$/.test(before)) throw badRequest("invalid_before", "before is an entry id.");
    filters.push(lt(auditLog.id, Number(before)));
  }
  const rows = await c.var.db
    .select()
    .from(auditLog)
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const response: AuditListResponse = {
    entries: page.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      action: r.action,
      success: r.success,
      actorId: r.actorId,
      actorEmail: r.actorEmail,
      ip: r.ip,
      targetType: r.targetType,
      targetId: r.targetId,
      detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
    })),
    nextBefore: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
  return c.json(response);
});
