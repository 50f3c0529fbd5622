/** Account rows turned into the API's shapes (the contract's User, AdminUser, Invite, SessionInfo, AuditEntry). */
import type { AuditEntry } from "@hearth/contract";
import type { AuditRow } from "../repositories/audit";

const iso = (ms: number) => new Date(ms).toISOString();

export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: iso(row.at),
    action: row.action,
    success: row.success,
    actorId: row.actorId,
    actorEmail: row.actorEmail,
    ip: row.ip,
    targetType: row.targetType,
    targetId: row.targetId,
    detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null,
  };
}
