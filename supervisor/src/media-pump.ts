/**
 * Keeps one running media process busy: asks it to drain the job queue while there is work, and
 * tells its pool (media-pool.ts) when the process should stop. The work itself happens inside
 * workerd; this only knocks.
 *
 * A process stops
 *  - when it has found nothing to do for `idleStopMs` (the pool starts it again when jobs come);
 *  - at once when idle, if a drain left it more than `recycleAboveMb` above the resident size it
 *    had when idle after start (one big photo or video is enough), or after `recycleAfterJobs`
 *    jobs: wasm memory only ever grows to its high-water mark, and a stopped process gives it all
 *    back instead of keeping the size of the largest file it ever saw.
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

/** Longest wait between two drains of an idle process when nobody wakes it (the pool wakes it on new jobs). */
const IDLE_RECHECK_MS = 5000;
const ERROR_WAIT_MS = 3000;

/** Why a pump ended: the process should stop (or is gone). */
export type PumpEnd = { why: "idle" | "stopped" | "gone" } | { why: "recycle"; reason: string };

export interface PumpOptions {
  /** Shared by a pool's pumps: true (once) when the hourly housekeeping is due and this pump should run it. */
  claimMaintenance: () => boolean;
  idleStopMs: number;
  recycleAfterJobs: number;
  recycleAboveMb: number;
  rssMb: () => number | undefined;
  /** False once the process has exited. */
  alive: () => boolean;
  /** True while something else uses the process (the collector's pass): it is not idle then. */
  borrowed: () => boolean;
}

export class MediaPump {
  private stopped = false;
  private wakeUp: (() => void) | undefined;
  private jobsSinceStart = 0;
  /** Resident MB when idle after start; the recycle threshold is measured from it. */
  private baselineMb: number | undefined;

  constructor(
    private readonly name: string,
    private readonly url: string,
    private readonly options: PumpOptions,
  ) {}

  /** Ends run() with "stopped" (the supervisor is stopping). */
  stop(): void {
    this.stopped = true;
    this.wakeUp?.();
  }

  /** Drain now: there are jobs (or the supervisor is stopping). */
  wake(): void {
    this.wakeUp?.();
  }

  /** Waits `ms`; resolves true when woken early by wake() or stop(). */
  private sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.stopped) return resolve(true);
      const timer = setTimeout(() => resolve(false), ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
  }

  /** Called when idle: a reason to stop now rather than after idleStopMs, or undefined. */
  private recycleReason(): string | undefined {
    if (this.jobsSinceStart === 0) return undefined;
    const rss = this.options.rssMb();
    if (rss !== undefined && this.baselineMb !== undefined && rss > this.baselineMb + this.options.recycleAboveMb)
      return `its memory grew to ${Math.round(rss)} MB (idle baseline ${Math.round(this.baselineMb)} MB)`;
    if (this.jobsSinceStart >= this.options.recycleAfterJobs) return `${this.jobsSinceStart} jobs`;
    return undefined;
  }

  private async maintain(): Promise<void> {
    const response = await fetch(`${this.url}/maintenance`, { method: "POST" });
    const result = (await response.json()) as { purgedFromTrash: number; placesNamed?: number };
    if (result.purgedFromTrash > 0)
      log("hearth", `maintenance: ${result.purgedFromTrash} item(s) older than the trash retention deleted for good`);
    if (result.placesNamed) log("hearth", `maintenance: named the places of ${result.placesNamed} photo(s) with GPS`);
  }

  /** Drains until the process should stop; resolves with why. */
  async run(): Promise<PumpEnd> {
    let idleSince: number | undefined;
    while (!this.stopped) {
      if (!this.options.alive()) return { why: "gone" };
      try {
        if (this.options.claimMaintenance()) await this.maintain();
        // Before the first drain after start, the process is at its baseline.
        if (this.jobsSinceStart === 0 && this.baselineMb === undefined) this.baselineMb = this.options.rssMb();
        const response = await fetch(`${this.url}/drain`, { method: "POST" });
        const result = (await response.json()) as { processed: number; failed: number };
        this.jobsSinceStart += result.processed;
        if (result.processed > 0) {
          idleSince = undefined;
          continue;
        }
        if (this.options.borrowed()) {
          // In use by someone else: neither idle nor to be recycled under them.
          idleSince = undefined;
          await this.sleep(IDLE_RECHECK_MS);
          continue;
        }
        const reason = this.recycleReason();
        if (reason) return { why: "recycle", reason };
        idleSince ??= Date.now();
        const woken = await this.sleep(Math.min(IDLE_RECHECK_MS, this.options.idleStopMs - (Date.now() - idleSince)));
        // Not woken for new jobs and idle long enough: stop without knocking again.
        if (!woken && Date.now() - idleSince >= this.options.idleStopMs) return { why: "idle" };
      } catch (error) {
        if (this.stopped) break;
        if (!this.options.alive()) return { why: "gone" };
        log("hearth", `${this.name} did not answer (${(error as Error).message}); retrying`);
        await this.sleep(ERROR_WAIT_MS);
      }
    }
    return { why: "stopped" };
  }
}
