/**
 * Crash points for the update test: the real updater, killed at an exact step of an update, as
 * a power cut or an OOM kill would. A line `recreate:created` in `<state dir>/fault-injection`
 * makes the updater SIGKILL itself when it reaches that point (the line is consumed first, so
 * the restarted updater goes on). Nobody writes that file but a test: it lives in the updater's
 * private volume, which only someone who already controls the Docker Engine can reach.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export class FaultInjection {
  private readonly file: string;

  constructor(stateDir: string) {
    this.file = join(stateDir, "fault-injection");
  }

  hit(point: string): void {
    if (!existsSync(this.file)) return;
    const points = readFileSync(this.file, "utf8").split(/\s+/).filter(Boolean);
    if (!points.includes(point)) return;
    writeFileSync(`${this.file}.tmp`, points.filter((p) => p !== point).join("\n"));
    renameSync(`${this.file}.tmp`, this.file);
    process.kill(process.pid, "SIGKILL");
  }
}
