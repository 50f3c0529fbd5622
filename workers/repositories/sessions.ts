/** Queries on sign-in sessions. */
import { and, desc, eq, gt, lt, ne, sql } from "drizzle-orm";
import { schema, type Database } from "./database";

const { sessions, users, settings } = schema;

export type SessionRow = typeof sessions.$inferSelect;

export async function insertSession(
  db: Database,
  session: { id: string; userId: string; now: number; expiresAt: number; userAgent: string | null; ip: string | null },
): Promise<void> {
  await db.insert(sessions).values({
    id: session.id,
    userId: session.userId,
    createdAt: session.now,
    lastSeenAt: session.now,
    expiresAt: session.expiresAt,
    userAgent: session.userAgent,
    ip: session.ip,
  });
}

/**
 * The live session, its user and whether the household requires two-factor sign-in, in one
 * query; undefined when expired, revoked, or the user is disabled.
 */
export async function findSession(db: Database, sessionId: string, now: number) {
  const [row] = await db
    .select({
      session: sessions,
      user: users,
      requireTwoFactor: sql<
        string | null
      >`(SELECT ${settings.value} FROM ${settings} WHERE ${settings.key} = 'requireTwoFactor')`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, now)))
    .limit(1);
  if (!row || row.user.disabledAt !== null) return undefined;
  return { session: row.session, user: row.user, requireTwoFactor: row.requireTwoFactor === "true" };
}

export async function touchSession(
  db: Database,
  sessionId: string,
  now: number,
  expiresAt: number,
  ip: string | null,
): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: now, expiresAt, ip }).where(eq(sessions.id, sessionId));
}

/** The user's unexpired sessions, most recently used first. */
export async function listSessions(db: Database, userId: string, now: number): Promise<SessionRow[]> {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.lastSeenAt));
}

/** Deletes one of the user's sessions; false when it is not theirs (or gone). */
export async function deleteUserSession(db: Database, userId: string, sessionId: string): Promise<boolean> {
  const rows = await db
    .delete(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

export async function deleteSession(db: Database, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of the user, or every one but `keep`. */
export async function deleteSessionsOf(db: Database, userId: string, keep?: string): Promise<void> {
  await db
    .delete(sessions)
    .where(keep ? and(eq(sessions.userId, userId), ne(sessions.id, keep)) : eq(sessions.userId, userId));
}

export async function purgeExpiredSessions(db: Database, now: number): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}
