/** The admin pages: users, invites, settings, the audit log, and the health check. */

import type { Role, User } from "./accounts";
import type { JobKind, JobState } from "./events";

/** Admin view of a user. */
export interface AdminUser extends User {
  createdAt: string;
  disabled: boolean;
  quotaBytes: number | null;
  usedBytes: number;
  lastSeenAt: string | null;
}

export interface AdminUserListResponse {
  users: AdminUser[];
}

/** `POST /api/admin/users` */
export interface CreateUserRequest {
  email: string;
  password: string;
  name: string;
  role?: Role;
  quotaBytes?: number | null;
}

/** `PATCH /api/admin/users/:id`; `password` resets it and ends the user's sessions. */
export interface UpdateUserRequest {
  name?: string;
  role?: Role;
  disabled?: boolean;
  quotaBytes?: number | null;
  password?: string;
}

/**
 * `DELETE /api/admin/users/:id` with a JSON body: either move their files to another user
 * (into a folder "Files from <name>"), or delete them, confirmed by typing the user's name.
 */
export type DeleteUserRequest = { transferTo: string } | { deleteFiles: true; confirmName: string };

/** How long an invite link lasts unless the admin says otherwise. */
export const INVITE_DEFAULT_HOURS = 72;
/** The longest an invite link may last (30 days). */
export const INVITE_MAX_HOURS = 720;

/** `POST /api/admin/invites` */
export interface CreateInviteRequest {
  email?: string;
  role?: Role;
  /** Default INVITE_DEFAULT_HOURS, at most INVITE_MAX_HOURS. */
  expiresInHours?: number;
}

export interface Invite {
  id: string;
  email: string | null;
  role: Role;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

/** The link is shown once, at creation; only a hash of its token is stored. */
export interface CreatedInvite extends Invite {
  url: string;
}

export interface InviteListResponse {
  invites: Invite[];
}

/** `GET|PATCH /api/admin/settings` */
export interface AdminSettings {
  registrationOpen: boolean;
  requireTwoFactor: boolean;
  /**
   * Street detail for the Places map: a MapLibre style URL (…/style.json) or a raster tile URL
   * with {z}, {x} and {y}, http(s) only; null keeps the map offline (Hearth's own outlines). The
   * web app's CSP lets the page reach that one origin only while it is set.
   */
  mapTileUrl: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  action: string;
  success: boolean;
  actorId: string | null;
  actorEmail: string | null;
  ip: string | null;
  targetType: string | null;
  targetId: string | null;
  detail: Record<string, unknown> | null;
}

/** Audit entries per page unless `limit` says otherwise, and the most one page may hold. */
export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 200;

/** `GET /api/admin/audit?user=&action=&before=<id>&limit=` → newest first; `nextBefore` pages on. */
export interface AuditListResponse {
  entries: AuditEntry[];
  nextBefore: number | null;
}

/** `GET /health` */
export interface HealthResponse {
  status: "ok" | "degraded";
  version: string;
  db: "ok" | "down";
  blobs: "ok" | "down";
}

/** One media job as Admin → Jobs lists it. */
export interface AdminJob {
  id: number;
  fileId: string;
  /** Null when the file has since been deleted for good. */
  fileName: string | null;
  ownerId: string;
  ownerName: string | null;
  kind: JobKind;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  /** When the job last changed (queued, claimed, failed). */
  updatedAt: string;
}

/** `GET /api/admin/jobs` → counts by state, the queue (queued and running) and recent failures. */
export interface AdminJobListResponse {
  counts: Record<JobState, number>;
  queue: AdminJob[];
  failures: AdminJob[];
}

/** Room left in Hearth's data folder (DATA_DIR), as the host measures it. */
export interface DiskStatus {
  freeBytes: number;
  totalBytes: number;
  /** False when the data folder cannot be written (mounted read-only): Hearth shows a read-only banner. */
  writable: boolean;
}

/** The admin page warns when the data folder has less than this many bytes free (2 GiB)... */
export const DISK_WARN_BELOW_BYTES = 2 * 1024 ** 3;
/** ...or less than this share of it free, whichever is more (a big disk runs out faster than 2 GiB lasts). */
export const DISK_WARN_BELOW_FRACTION = 0.05;

/** `GET /api/admin/storage`: the data folder's free space, whether it is low enough to warn, and the last clean-up. */
export interface AdminStorageResponse {
  /** Null when the host could not be asked (Hearth not run by its own supervisor). */
  disk: DiskStatus | null;
  /** Below this many free bytes the admin page warns. */
  warnBelowBytes: number;
  low: boolean;
  /** The stored-bytes collector's last run; null before the first one. */
  collector: CollectorRun | null;
}

/**
 * One run of the stored-bytes collector (on start, hourly, or "Clean up now" in Admin → Storage):
 * what it removed that nothing referenced, and what it kept because a kept backup still needs it.
 */
export interface CollectorRun {
  startedAt: string;
  finishedAt: string;
  /** Stored objects (originals, thumbnails, upload chunks) that no record referenced. */
  objectsRemoved: number;
  bytesRemoved: number;
  /** Half-written files left by crashes (temporary files, unfinished backups and uploads). */
  partialFilesRemoved: number;
  partialBytesRemoved: number;
  /** Objects no record uses any more that a kept backup still references: kept so restoring it gives every file back. */
  keptForBackups: number;
  /** Backups deleted because they were beyond what is kept. */
  backupsPruned: number;
  /** Set when part of the run was skipped or failed, in words for the admin. */
  problem: string | null;
}

/** `POST /api/admin/storage/collect`: runs the collector now and answers its run. */
export interface CollectorRunResponse {
  run: CollectorRun;
}

/** How old unreferenced bytes must be before the collector removes them: an upload in flight is never younger. */
export const COLLECTOR_DEFAULT_MIN_AGE_HOURS = 24;

/** The error code of an upload refused because Hearth's disk is full (HTTP 507). */
export const INSUFFICIENT_STORAGE = "insufficient_storage";
/**
 * `GET /api/status` (any signed-in user): whether Hearth can save anything right now. The web app
 * shows a banner while it cannot, and asks again every STATUS_POLL_SECONDS and after a refused change.
 */
export interface ServerStatusResponse {
  /** The data folder is read-only: files can be viewed, nothing can be changed. */
  readOnly: boolean;
  /** The disk is full: nothing new can be stored. */
  diskFull: boolean;
}

export const STATUS_POLL_SECONDS = 60;

/** The error code of a change refused because Hearth's data folder is read-only (HTTP 503); reads keep working. */
export const READ_ONLY = "read_only";
