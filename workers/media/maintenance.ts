/**
 * Housekeeping, run by the supervisor through one media process every hour: empty trash older
 * than TRASH_RETENTION_DAYS (deleting bytes no file uses any more), delete expired resumable
 * uploads and forget expired sessions.
 * It lives here, not in the edge process, because purging can delete many files at once.
 */
import { lt } from "drizzle-orm";
import { bucketOf } from "../lib/bucket";
import { openDatabase, schema } from "../repositories/database";
import type { MediaBindings } from "../lib/env";
import { purgeExpiredSessions } from "../repositories/sessions";
import { purgeTrash } from "../core/trash";
import { noEvents } from "../lib/events";
import { deleteExpiredUploads } from "../core/uploads";

export async function runMaintenance(env: MediaBindings, now: number): Promise<{ purgedFromTrash: number; expiredUploads: number }> {
  const { db } = openDatabase(env);
  const days = Number(env.TRASH_RETENTION_DAYS || "30");
  const purgedFromTrash = await purgeTrash({ db, bucket: bucketOf(env), events: noEvents, now: () => now }, days);
  // Resumable uploads left untouched for a day: their chunks and rows.
  const expiredUploads = await deleteExpiredUploads({ db, bucket: bucketOf(env), events: noEvents, now: () => now });
  await purgeExpiredSessions(db, now);
  await db.delete(schema.loginChallenges).where(lt(schema.loginChallenges.expiresAt, now));
  return { purgedFromTrash, expiredUploads };
}
