/**
 * A child process the supervisor keeps alive: its output is logged line by line, a crash is
 * restarted with a growing delay (reset once it has stayed up a minute), and stop() ends it with
 * SIGTERM, then SIGKILL if it has not gone in time. It is started so that it dies with the
 * supervisor (parent-death.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { log, pipeLines } from "./log";
import { diesWithParent } from "./parent-death";

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Runs after every (re)start; a rejection counts as a failed start. */
  whenStarted?: (child: ManagedChild) => Promise<void>;
  /** False: a crash is reported to `onCrash` and not restarted here (the media pool starts processes on demand). */
  restartOnCrash?: boolean;
  /** Called when the process exits without stop() having been asked. */
  onCrash?: (reason: string) => void;
}

const MAX_BACKOFF_MS = 30_000;
const STABLE_AFTER_MS = 60_000;

export class ManagedChild {
  private process: ChildProcess | undefined;
  private stopping = false;
  private restarts = 0;
  private startedAt = 0;
  private exitWaiters: (() => void)[] = [];
  /** The last lines it printed, to explain a failed start. */
  readonly recentOutput: string[] = [];

  constructor(readonly spec: ChildSpec) {}

  get pid(): number | undefined {
    return this.process?.pid;
  }

  get running(): boolean {
    return this.process !== undefined && this.process.exitCode === null && this.process.signalCode === null;
  }

  /** Spawns the process; resolves when `whenStarted` (if any) has passed. */
  async start(): Promise<void> {
    this.stopping = false;
    this.startedAt = Date.now();
    const { command, args } = diesWithParent(this.spec.command, this.spec.args);
    const child = spawn(command, args, {
      env: this.spec.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.process = child;
    const remember = (chunk: Buffer) => {
      this.recentOutput.push(
        ...chunk
          .toString("utf8")
          .split("\n")
          .filter((l) => l.trim()),
      );
      this.recentOutput.splice(0, Math.max(0, this.recentOutput.length - 20));
    };
    child.stdout.on("data", remember);
    child.stderr.on("data", remember);
    pipeLines(this.spec.name, child.stdout);
    pipeLines(this.spec.name, child.stderr);
    child.once("exit", (code, signal) => this.onExit(child, code, signal));
    child.once("error", (error) => log(this.spec.name, `could not start: ${error.message}`));
    log("hearth", `${this.spec.name} started (pid ${child.pid})`);
    await this.spec.whenStarted?.(this);
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (child !== this.process) return;
    const waiters = this.exitWaiters.splice(0);
    waiters.forEach((w) => w());
    if (this.stopping) return;
    const reason = signal ?? `code ${code}`;
    this.spec.onCrash?.(reason);
    if (this.spec.restartOnCrash === false) {
      log("hearth", `${this.spec.name} exited unexpectedly (${reason})`);
      return;
    }
    if (Date.now() - this.startedAt > STABLE_AFTER_MS) this.restarts = 0;
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.restarts);
    this.restarts++;
    log("hearth", `${this.spec.name} exited unexpectedly (${reason}); restarting in ${delay / 1000} s`);
    setTimeout(() => {
      if (this.stopping) return;
      this.start().then(
        () => log("hearth", `${this.spec.name} restarted`),
        (error: Error) => log("hearth", `${this.spec.name} restart failed: ${error.message}`),
      );
    }, delay).unref();
  }

  /** Resolves when the current process exits (at once if none is running). */
  exited(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.exitWaiters.push(resolve));
  }

  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    const child = this.process;
    if (!child || !this.running) return;
    const done = this.exited();
    child.kill("SIGTERM");
    const timer = setTimeout(() => {
      log("hearth", `${this.spec.name} did not stop within ${graceMs} ms; killing it`);
      child.kill("SIGKILL");
    }, graceMs);
    await done;
    clearTimeout(timer);
  }
}

/**
 * Polls `url` until it answers `ok`, the child dies, or time runs out. A ref'd timer is held for the
 * whole wait: the fetch's own timeout is unref'd, so when the child died mid-fetch nothing else kept
 * Node's event loop alive and the supervisor exited with status 0 instead of reporting why.
 */
export async function waitForHttp(
  url: string,
  child: ManagedChild,
  timeoutMs: number,
  ok = (r: Response) => r.ok,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const keepAlive = setInterval(() => {}, 1000);
  const died = child.exited().then(() => undefined);
  try {
    while (Date.now() < deadline) {
      if (!child.running)
        throw new Error(
          `${child.spec.name} exited during start-up: ${child.recentOutput.slice(-5).join(" | ") || "no output"}`,
        );
      try {
        const response = await Promise.race([fetch(url, { signal: AbortSignal.timeout(2000) }), died]);
        await response?.body?.cancel();
        if (response && ok(response)) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(
      `${child.spec.name} did not become ready within ${timeoutMs / 1000} s: ${child.recentOutput.slice(-5).join(" | ")}`,
    );
  } finally {
    clearInterval(keepAlive);
  }
}
