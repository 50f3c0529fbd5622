/**
 * One update (or a rollback to an older local version), as a state machine:
 *   idle → preflight → backup → pull → migrate → recreate → healthcheck → completed
 *   and on a failure once the app was stopped: failed → rolling_back → rolled_back
 * Every step is written to the journal before and after it runs, so an updater killed at any
 * point knows on restart whether the app was touched (then it rolls back) or not (then the run
 * simply failed and nothing changed). Cancel is honoured until `recreate` begins.
 */
import { randomUUID } from "node:crypto";
import type { Engine } from "./engine";
import { recordContainer, type RecordedContainer } from "./container-spec";
import { FINISHED, Journal, type ImageVersion, type Phase, type UpdateRun } from "./journal";
import { FaultInjection } from "./fault-injection";
import { waitHealthy } from "./health";

export interface UpdaterSettings {
  /** The app's image repository, e.g. `ghcr.io/owner/hearth` or `127.0.0.1:5000/hearth`. */
  repository: string;
  /** The app container's name (compose: `container_name: hearth`). */
  container: string;
  /** Where the updater reaches the app on the stack's network, e.g. `http://hearth:8787`. */
  appUrl: string;
  healthTimeoutMs: number;
  /** Smallest free space on the data disk before an update starts, over the image's own size. */
  minFreeBytes: number;
}

export class UpdateError extends Error {
  constructor(
    readonly status: 400 | 409,
    message: string,
  ) {
    super(message);
  }
}

const CANCELLABLE: UpdateRun["state"][] = ["preflight", "backup", "pull", "migrate"];

export class UpdateRunner {
  private abort?: AbortController;
  private running?: Promise<void>;
  /** The run being executed: the one object every step reads and writes (the journal is its copy). */
  private active?: UpdateRun;
  private readonly faults: FaultInjection;

  constructor(
    private readonly settings: UpdaterSettings,
    private readonly engine: Engine,
    private readonly journal: Journal,
    private readonly onChange: (run: UpdateRun) => void,
  ) {
    this.faults = new FaultInjection(journal.dir);
  }

  /** Starts a run in the background and returns it as first saved. 409 while one runs. */
  begin(kind: UpdateRun["kind"], to: ImageVersion, from: ImageVersion | undefined, restoreBackup?: string): UpdateRun {
    const current = this.journal.current();
    if (current && !FINISHED.includes(current.state))
      throw new UpdateError(409, `An update to ${current.to.tag} is already running (${current.state}).`);
    const run: UpdateRun = {
      update_id: randomUUID(),
      kind,
      state: "preflight",
      progress: 0,
      started_at: new Date().toISOString(),
      from,
      to,
      timings: {},
      app_stopped: false,
      cancel_requested: false,
      restore_backup: restoreBackup,
      log: [],
    };
    this.active = run;
    this.say(
      run,
      kind === "update"
        ? `update ${from?.tag ?? "?"} → ${to.tag} (${to.ref})`
        : `roll back ${from?.tag ?? "?"} → ${to.tag}`,
    );
    this.running = this.execute(run);
    return run;
  }

  /** Asks the run to stop; refused (409) once `recreate` began. */
  cancel(id: string): UpdateRun {
    const run = this.active;
    if (!run || run.update_id !== id || FINISHED.includes(run.state))
      throw new UpdateError(409, "That update is not running.");
    if (!CANCELLABLE.includes(run.state))
      throw new UpdateError(
        409,
        `Too late to cancel: the update is in ${run.state}; it will finish or roll back by itself.`,
      );
    run.cancel_requested = true;
    this.say(run, "cancel requested by the admin");
    this.abort?.abort();
    return run;
  }

  /** After an updater restart: finish what a killed updater left (roll back, or record the failure). */
  async resume(): Promise<void> {
    const run = this.journal.current();
    if (!run) return;
    // Killed between recording the end and filing it: file it now.
    if (FINISHED.includes(run.state)) return this.journal.finish(run);
    this.active = run;
    this.say(run, `the updater restarted during ${run.state}`);
    if (run.state === "healthcheck" && run.timings.healthcheck !== undefined) {
      // The new version had passed its health check: the update is done but for tidying up.
      if (run.kept_as) await this.engine.remove(run.kept_as);
      this.end(run, "completed");
      return;
    }
    if (!run.app_stopped) {
      run.error = `the updater stopped during ${run.state}; the app was never stopped, so nothing changed`;
      this.end(run, "failed");
      return;
    }
    this.running = this.rollBack(run, `the updater stopped during ${run.state}`);
    await this.running;
  }

  /** Resolves when the run in progress (if any) has ended: for tests and the CLI. */
  async settled(): Promise<void> {
    await this.running;
  }

  private say(run: UpdateRun, line: string): void {
    run.log.push(`${new Date().toISOString()} ${line}`);
    if (run.log.length > 500) run.log.splice(0, run.log.length - 500);
    this.journal.save(run);
    this.onChange(run);
  }

  private end(run: UpdateRun, state: "completed" | "failed" | "rolled_back" | "cancelled"): void {
    run.state = state;
    run.finished_at = new Date().toISOString();
    this.say(run, `finished: ${state}${run.error ? ` (${run.error})` : ""}`);
    this.journal.finish(run);
    this.onChange(run);
  }

  private async phase(run: UpdateRun, phase: Phase, work: () => Promise<void>): Promise<void> {
    if (run.cancel_requested && CANCELLABLE.includes(phase)) throw new Cancelled();
    run.state = phase;
    run.progress = 0;
    this.say(run, `${phase}…`);
    const started = Date.now();
    await work();
    run.timings[phase] = (Date.now() - started) / 1000;
    run.progress = 1;
    this.say(run, `${phase} done in ${run.timings[phase]!.toFixed(1)} s`);
  }

  private async execute(run: UpdateRun): Promise<void> {
    this.abort = new AbortController();
    const { container } = this.settings;
    try {
      await this.phase(run, "preflight", () => this.preflight(run));
      await this.phase(run, "backup", async () => {
        const from = run.from?.tag ?? "unknown";
        const result = await this.engine.exec(container, [
          "hearth",
          "backup",
          "--reason",
          `update-${from}-to-${run.to.tag}`,
        ]);
        if (result.code !== 0) throw new Error(`the backup failed: ${result.output.trim()}`);
        run.backup = result.output.trim().split("\n").pop()!.trim();
        this.say(run, `database snapshot in backups/${run.backup}`);
      });
      await this.phase(run, "pull", async () => {
        if (await this.engine.image(run.to.ref)) {
          this.say(run, `${run.to.ref} is already here`);
          return;
        }
        let last = 0;
        await this.engine.pull(
          run.to.ref,
          ({ done, total }) => {
            run.progress = total > 0 ? done / total : 0;
            if (Date.now() - last > 500) {
              last = Date.now();
              this.onChange(run);
            }
          },
          this.abort?.signal,
        );
        const pulled = await this.engine.image(run.to.ref);
        if (pulled) await this.engine.tag(pulled.Id, this.settings.repository, run.to.tag);
      });
      await this.phase(run, "migrate", async () => {
        // Journal first: a kill between these two lines must still roll back (which is harmless
        // when the app was in fact never stopped: the snapshot just taken is restored).
        run.app_stopped = true;
        this.say(run, "stopping the app");
        await this.engine.stop(container);
        this.say(run, "the app is stopped");
        this.faults.hit("migrate:stopped");
        const command = run.kind === "rollback" ? ["restore", run.restore_backup!] : ["migrate"];
        const result = await this.engine.runOnce(
          run.to.ref,
          command,
          run.recorded!,
          `${container}-${command[0]}-${run.update_id.slice(0, 8)}`,
        );
        for (const line of result.output.trim().split("\n").slice(-20)) if (line) this.say(run, `  ${line}`);
        if (result.code !== 0)
          throw new Error(`\`hearth ${command.join(" ")}\` in the new image exited with ${result.code}`);
        if (run.cancel_requested) throw new Cancelled();
      });
      await this.phase(run, "recreate", async () => {
        // Each destructive step is journalled before it happens; the rollback finds the old
        // container by its id (whatever its name) and removes whatever holds the app's name.
        run.kept_as = `${container}-previous-${run.update_id.slice(0, 8)}`;
        this.say(run, `keeping the old container ${run.recorded!.id.slice(0, 12)} as ${run.kept_as}`);
        await this.engine.rename(run.recorded!.id, run.kept_as);
        this.faults.hit("recreate:renamed");
        run.new_container_id = await this.engine.createFrom(run.recorded!, run.to.ref, container);
        this.say(run, `created the new container ${run.new_container_id.slice(0, 12)} from ${run.to.ref}`);
        this.faults.hit("recreate:created");
        await this.engine.start(run.new_container_id);
        this.faults.hit("recreate:started");
      });
      await this.phase(run, "healthcheck", () =>
        waitHealthy(this.settings.appUrl, run.to.tag, this.settings.healthTimeoutMs, (line) => this.say(run, line)),
      );
      await this.engine.remove(run.kept_as!);
      this.end(run, "completed");
    } catch (error) {
      const cancelled = error instanceof Cancelled || run.cancel_requested;
      run.error = cancelled ? "cancelled by the admin" : (error as Error).message;
      this.say(run, `${run.state} failed: ${run.error}`);
      if (!run.app_stopped) {
        this.end(run, cancelled ? "cancelled" : "failed");
        return;
      }
      await this.rollBack(run, run.error);
    }
  }

  private async preflight(run: UpdateRun): Promise<void> {
    await this.engine.ping().catch((e: Error) => {
      throw new Error(`the Docker Engine does not answer: ${e.message}`);
    });
    const inspect = await this.engine.inspect(this.settings.container);
    if (!inspect?.State.Running) throw new Error(`the app container "${this.settings.container}" is not running`);
    const image = await this.engine.image(inspect.Image);
    const digest = image?.RepoDigests?.find((d) => d.startsWith(`${this.settings.repository}@`)) ?? inspect.Image;
    run.recorded = recordContainer(inspect, image?.Config ?? {}, digest);
    run.from = { tag: run.from?.tag ?? "unknown", digest: digest.replace(/^.*@/, ""), ref: inspect.Image };
    this.say(run, `recorded the app container ${inspect.Id.slice(0, 12)} (image ${digest})`);
    const df = await this.engine.exec(this.settings.container, ["df", "-Pk", "/data"]);
    const free = Number(df.output.trim().split("\n").pop()?.split(/\s+/)[3] ?? NaN) * 1024;
    const need = (image?.Size ?? 0) + this.settings.minFreeBytes;
    if (Number.isFinite(free)) {
      this.say(run, `${(free / 1e9).toFixed(1)} GB free on the data disk`);
      if (free < need)
        throw new Error(
          `only ${(free / 1e9).toFixed(2)} GB free; the backup and the new image need ${(need / 1e9).toFixed(2)} GB`,
        );
    }
  }

  /**
   * Puts the old version and its data back: remove the new container, restore the snapshot,
   * start the old container (or re-create it from its record and digest when it is gone).
   * Every step is idempotent, so an updater killed here simply runs it again from the top.
   */
  private async rollBack(run: UpdateRun, reason: string): Promise<void> {
    const started = Date.now();
    run.state = "rolling_back";
    run.progress = 0;
    this.say(run, `rolling back: ${reason}`);
    try {
      const recorded = run.recorded as RecordedContainer;
      const { container } = this.settings;
      for (const other of [container, run.new_container_id]) {
        const occupant = other ? await this.engine.inspect(other) : undefined;
        if (occupant && occupant.Id !== recorded.id) {
          // Stopped first, so its Hearth shuts down cleanly (sqld flushed, runtime file removed).
          await this.engine.stop(occupant.Id);
          await this.engine.remove(occupant.Id);
          this.say(run, `removed the new container ${occupant.Id.slice(0, 12)}`);
        }
      }
      this.faults.hit("rolling_back:removed");
      await this.engine.stop(recorded.id);
      const image = await this.oldImage(run, recorded);
      if (run.backup) {
        const result = await this.engine.runOnce(
          image,
          ["restore", run.backup],
          recorded,
          `${container}-restore-${run.update_id.slice(0, 8)}`,
        );
        for (const line of result.output.trim().split("\n").slice(-10)) if (line) this.say(run, `  ${line}`);
        if (result.code !== 0) throw new Error(`restoring backups/${run.backup} failed (exit ${result.code})`);
        this.say(run, `restored the database snapshot backups/${run.backup}`);
      }
      this.faults.hit("rolling_back:restored");
      const old = await this.engine.inspect(recorded.id);
      if (old) {
        if (old.Name.replace(/^\//, "") !== container) await this.engine.rename(recorded.id, container);
        await this.engine.start(recorded.id);
        this.say(run, `started the old container ${recorded.id.slice(0, 12)} again`);
      } else {
        const id = await this.engine.createFrom(recorded, image, container);
        await this.engine.start(id);
        this.say(run, `re-created the old container from its record (image ${recorded.image_digest})`);
      }
      await waitHealthy(this.settings.appUrl, run.from?.tag, this.settings.healthTimeoutMs, (line) =>
        this.say(run, line),
      );
      run.timings.rolling_back = (Date.now() - started) / 1000;
      this.end(run, "rolled_back");
    } catch (error) {
      run.error = `${reason}; and the rollback failed: ${(error as Error).message}`;
      this.end(run, "failed");
    }
  }

  /** The old container's image: still here by id, or pulled again by its recorded digest. */
  private async oldImage(run: UpdateRun, recorded: RecordedContainer): Promise<string> {
    if (await this.engine.image(recorded.image_id)) return recorded.image_id;
    if (!recorded.image_digest.includes("@"))
      throw new Error(`the old image ${recorded.image_id} is gone and was never pulled by digest`);
    this.say(run, `the old image is gone; pulling ${recorded.image_digest} again`);
    await this.engine.pull(recorded.image_digest, () => {});
    return recorded.image_digest;
  }
}

class Cancelled extends Error {
  constructor() {
    super("cancelled by the admin");
  }
}
