/**
 * Keeps a media process busy: asks it to drain the job queue, and when the queue was empty waits
 * a moment before asking again. The work itself happens inside workerd; this only knocks.
 */
import { log } from "./log";

const IDLE_WAIT_MS = 1000;
const ERROR_WAIT_MS = 3000;
const MAINTENANCE_EVERY_MS = 3600_000;

export class MediaPump {
  private stopped = false;
  private wake: (() => void) | undefined;
  private lastMaintenance = 0;

  /** `maintains`: this pump also asks for the hourly housekeeping (one pump does). */
  constructor(
    private readonly name: string,
    private readonly url: string,
    private readonly maintains = false,
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
        if (this.maintains && Date.now() - this.lastMaintenance > MAINTENANCE_EVERY_MS) {
          this.lastMaintenance = Date.now();
          const result = (await (await fetch(`${this.url}/maintenance`, { method: "POST" })).json()) as { purgedFromTrash: number };
          if (result.purgedFromTrash > 0) log("hearth", `maintenance: ${result.purgedFromTrash} item(s) older than the trash retention deleted for good`);
        }
        const response = await fetch(`${this.url}/drain`, { method: "POST" });
        const result = (await response.json()) as { processed: number; failed: number };
        if (result.processed === 0) await this.sleep(IDLE_WAIT_MS);
      } catch (error) {
        if (this.stopped) break;
        log("hearth", `${this.name} did not answer (${(error as Error).message}); retrying`);
        await this.sleep(ERROR_WAIT_MS);
      }
    }
  }
}
