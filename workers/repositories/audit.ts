/** The audit log's rows: appended, and read newest first. Never updated or deleted by the app. */
import { and, desc, eq, like, lt, or, type SQL } from "drizzle-orm";
import { schema, type Database } from "./database";

const { auditLog } = schema;

export type AuditRow = typeof auditLog.$inferSelect;

export async function insertAuditRow(db: Database, row: Omit<AuditRow, "id">): Promise<void> {
  await db.insert(auditLog).values(row);
}

export interface AuditFilter {
  /** Entries where this user acted or was acted on. */
  userId?: string;
  /** Entries whose action starts with this (e.g. `login`, `admin.user`). */
  actionPrefix?: string;
  /** Entries older than this id (the previous page's last). */
  beforeId?: number;
  limit: number;
}

/** Newest first. */
export async function listAuditRows(db: Database, filter: AuditFilter): Promise<AuditRow[]> {
  const where: SQL[] = [];
  if (filter.userId) where.push(or(eq(auditLog.actorId, filter.userId), eq(auditLog.targetId, filter.userId))!);
  if (filter.actionPrefix) where.push(like(auditLog.action, `${filter.actionPrefix}%`));
  if (filter.beforeId !== undefined) where.push(lt(auditLog.id, filter.beforeId));
  return db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(filter.limit);
}
