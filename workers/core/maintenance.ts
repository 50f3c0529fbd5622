/**
 * Housekeeping, run every hour by the supervisor through one media process (`POST /maintenance`):
 * purge what has been in the trash longer than TRASH_RETENTION_DAYS (bytes go only when no file
 * uses them any more), delete resumable uploads nobody touched for a day, and forget expired
 * sessions and unfinished second-factor sign-ins, and name the places of photos processed before
 * Hearth knew places. It runs in a media process, not in the edge process, because a purge can
 * delete many files at once and only the media process carries the place table.
 */
import { DEFAULT_TRASH_RETENTION_DAYS } from "@hearth/contract";
import { purgeExpiredSessions } from "../repositories/sessions";
import { purgeExpiredChallenges } from "../repositories/two-factor";
import type { Services } from "./services";
import { nameUnplacedPhotos, type PlaceNamer } from "./places";
import { purgeTrash } from "./trash";
import { deleteExpiredUploads } from "./uploads";

/** What a run did (the supervisor logs it). */
export interface MaintenanceReport {
  purgedFromTrash: number;
  expiredUploads: number;
  placesNamed: number;
}

/** How long one run may spend naming places (the rest waits for the next hour's run). */
const PLACE_BACKFILL_BUDGET_MS = 60_000;

/** The trash retention in days from TRASH_RETENTION_DAYS; the default when it is unset or not a positive number. */
export function trashRetentionDays(configured: string | undefined): number {
  const days = Number(configured);
  return configured && Number.isFinite(days) && days > 0 ? days : DEFAULT_TRASH_RETENTION_DAYS;
}

/** Runs every housekeeping task once. */
export async function runMaintenance(
  services: Services,
  options: { trashRetentionDays: number; namePlace?: PlaceNamer },
): Promise<MaintenanceReport> {
  const purgedFromTrash = await purgeTrash(services, options.trashRetentionDays);
  const expiredUploads = await deleteExpiredUploads(services);
  const now = services.now();
  await purgeExpiredSessions(services.db, now);
  await purgeExpiredChallenges(services.db, now);
  const placesNamed = options.namePlace
    ? await nameUnplacedPhotos(services, options.namePlace, PLACE_BACKFILL_BUDGET_MS)
    : 0;
  return { purgedFromTrash, expiredUploads, placesNamed };
}
