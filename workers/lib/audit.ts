/**
 * @deprecated Transitional, for routes not yet moved to core (shares): records through
 * core/audit.ts `recordAudit`, adding the request's address. New code calls `recordAudit`.
 */
import type { Context } from "hono";
import { recordAudit, type AuditEvent } from "../core/audit";
import { clientIp } from "../http/client-info";
import type { Database } from "../repositories/database";

export type { AuditEvent };

export async function audit(c: Context, db: Database, event: AuditEvent): Promise<void> {
  await recordAudit({ db, now: Date.now }, { ...event, ip: clientIp(c) });
}
