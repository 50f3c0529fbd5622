/**
 * Keeps a media process busy: asks it to drain the job queue, and when the queue was empty waits
 * a moment before asking again. The work itself happens inside workerd; this only knocks.
 *
 * photon's and ffmpeg's wasm memory only ever grows to its high-water mark, so after
 * `recycleAfterJobs` jobs the pump has the process restarted while it is idle: its memory
 * goes back to the baseline instead of staying at the size of the largest photo it ever saw.
 */
import { log } from "./log";

const IDLE_WAIT_MS = 1000;
const ERROR_WAIT_MS = 3000;
const MAINTENANCE_EVERY_MS = 3600_000;

export class MediaPump {
  private stopped = false;
  private wake: (() => void) | undefined;
  private lastMaintenance = 0;
  private jobsSinceStart = 0;

  /** `maintains`: this pump also asks for the hourly housekeeping (one pump does). */
  constructor(
    private readonly name: string,
    private readonly url: string,
    private readonly options: { maintains: boolean; recycleAfterJobs: number; recycle: () => Promise<void> },
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
        const response = await fetch(`${this.url}/drain`, { method: "POST" });
        const result = (await response.json()) as { processed: number; failed: number };
        this.jobsSinceStart += result.processed;
        if (result.processed === 0 && this.jobsSinceStart >= this.options.recycleAfterJobs) {
          log("hearth", `${this.name} recycled after ${this.jobsSinceStart} jobs, to give back its memory`);
          this.jobsSinceStart = 0;
          await this.options.recycle();
        }
        if (result.processed === 0) await this.sleep(IDLE_WAIT_MS);
      } catch (error) {
        if (this.stopped) break;
        log("hearth", `${this.name} did not answer (${(error as Error).message}); retrying`);
        await this.sleep(ERROR_WAIT_MS);
      }
    }
  }
}
