/** Queries on recovery codes and pending second-factor sign-ins. */
import { and, eq, isNull, lt, sql } from "drizzle-orm";
import { schema, type Database } from "./database";
import { newId, sha256Hex } from "../lib/ids";
import { normaliseRecoveryCode } from "../lib/totp";

const { recoveryCodes, loginChallenges } = schema;

/** Replaces the user's recovery codes with new ones (hashed). */
export async function replaceRecoveryCodes(db: Database, userId: string, codes: string[], now: number): Promise<void> {
  const rows = await Promise.all(
    codes.map(async (code) => ({ id: newId(), userId, codeHash: await sha256Hex(normaliseRecoveryCode(code)), createdAt: now })),
  );
  await db.batch([db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)), db.insert(recoveryCodes).values(rows)]);
}

/** Uses up a recovery code; true once per code. */
export async function useRecoveryCode(db: Database, userId: string, code: string, now: number): Promise<boolean> {
  const hash = await sha256Hex(normaliseRecoveryCode(code));
  const rows = await db
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hash), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return rows.length > 0;
}

export async function deleteRecoveryCodes(db: Database, userId: string): Promise<void> {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
}

export async function insertChallenge(db: Database, row: typeof loginChallenges.$inferInsert): Promise<void> {
  await db.delete(loginChallenges).where(lt(loginChallenges.expiresAt, row.expiresAt - 3600_000));
  await db.insert(loginChallenges).values(row);
}

/** Counts an attempt against a challenge and returns it (after counting), or undefined if unknown. */
export async function attemptChallenge(db: Database, id: string) {
  const [row] = await db
    .update(loginChallenges)
    .set({ attempts: sql`${loginChallenges.attempts} + 1` })
    .where(eq(loginChallenges.id, id))
    .returning();
  return row;
}

export async function deleteChallenge(db: Database, id: string): Promise<void> {
  await db.delete(loginChallenges).where(eq(loginChallenges.id, id));
}

/** Forgets second-factor sign-ins nobody finished in time (the maintenance job). */
export async function purgeExpiredChallenges(db: Database, now: number): Promise<void> {
  await db.delete(loginChallenges).where(lt(loginChallenges.expiresAt, now));
}
