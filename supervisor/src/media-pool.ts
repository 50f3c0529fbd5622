/**
 * Media processes on demand. Up to MEDIA_CONCURRENCY media workerd processes, started only while
 * there is work: every second the pool asks the database how many jobs could be claimed now (the
 * queue is durable, so this is also how it learns of jobs queued by the edge, retries falling
 * due and leases that lapsed) and starts that many processes, up to the limit. A process stops
 * after MEDIA_IDLE_SECONDS with nothing to do (media-pump.ts), so at rest no codec memory is held.
 *
 * Nothing is lost between the two: a job queued while a process is stopping stays in the queue,
 * and the pool looks again as soon as the process is gone (and every second anyway). The jobs a
 * process held when it died go back to the queue at once.
 */
import { ManagedChild, waitForHttp } from "./child";
import { log } from "./log";
import { MediaPump, residentMb, type PumpEnd } from "./media-pump";

const POLL_MS = 1000;
const MAINTENANCE_EVERY_MS = 3600_000;
const MAX_BACKOFF_MS = 30_000;
/**
 * How long a media process gets to answer its health check: as the edge's (main.ts), seconds on a
 * PC but a minute or more on a slow Raspberry Pi or under qemu emulation (the arm64 image test saw
 * 30 s run out on a busy machine, and the slot then never started).
 */
const READY_TIMEOUT_MS = 120_000;
/** How long withProcess waits for a process it had to start. */
const BORROW_START_TIMEOUT_MS = 60_000;

export interface MediaProcessSpec {
  /** media-1, media-2... */
  name: string;
  /** The command that runs it (its config written), and where it answers. */
  command: string;
  args: string[];
  url: string;
}

export interface MediaPoolOptions {
  concurrency: number;
  idleStopMs: number;
  recycleAfterJobs: number;
  recycleAboveMb: number;
  stopGraceMs: number;
  /** The process for slot `index` (0-based), its config written; asked at every start (a fresh port each time). */
  process: (index: number) => Promise<MediaProcessSpec>;
  /** Jobs claimable now, at most `upTo`. */
  runnableJobs: (upTo: number) => Promise<number>;
  /** Puts the jobs held by the named process back in the queue; how many. */
  requeueJobsOf: (name: string) => Promise<number>;
}

type SlotState = "stopped" | "starting" | "running" | "stopping";

interface Slot {
  index: number;
  name: string;
  /** The current (or last) process; undefined before the first start. */
  child?: ManagedChild;
  state: SlotState;
  pump?: MediaPump;
  /** Where the running process answers. */
  url?: string;
  /** Tasks using the running process (withProcess): it is kept alive while any runs. */
  borrowed: number;
  /** Consecutive failed starts or crashes, and the time before which it is not started again. */
  failures: number;
  notBefore: number;
}

export class MediaPool {
  private readonly slots: Slot[] = [];
  private timer: NodeJS.Timeout | undefined;
  private checking = false;
  private stopped = false;
  private lastMaintenance = 0;
  private pollFailing = false;

  constructor(private readonly options: MediaPoolOptions) {
    for (let index = 0; index < options.concurrency; index++)
      this.slots.push({ index, name: `media-${index + 1}`, state: "stopped", borrowed: 0, failures: 0, notBefore: 0 });
  }

  /** How many processes run now (starting or running). */
  get active(): number {
    return this.slots.filter((s) => s.state === "starting" || s.state === "running").length;
  }

  start(): void {
    this.timer = setInterval(() => void this.check(), POLL_MS);
    void this.check();
  }

  /** Stops polling and every process (jobs in flight go back to the queue at the next start). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.slots.forEach((s) => s.pump?.stop());
    await Promise.all(this.slots.map((s) => s.child?.stop(this.options.stopGraceMs)));
  }

  /**
   * Runs `task` with the address of a running media process, starting the first slot's process if
   * none runs, and keeps that process from stopping (idle or recycle) until the task ends. For work
   * that is not a job, such as the collector's pass over the blob store.
   */
  async withProcess<T>(task: (url: string) => Promise<T>): Promise<T> {
    const slot = this.slots.find((s) => s.state === "running") ?? this.slots[0];
    if (!slot) throw new Error("MEDIA_CONCURRENCY is 0");
    slot.borrowed++;
    try {
      const deadline = Date.now() + BORROW_START_TIMEOUT_MS;
      while (slot.state !== "running" || !slot.url) {
        if (this.stopped) throw new Error("Hearth is stopping");
        if (Date.now() > deadline) throw new Error(`${slot.name} did not start`);
        if (slot.state === "stopped" && Date.now() >= slot.notBefore) void this.run(slot);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return await task(slot.url);
    } finally {
      slot.borrowed--;
    }
  }

  /** The hourly housekeeping (trash retention, expired uploads) runs in whichever process asks first once it is due. */
  private claimMaintenance = (): boolean => {
    if (Date.now() - this.lastMaintenance < MAINTENANCE_EVERY_MS) return false;
    this.lastMaintenance = Date.now();
    return true;
  };

  /** Starts as many processes as there are claimable jobs (up to the limit), and wakes the idle ones. */
  private async check(): Promise<void> {
    if (this.checking || this.stopped) return;
    this.checking = true;
    try {
      const runnable = await this.options.runnableJobs(this.slots.length);
      if (this.pollFailing) log("hearth", "media pool: the job queue answers again");
      this.pollFailing = false;
      const maintenanceDue = Date.now() - this.lastMaintenance >= MAINTENANCE_EVERY_MS;
      const wanted = Math.min(this.slots.length, Math.max(runnable, maintenanceDue ? 1 : 0));
      if (runnable > 0) this.slots.forEach((s) => s.pump?.wake());
      let active = this.active;
      for (const slot of this.slots) {
        if (active >= wanted || this.stopped) break;
        if (slot.state !== "stopped" || Date.now() < slot.notBefore) continue;
        active++;
        void this.run(slot);
      }
    } catch (error) {
      // The database is down or busy; the next poll tries again (said once, not every second).
      if (!this.pollFailing) log("hearth", `media pool: cannot read the job queue (${(error as Error).message})`);
      this.pollFailing = true;
    } finally {
      this.checking = false;
    }
  }

  /** One life of a slot's process: start, pump until idle (or recycled, or gone), stop. */
  private async run(slot: Slot): Promise<void> {
    const { name } = slot;
    slot.state = "starting";
    let child: ManagedChild | undefined;
    let url = "";
    try {
      const spec = await this.options.process(slot.index);
      if (this.stopped) return;
      url = spec.url;
      child = new ManagedChild({
        name,
        command: spec.command,
        args: spec.args,
        restartOnCrash: false,
        onCrash: () => this.crashed(slot),
        whenStarted: (started) => waitForHttp(`${spec.url}/health`, started, READY_TIMEOUT_MS),
      });
      slot.child = child;
      await child.start();
    } catch (error) {
      log("hearth", `${name} could not start: ${(error as Error).message}`);
      if (!child || child.running) this.backOff(slot); // (one that died has been backed off by crashed())
      await child?.stop(this.options.stopGraceMs);
      slot.state = "stopped";
      return;
    }
    if (this.stopped) return;
    slot.state = "running";
    slot.url = url;
    log("hearth", `${name} ready on ${url.replace(/^http:\/\//, "")}`);
    const pump = new MediaPump(name, url, {
      claimMaintenance: this.claimMaintenance,
      idleStopMs: this.options.idleStopMs,
      recycleAfterJobs: this.options.recycleAfterJobs,
      recycleAboveMb: this.options.recycleAboveMb,
      rssMb: () => (child.pid === undefined ? undefined : residentMb(child.pid)),
      alive: () => child.running,
      borrowed: () => slot.borrowed > 0,
    });
    slot.pump = pump;
    const end = await pump.run();
    slot.pump = undefined;
    if (end.why === "stopped") return; // stop() ends the process
    slot.state = "stopping";
    slot.url = undefined;
    log("hearth", `${name} ${describeEnd(end, this.options.idleStopMs)}`);
    if (end.why !== "gone") slot.failures = 0;
    await child.stop(this.options.stopGraceMs);
    slot.state = "stopped";
    // Jobs queued while it was stopping need not wait for the next poll.
    void this.check();
  }

  /** Its process exited on its own: what it held goes back to the queue now, and it is started again after a pause. */
  private crashed(slot: Slot): void {
    this.backOff(slot);
    slot.pump?.wake();
    void this.options.requeueJobsOf(slot.name).then(
      (requeued) => {
        if (requeued > 0) log("hearth", `${slot.name}: ${requeued} job(s) it was running went back to the queue`);
      },
      (error: Error) => log("hearth", `could not requeue the jobs of ${slot.name}: ${error.message}`),
    );
  }

  private backOff(slot: Slot): void {
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** slot.failures);
    slot.failures++;
    slot.notBefore = Date.now() + delay;
  }
}

function describeEnd(end: PumpEnd, idleStopMs: number): string {
  if (end.why === "recycle") return `recycled after ${end.reason}, to give back its memory`;
  if (end.why === "gone") return "is gone; it starts again when there is work";
  return `stopped after ${Math.round(idleStopMs / 1000)} s without work`;
}
