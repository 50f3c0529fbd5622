/** Queries on users and sessions. */
import { and, count, eq, gt, sql } from "drizzle-orm";
import type { Role, User } from "../api-types";
import { schema, type Database } from "../db";

const { users, sessions } = schema;

export type UserRow = typeof users.$inferSelect;

export function toUser(row: UserRow): User {
  return { id: row.id, email: row.email, name: row.name, role: row.role as Role };
}

export async function countUsers(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

export async function findUserByEmail(db: Database, email: string): Promise<UserRow | undefined> {
  return db.query.users.findFirst({ where: eq(users.email, email.toLowerCase()) });
}

/**
 * Creates a user; the very first user becomes admin. The role is decided inside the INSERT so two
 * simultaneous first registrations cannot both become admin.
 */
export async function insertUser(
  db: Database,
  user: { id: string; email: string; name: string; passwordHash: string; now: number },
): Promise<UserRow> {
  // Raw SQL: drizzle cannot express "role depends on whether the table is empty" in one statement.
  await db.run(
    sql`INSERT INTO users (id, email, name, password_hash, role, created_at)
      VALUES (${user.id}, ${user.email.toLowerCase()}, ${user.name}, ${user.passwordHash},
        CASE WHEN EXISTS (SELECT 1 FROM users) THEN 'member' ELSE 'admin' END, ${user.now})`,
  );
  const created = await db.query.users.findFirst({ where: eq(users.id, user.id) });
  if (!created) throw new Error("user insert vanished");
  return created;
}

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

/** The live session and its user, or undefined when expired, revoked or the user is disabled. */
export async function findSession(db: Database, sessionId: string, now: number) {
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, now)))
    .limit(1);
  if (!row || row.user.disabledAt !== null) return undefined;
  return row;
}

export async function extendSession(db: Database, sessionId: string, now: number, expiresAt: number): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: now, expiresAt }).where(eq(sessions.id, sessionId));
}

export async function deleteSession(db: Database, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}
