/** Admin → Updates: the shapes of /api/admin/update/* and /api/admin/version. */

export const UPDATE_CHANNELS = ["stable", "beta"] as const;
export type UpdateChannel = (typeof UPDATE_CHANNELS)[number];

/** The phases of an update, in order; then one of the ends. */
export const UPDATE_PHASES = ["preflight", "backup", "pull", "migrate", "recreate", "healthcheck"] as const;
export type UpdatePhase = (typeof UPDATE_PHASES)[number];
export const UPDATE_ENDS = ["completed", "failed", "rolling_back", "rolled_back", "cancelled"] as const;
export type UpdateState = "idle" | UpdatePhase | (typeof UPDATE_ENDS)[number];

export interface StartUpdateRequest {
  target_version?: string;
  channel?: UpdateChannel;
  /** Allow a target that is not newer than the running version. */
  force?: boolean;
}

export interface CancelUpdateRequest {
  update_id: string;
}

export interface RollbackRequest {
  tag: string;
}

export interface VersionRef {
  tag: string;
  digest: string;
}

export interface UpdateStatus {
  update_id: string;
  kind: "update" | "rollback";
  state: UpdateState;
  phase: UpdateState;
  /** 0..1 within the phase (the pull's bytes). */
  progress: number;
  from: VersionRef | null;
  to: VersionRef;
  started_at: string;
  finished_at: string | null;
  /** Seconds each phase took. */
  timings: Partial<Record<UpdatePhase | "rolling_back", number>>;
  /** The database snapshot taken before the update, under DATA_DIR/backups. */
  backup: string | null;
  error: string | null;
  log_tail: string[];
}

/** What a Hearth without the updater learns from the image registry itself (checked daily). */
export interface ReleaseCheck {
  /** The image repository, e.g. `ghcr.io/owner/hearth`. */
  image: string;
  latest: { tag: string; digest: string; notes: string } | null;
  update_available: boolean;
  checked_at: string | null;
  /** Why the last check failed (registry unreachable...), else null. */
  error: string | null;
}

export interface VersionResponse {
  current: VersionRef | null;
  latest: { tag: string; digest: string; notes: string } | null;
  channel: UpdateChannel | null;
  update_available: boolean;
  running: UpdateStatus | null;
  last_update: UpdateStatus | null;
  /** False for `docker run` without the compose stack's updater: then update by hand. */
  updater: boolean;
  /** The commands that update by hand (shown when there is no updater). */
  manual_update: string[];
  /** Without the updater: when Hearth last asked the registry, and why that failed if it did. */
  checked_at?: string | null;
  check_error?: string | null;
}

export interface LocalVersion {
  tag: string;
  digest: string;
  image_id: string;
  created_at: string;
  running: boolean;
}

export interface ReleasesResponse {
  releases: string[];
  local: LocalVersion[];
  keep_images: number;
  history: UpdateStatus[];
}

export interface UpdateSettingsRequest {
  keep_images: number;
}
