/** Queries on users. */
import { and, count, eq, isNull, sql } from "drizzle-orm";
import type { Role } from "@hearth/contract";
import { schema, type Database } from "./database";

const { users } = schema;

export type UserRow = typeof users.$inferSelect;

export async function countUsers(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

export async function findUserByEmail(db: Database, email: string): Promise<UserRow | undefined> {
  return db.query.users.findFirst({ where: eq(users.email, email.toLowerCase()) });
}

export async function findUser(db: Database, id: string): Promise<UserRow | undefined> {
  return db.query.users.findFirst({ where: eq(users.id, id) });
}

/**
 * Creates a user. With `role: "first-is-admin"` the very first user becomes admin and later ones
 * members; the role is decided inside the INSERT so two simultaneous first registrations cannot
 * both become admin.
 */
export async function insertUser(
  db: Database,
  user: {
    id: string;
    email: string;
    name: string;
    passwordHash: string;
    now: number;
    role: Role | "first-is-admin";
    quotaBytes?: number | null;
  },
): Promise<UserRow> {
  const role =
    user.role === "first-is-admin"
      ? sql`CASE WHEN EXISTS (SELECT 1 FROM users) THEN 'member' ELSE 'admin' END`
      : sql`${user.role}`;
  // Raw SQL: drizzle cannot express "role depends on whether the table is empty" in one statement.
  await db.run(
    sql`INSERT INTO users (id, email, name, password_hash, role, quota_bytes, created_at, password_changed_at)
      VALUES (${user.id}, ${user.email.toLowerCase()}, ${user.name}, ${user.passwordHash}, ${role},
        ${user.quotaBytes ?? null}, ${user.now}, ${user.now})`,
  );
  const created = await findUser(db, user.id);
  if (!created) throw new Error("user insert vanished");
  return created;
}

export async function updateUser(
  db: Database,
  id: string,
  changes: Partial<Omit<UserRow, "id" | "createdAt">>,
): Promise<UserRow> {
  const [row] = await db.update(users).set(changes).where(eq(users.id, id)).returning();
  if (!row) throw new Error(`user ${id} vanished`);
  return row;
}

/** Every user with storage used (live and trashed files, as Drive counts) and last activity, oldest account first. */
export async function listUsersWithUsage(
  db: Database,
): Promise<{ user: UserRow; usedBytes: number; lastSeenAt: number | null }[]> {
  const rows = await db
    .select({
      user: users,
      usedBytes: users.usedBytes,
      lastSeenAt: sql<number | null>`(SELECT max(s.last_seen_at) FROM sessions s WHERE s.user_id = "users"."id")`,
    })
    .from(users)
    .orderBy(users.createdAt);
  return rows.map((r) => ({
    user: r.user,
    usedBytes: Number(r.usedBytes),
    lastSeenAt: r.lastSeenAt === null ? null : Number(r.lastSeenAt),
  }));
}

/** What the user's files add up to, trash included (kept by triggers on `files`, migration 0005). */
export async function usedBytesOf(db: Database, userId: string): Promise<number> {
  const [row] = await db.select({ used: users.usedBytes }).from(users).where(eq(users.id, userId));
  return Number(row?.used ?? 0);
}

export async function countActiveAdmins(db: Database): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, "admin"), isNull(users.disabledAt)));
  return row?.n ?? 0;
}

/**
 * Records a TOTP step as used; false when this or a later step was already used (a replayed
 * code). One conditional UPDATE, so two simultaneous sign-ins with one code cannot both pass.
 */
export async function useTotpStep(db: Database, userId: string, step: number): Promise<boolean> {
  const rows = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, userId), sql`(${users.totpLastStep} IS NULL OR ${users.totpLastStep} < ${step})`))
    .returning({ id: users.id });
  return rows.length > 0;
}
