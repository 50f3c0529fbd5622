/** The audit log: one row per security-relevant event, never updated or deleted by the app. */
import type { Context } from "hono";
import { schema, type Database } from "../repositories/database";
import { clientIp } from "../http/client-info";

export interface AuditEvent {
  action: string;
  success?: boolean;
  actor?: { id: string; email: string } | null;
  targetType?: string;
  targetId?: string;
  detail?: Record<string, unknown>;
}

/** Records an event with the request's address; never fails the request it describes. */
export async function audit(c: Context, db: Database, event: AuditEvent): Promise<void> {
  try {
    await db.insert(schema.auditLog).values({
      at: Date.now(),
      action: event.action,
      success: event.success ?? true,
      actorId: event.actor?.id ?? null,
      actorEmail: event.actor?.email ?? null,
      ip: clientIp(c),
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      detail: event.detail ? JSON.stringify(event.detail) : null,
    });
  } catch (error) {
    console.error(`audit event ${event.action} not recorded:`, error);
  }
}
