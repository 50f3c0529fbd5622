/**
 * The audit log: one entry per security-relevant event (sign-ins, password and two-factor changes,
 * admin actions), recorded by the rules that do them and paged through by the admin.
 */
import { AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX, type AuditListResponse } from "@hearth/contract";
import { badRequest } from "../lib/errors";
import { insertAuditRow, listAuditRows } from "../repositories/audit";
import { toAuditEntry } from "./accounts-presenter";
import type { Services } from "./services";

/** Who did something: a user, or null for the system (e.g. `hearth admin`). */
export type Actor = { id: string; email: string } | null;

export interface AuditEvent {
  action: string;
  /** Default true; false for refused attempts (a wrong password). */
  success?: boolean;
  actor?: Actor;
  targetType?: string;
  targetId?: string;
  detail?: Record<string, unknown>;
  /** The client's address, when a request did it. */
  ip?: string | null;
}

/** Records an event; never fails the work it describes (a lost entry is logged instead). */
export async function recordAudit(services: Pick<Services, "db" | "now">, event: AuditEvent): Promise<void> {
  try {
    await insertAuditRow(services.db, {
      at: services.now(),
      action: event.action,
      success: event.success ?? true,
      actorId: event.actor?.id ?? null,
      actorEmail: event.actor?.email ?? null,
      ip: event.ip ?? null,
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      detail: event.detail ? JSON.stringify(event.detail) : null,
    });
  } catch (error) {
    console.error(`audit event ${event.action} not recorded:`, error);
  }
}

/** The admin's filters, as they arrive in the query string. */
export interface AuditQuery {
  /** A user id: entries where they acted or were acted on. */
  user?: string;
  /** The start of an action, e.g. `login` or `admin.user`. */
  action?: string;
  /** An entry id: the page after the one that ended there. */
  before?: string;
  limit?: string;
}

/** One page of the audit log, newest first, with the id to ask for the next page from. */
export async function pageAuditLog(services: Services, query: AuditQuery): Promise<AuditListResponse> {
  const limit = Math.min(AUDIT_PAGE_MAX, Math.max(1, Number(query.limit ?? AUDIT_PAGE_DEFAULT) || AUDIT_PAGE_DEFAULT));
  if (query.action && !/^[a-z_.]{1,64}$/.test(query.action))
    throw badRequest("invalid_action", "action is a prefix such as “login” or “admin.user”.");
  if (query.before && !/^\d+$/.test(query.before)) throw badRequest("invalid_before", "before is an entry id.");
  // One more than a page: whether it comes back says if there is a next page.
  const rows = await listAuditRows(services.db, {
    userId: query.user || undefined,
    actionPrefix: query.action || undefined,
    beforeId: query.before ? Number(query.before) : undefined,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  return { entries: page.map(toAuditEntry), nextBefore: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}
