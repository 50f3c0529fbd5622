/**
 * Hearth's disk running out. An upload that cannot fit is refused with 507 insufficient_storage
 * before its bytes flow, and a store that failed part-way on a full disk says so instead of
 * "try again" (the client cannot succeed by retrying). Used by every way bytes arrive: PUT, tus,
 * WebDAV (core/uploads.ts callers).
 */
import type { AdminStorageResponse, DiskStatus, ServerStatusResponse } from "@hearth/contract";
import { DISK_WARN_BELOW_BYTES, DISK_WARN_BELOW_FRACTION, INSUFFICIENT_STORAGE } from "@hearth/contract";
import { HttpError, ReadOnlyStorage } from "../lib/errors";
import { lastCollectorRun } from "./collector";
import type { Services } from "./services";

/** Room kept free for the database and thumbnails: an upload may not take the disk below it. */
export const DISK_RESERVE_BYTES = 8 * 1024 * 1024;

const gib = (n: number) => (n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1)} GB` : `${(n / 1024 ** 2).toFixed(1)} MB`);

export class DiskFull extends HttpError {
  constructor(disk: DiskStatus) {
    super(
      507,
      INSUFFICIENT_STORAGE,
      `Hearth's disk is full (${gib(Math.max(0, disk.freeBytes - DISK_RESERVE_BYTES))} left). ` +
        "Nothing was saved. Ask whoever runs Hearth to free some space.",
    );
  }
}

export { ReadOnlyStorage };

/** The free space below which the admin page warns: the larger of a fixed floor and a share of the disk. */
export function warnBelowBytes(disk: DiskStatus | null): number {
  return Math.max(DISK_WARN_BELOW_BYTES, disk ? Math.floor(disk.totalBytes * DISK_WARN_BELOW_FRACTION) : 0);
}

async function diskOf(services: Pick<Services, "disk">): Promise<DiskStatus | null> {
  return services.disk ? services.disk() : null;
}

/** Refuses (507, or 503 read-only) bytes that cannot fit on the disk; does nothing when the room is unknown. */
export async function assertRoomOnDisk(services: Pick<Services, "disk">, bytes: number): Promise<void> {
  const disk = await diskOf(services);
  if (!disk) return;
  if (!disk.writable) throw new ReadOnlyStorage();
  if (bytes + DISK_RESERVE_BYTES > disk.freeBytes) throw new DiskFull(disk);
}

/**
 * The error to answer when storing bytes failed after `received` of them were written: the disk
 * being full (or read-only) when it is, else `otherwise` (an interrupted upload).
 */
export async function storeFailure(
  services: Pick<Services, "disk">,
  received: number,
  otherwise: HttpError,
): Promise<HttpError> {
  const disk = await diskOf(services);
  if (!disk) return otherwise;
  if (!disk.writable) return new ReadOnlyStorage();
  if (received + DISK_RESERVE_BYTES > disk.freeBytes) return new DiskFull(disk);
  return otherwise;
}

/** What the admin page shows: free space of the data folder, whether to warn, and the last clean-up. */
export async function storageStatus(services: Pick<Services, "disk" | "db">): Promise<AdminStorageResponse> {
  const [disk, collector] = await Promise.all([diskOf(services), lastCollectorRun(services)]);
  const warnBelow = warnBelowBytes(disk);
  return {
    disk,
    warnBelowBytes: warnBelow,
    low: disk !== null && (!disk.writable || disk.freeBytes < warnBelow),
    collector,
  };
}

/** What every user's web app needs to know of the disk: can anything be saved right now. */
export async function serverStatus(services: Pick<Services, "disk">): Promise<ServerStatusResponse> {
  const disk = await diskOf(services);
  return {
    readOnly: disk !== null && !disk.writable,
    diskFull: disk !== null && disk.writable && disk.freeBytes <= DISK_RESERVE_BYTES,
  };
}
