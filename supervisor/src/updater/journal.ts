/**
 * The updater's memory on disk (UPDATER_STATE_DIR): `current.json` is the run in progress, and
 * while it is there and not finished it IS the lock, so one update at a time holds across an
 * updater restart, and a restarted updater knows what to undo. Finished runs go to
 * `history/<id>.json` with their whole log. Every write is temp file + rename: never half a file.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RecordedContainer } from "./container-spec";

export const PHASES = ["preflight", "backup", "pull", "migrate", "recreate", "healthcheck"] as const;
export type Phase = (typeof PHASES)[number];
export type UpdateState = "idle" | Phase | "completed" | "failed" | "rolling_back" | "rolled_back" | "cancelled";
export const FINISHED: UpdateState[] = ["completed", "failed", "rolled_back", "cancelled"];

export interface ImageVersion {
  tag: string;
  digest: string;
  /** The reference the engine pulls or runs: `repo@sha256:…` (pinned by digest). */
  ref: string;
}

export interface UpdateRun {
  update_id: string;
  kind: "update" | "rollback";
  state: UpdateState;
  /** 0..1 within the current phase (the pull's bytes; else 0 or 1). */
  progress: number;
  started_at: string;
  finished_at?: string;
  from?: ImageVersion;
  to: ImageVersion;
  /** Seconds each phase took, in order: the figures the admin page shows. */
  timings: Partial<Record<Phase | "rolling_back", number>>;
  /** Set once the app container was stopped: from then on a failure must roll back. */
  app_stopped: boolean;
  cancel_requested: boolean;
  backup?: string;
  /** For a rollback to an older version: the backup from that version that is restored. */
  restore_backup?: string;
  recorded?: RecordedContainer;
  /** The old container's name while it is kept aside during the update. */
  kept_as?: string;
  new_container_id?: string;
  error?: string;
  log: string[];
}

export class Journal {
  constructor(readonly dir: string) {
    mkdirSync(join(dir, "history"), { recursive: true });
  }

  private write(path: string, value: unknown): void {
    writeFileSync(`${path}.tmp`, JSON.stringify(value, null, 2));
    renameSync(`${path}.tmp`, path);
  }

  current(): UpdateRun | undefined {
    const path = join(this.dir, "current.json");
    return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as UpdateRun) : undefined;
  }

  save(run: UpdateRun): void {
    this.write(join(this.dir, "current.json"), run);
  }

  /** Files a finished run into the history and frees the lock. */
  finish(run: UpdateRun): void {
    this.write(join(this.dir, "history", `${run.started_at.replace(/[:.]/g, "-")}-${run.update_id}.json`), run);
    rmSync(join(this.dir, "current.json"), { force: true });
  }

  find(id: string): UpdateRun | undefined {
    const current = this.current();
    if (current?.update_id === id) return current;
    const file = readdirSync(join(this.dir, "history")).find((f) => f.endsWith(`-${id}.json`));
    return file ? (JSON.parse(readFileSync(join(this.dir, "history", file), "utf8")) as UpdateRun) : undefined;
  }

  /** Finished runs, newest first. */
  history(limit = 20): UpdateRun[] {
    return readdirSync(join(this.dir, "history"))
      .filter((f) => f.endsWith(".json"))
      .sort()
      .reverse()
      .slice(0, limit)
      .map((f) => JSON.parse(readFileSync(join(this.dir, "history", f), "utf8")) as UpdateRun);
  }

  /** Small settings the admin changes on the Updates page. */
  settings(): { keep_images: number } {
    const path = join(this.dir, "settings.json");
    return existsSync(path)
      ? JSON.parse(readFileSync(path, "utf8"))
      : { keep_images: Number(process.env.KEEP_IMAGES || 3) };
  }

  saveSettings(settings: { keep_images: number }): void {
    this.write(join(this.dir, "settings.json"), settings);
  }
}
