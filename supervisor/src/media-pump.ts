/**
 * Keeps a media process busy: asks it to drain the job queue, and when the queue was empty waits
 * a moment before asking again. The work itself happens inside workerd; this only knocks.
 *
 * photon's and ffmpeg's wasm memory only ever grows to its high-water mark, so the pump has the
 * process restarted while it is idle when a drain left it more than `recycleAboveMb` above the
 * resident size it had when idle after start (one big photo or video is enough), and in any case
 * after `recycleAfterJobs` jobs: its memory goes back to the baseline at once instead of staying
 * at the size of the largest file it ever saw.
 */
import { readFileSync } from "node:fs";
import { log } from "./log";

/** A process's resident memory in MB (VmRSS in /proc/<pid>/status); undefined when unreadable. */
export function residentMb(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

const IDLE_WAIT_MS = 1000;
const ERROR_WAIT_MS = 3000;
const MAINTENANCE_EVERY_MS = 3600_000;

export class MediaPump {
  private stopped = false;
  private wake: (() => void) | undefined;
  private lastMaintenance = 0;
  private jobsSinceStart = 0;
  /** Resident MB when idle after (re)start; the recycle threshold is measured from it. */
  private baselineMb: number | undefined;

  /** `maintains`: this pump also asks for the hourly housekeeping (one pump does). */
  constructor(
    private readonly name: string,
    readonly url: string,
    private readonly options: {
      maintains: boolean;
      recycleAfterJobs: number;
      recycleAboveMb: number;
      rssMb: () => number | undefined;
      recycle: () => Promise<void>;
    },
  ) {}

  start(): void {
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Called when idle (the last drain found nothing to do). */
  private async recycleIfGrown(): Promise<void> {
    const rss = this.options.rssMb();
    if (this.jobsSinceStart === 0) {
      // Idle and untouched since (re)start: this is the baseline.
      if (rss !== undefined && (this.baselineMb === undefined || rss < this.baselineMb)) this.baselineMb = rss;
      return;
    }
    const grown =
      rss !== undefined && this.baselineMb !== undefined && rss > this.baselineMb + this.options.recycleAboveMb;
    if (!grown && this.jobsSinceStart < this.options.recycleAfterJobs) return;
    const why = grown
      ? `its memory grew to ${Math.round(rss!)} MB (idle baseline ${Math.round(this.baselineMb!)} MB)`
      : `${this.jobsSinceStart} jobs`;
    log("hearth", `${this.name} recycled after ${why}, to give back its memory`);
    this.jobsSinceStart = 0;
    this.baselineMb = undefined;
    await this.options.recycle();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        if (this.options.maintains && Date.now() - this.lastMaintenance > MAINTENANCE_EVERY_MS) {
          this.lastMaintenance = Date.now();
          const result = (await (await fetch(`${this.url}/maintenance`, { method: "POST" })).json()) as {
            purgedFromTrash: number;
          };
          if (result.purgedFromTrash > 0)
            log(
              "hearth",
              `maintenance: ${result.purgedFromTrash} item(s) older than the trash retention deleted for good`,
            );
        }
        // Before the first drain after a (re)start, the process is at its baseline.
        if (this.jobsSinceStart === 0 && this.baselineMb === undefined) this.baselineMb = this.options.rssMb();
        const response = await fetch(`${this.url}/drain`, { method: "POST" });
        const result = (await response.json()) as { processed: number; failed: number };
        this.jobsSinceStart += result.processed;
        if (result.processed === 0) await this.recycleIfGrown();
        if (result.processed === 0) await this.sleep(IDLE_WAIT_MS);
      } catch (error) {
        if (this.stopped) break;
        log("hearth", `${this.name} did not answer (${(error as Error).message}); retrying`);
        await this.sleep(ERROR_WAIT_MS);
      }
    }
  }
}
