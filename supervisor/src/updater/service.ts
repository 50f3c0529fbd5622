/**
 * `hearth updater`: the compose stack's updater service (the same image as the app). It is the
 * one service that reaches the Docker Engine (DOCKER_HOST, the socket proxy), listens on the
 * stack's internal network, and on start finishes whatever a killed updater left half done.
 */
import { Engine } from "./engine";
import { Journal, type UpdateRun } from "./journal";
import { Releases } from "./releases";
import { updaterServer, type UpdaterContext } from "./server";
import { UpdateRunner } from "./update-run";
import { CHANNELS, type Channel } from "./versions";

export interface UpdaterConfig {
  repository: string;
  secret: string;
  port: number;
  host: string;
  stateDir: string;
  container: string;
  appUrl: string;
  channel: Channel;
  healthTimeoutMs: number;
  minFreeBytes: number;
  insecureRegistry: boolean;
}

export function readUpdaterConfig(env: NodeJS.ProcessEnv = process.env): UpdaterConfig {
  const need = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`${name} must be set for the updater (see docker/compose.yaml).`);
    return value;
  };
  const channel = (env.UPDATE_CHANNEL || "stable") as Channel;
  if (!CHANNELS.includes(channel)) throw new Error(`UPDATE_CHANNEL must be one of ${CHANNELS.join(", ")}.`);
  return {
    repository: need("HEARTH_IMAGE").replace(/:[^/:]+$/, ""),
    secret: need("UPDATER_SECRET"),
    port: Number(env.UPDATER_PORT || 8788),
    host: env.UPDATER_HOST || "0.0.0.0",
    stateDir: env.UPDATER_STATE_DIR || "/state",
    container: env.HEARTH_CONTAINER || "hearth",
    appUrl: env.HEARTH_APP_URL || "http://hearth:8787",
    channel,
    healthTimeoutMs: Number(env.HEALTH_TIMEOUT_SECONDS || 120) * 1000,
    minFreeBytes: Number(env.MIN_FREE_MB || 512) * 1024 * 1024,
    insecureRegistry: env.REGISTRY_INSECURE === "true",
  };
}

export async function runUpdaterService(config: UpdaterConfig, log: (line: string) => void): Promise<never> {
  const engine = new Engine();
  const journal = new Journal(config.stateDir);
  const releases = new Releases(config.repository, engine, config.container, config.insecureRegistry);
  const listeners = new Set<(run: UpdateRun) => void>();
  const runner = new UpdateRunner(
    {
      repository: config.repository,
      container: config.container,
      appUrl: config.appUrl,
      healthTimeoutMs: config.healthTimeoutMs,
      minFreeBytes: config.minFreeBytes,
    },
    engine,
    journal,
    (run) => {
      for (const listener of listeners) listener(run);
      if (run.state === "completed") {
        void releases
          .prune(journal.settings().keep_images)
          .then((removed) => removed.length && log(`pruned old images: ${removed.join(", ")}`));
      }
    },
  );
  const ctx: UpdaterContext = { secret: config.secret, channel: config.channel, journal, runner, releases, listeners };
  const findBackup = async (tag: string) => {
    const listing = await engine.exec(config.container, ["hearth", "backups"]);
    const lines = listing.output
      .trim()
      .split("\n")
      .map((l) => l.split("\t"));
    return lines.filter((l) => l[1] === tag).pop()?.[0];
  };
  const server = updaterServer(ctx, findBackup);
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  log(`updater listening on ${config.host}:${config.port} for ${config.repository} (channel ${config.channel})`);
  await runner.resume().catch((error: Error) => log(`resuming the interrupted update failed: ${error.message}`));
  return new Promise<never>(() => {});
}
