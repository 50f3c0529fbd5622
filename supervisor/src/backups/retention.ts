/**
 * Which backups are kept. Scheduled ones: the newest BACKUP_KEEP (default 7). Backups taken
 * before a migration or an update: the newest 10, because a rollback or a late-noticed problem
 * needs them. Manual ones and copies kept by a restore are never pruned: someone asked for them.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { backupsDir, listBackups, type BackupManifest } from "./manifest";

export const KEEP_BEFORE_CHANGES = 10;

function kindOf(backup: BackupManifest): "scheduled" | "before-change" | "kept" {
  if (backup.reason === "scheduled") return "scheduled";
  if (/^(before-|update-)/.test(backup.reason)) return "before-change";
  return "kept";
}

/** Deletes backups beyond what is kept; returns the names deleted. */
export function pruneBackups(dataDir: string, keepScheduled: number): string[] {
  const all = listBackups(dataDir);
  const doomed: string[] = [];
  const limits = { scheduled: keepScheduled, "before-change": KEEP_BEFORE_CHANGES };
  for (const kind of ["scheduled", "before-change"] as const) {
    const ofKind = all.filter((b) => kindOf(b) === kind);
    doomed.push(...ofKind.slice(0, Math.max(0, ofKind.length - limits[kind])).map((b) => b.name));
  }
  for (const name of doomed) rmSync(join(backupsDir(dataDir), name), { recursive: true, force: true });
  return doomed;
}
