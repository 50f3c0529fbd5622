/** The scheduled backup: every BACKUP_INTERVAL_HOURS while Hearth runs, then pruning. */
import { listBackups } from "./manifest";
import { pruneBackups } from "./retention";
import { takeSnapshot, type SnapshotSource } from "./snapshot";

export interface BackupSchedule {
  stop: () => void;
}

export function scheduleBackups(
  options: { dataDir: string; intervalHours: number; keep: number; hearthVersion: string },
  source: SnapshotSource,
  log: (line: string) => void,
): BackupSchedule {
  const intervalMs = options.intervalHours * 3600_000;
  const run = async () => {
    try {
      const manifest = await takeSnapshot(source, {
        dataDir: options.dataDir,
        reason: "scheduled",
        hearthVersion: options.hearthVersion,
      });
      const pruned = pruneBackups(options.dataDir, options.keep);
      log(
        `scheduled backup ${manifest.name} (${manifest.database.bytes} bytes)${pruned.length ? `; pruned ${pruned.join(", ")}` : ""}`,
      );
    } catch (error) {
      log(`scheduled backup failed: ${(error as Error).message}`);
    }
  };
  // The first one is due one interval after the newest scheduled backup (a restart does not reset the clock).
  const last = listBackups(options.dataDir)
    .filter((b) => b.reason === "scheduled" && b.created_at)
    .map((b) => Date.parse(b.created_at))
    .pop();
  const firstDelay = last === undefined ? 60_000 : Math.max(60_000, last + intervalMs - Date.now());
  let interval: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    void run();
    interval = setInterval(() => void run(), intervalMs);
    interval.unref();
  }, firstDelay);
  first.unref();
  return {
    stop: () => {
      clearTimeout(first);
      if (interval) clearInterval(interval);
    },
  };
}
