/**
 * `hearth`: the supervisor. Starts sqld, migrates (backing up first), starts the edge workerd
 * process and, while there are media jobs, up to MEDIA_CONCURRENCY media workerd processes
 * (media-pool.ts); restarts what crashes, and on SIGTERM or SIGINT stops everything within 10 s.
 */
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { requeueJobsOf, runnableJobCount } from "@hearth/workers/core/media-jobs";
import { hostServices, migrationsIn } from "@hearth/workers/core/host-tasks";
import { findBinary, MissingBinaryError } from "./binaries";
import { ManagedChild, waitForHttp } from "./child";
import { blobStoreIsPublic } from "./blob-store";
import { ConfigError, helpText, readConfig, type Config } from "./config";
import { checkIntegrity, migrateWithBackup, openClient, sqldChild } from "./database";
import { adminCommand, RUNTIME_FILE, type RuntimeInfo } from "./admin-command";
import { log, logToFolder } from "./log";
import { logsCommand } from "./logs-command";
import { backupCommand, listCommand, restoreCommand, runningHearth, temporaryDatabase } from "./backups/command";
import { HOW_TO_STOP } from "./backups/restore";
import { updaterCommand } from "./updater/cli";
import { readUpdaterConfig, runUpdaterService } from "./updater/service";
import { scheduleBackups, type BackupSchedule } from "./backups/schedule";
import { createSqldCredentials } from "./sqld-auth";
import { MediaPool } from "./media-pool";
import { recycleMarginMb } from "@hearth/workers/media/limits";
import { checkDataDir, checkPortFree, freePort, StartupError } from "./preflight";
import { startHostStatus } from "./host-status";
import { startBlobDigests } from "./blob-digests";
import { noteNewestKeptBackup } from "./collector/backup-references";
import { runCollector, scheduleCollector, type CollectorOptions, type CollectorSchedule } from "./collector/run";
import { ReleaseWatch } from "./release-check";
import { startEventsRelay } from "./events-relay";
import { ensureReplicationCertificates } from "./replication/certs";
import { replicaCommand, replicationCommand } from "./replication/replica-command";
import { edgeConfig, mediaConfig, readManifest, writeConfig, type RuntimePaths } from "./workerd-config";

declare const HEARTH_VERSION: string;
// An image sets HEARTH_VERSION to its release tag (docker/Dockerfile); a source build uses package.json's.
const VERSION = process.env.HEARTH_VERSION || (typeof HEARTH_VERSION === "string" ? HEARTH_VERSION : "0.0.0-dev");
const STOP_GRACE_MS = 8000;
/**
 * How long workerd gets to answer its health check after it starts: seconds on a PC, but up to a
 * minute or two on a slow Raspberry Pi's SD card or under qemu emulation (measured: ~35 s on a busy
 * machine), and giving up there would stop a Hearth that was about to work.
 */
const READY_TIMEOUT_MS = 120_000;

/** dist/ (this bundle's folder), holding workers/, public/ and migrations/. */
const distDir = dirname(fileURLToPath(import.meta.url));

interface Running {
  dataDir?: string;
  children: ManagedChild[];
  media?: MediaPool;
  closeOnStop: (() => void)[];
  runDir: string;
  schedule?: BackupSchedule;
  collector?: CollectorSchedule;
}

/** Starts everything, recording each child in `running` as it goes so a failure can stop what started. */
async function start(config: Config, running: Running): Promise<void> {
  const started = Date.now();
  log("hearth", `Hearth v${VERSION} starting; data in ${config.dataDir}`);
  checkDataDir(config);
  logToFolder(config.dataDir);
  await checkPortFree(config.host, config.port);

  const workerdBin = findBinary("workerd", config.workerdBin, distDir);
  running.runDir = mkdtempSync(join(tmpdir(), "hearth-"));
  running.dataDir = config.dataDir;

  let databaseUrl = config.databaseUrl;
  let databaseAuthToken = config.databaseAuthToken;
  let sqld: ManagedChild | undefined;
  if (!databaseUrl) {
    if (config.replicationListen && ensureReplicationCertificates(config.dataDir))
      log(
        "hearth",
        `made the replication certificates; copy ${join(config.dataDir, "replication", "for-replicas")} to each replica box`,
      );
    const sqldPort = await freePort();
    const credentials = createSqldCredentials(running.runDir);
    databaseAuthToken = credentials.token;
    sqld = sqldChild(config, findBinary("sqld", config.sqldBin, distDir), sqldPort, credentials.keyFile);
    running.children.push(sqld);
    await sqld.start();
    databaseUrl = `http://127.0.0.1:${sqldPort}`;
    log("hearth", `sqld ready on 127.0.0.1:${sqldPort}`);
    if (config.replicationListen) log("hearth", `serving replicas on ${config.replicationListen} (mutual TLS)`);
  }
  const runtime: RuntimeInfo = { pid: process.pid, databaseUrl, databaseAuthToken };
  writeFileSync(join(config.dataDir, RUNTIME_FILE), JSON.stringify(runtime), { mode: 0o600 });
  const client = openClient(databaseUrl, databaseAuthToken);
  await checkIntegrity(client, config);
  const source = sqld ? { databaseUrl, authToken: databaseAuthToken } : undefined;
  await migrateWithBackup(client, migrationsIn(join(distDir, "migrations")), config, source, VERSION);
  // Jobs this Hearth's media processes held when it last stopped go back to the queue.
  const host = config.nodeName;
  await requeueJobsOf(hostServices(client), `${host}/`);
  await noteNewestKeptBackup(client, config.dataDir);
  client.close();

  const paths: RuntimePaths = {
    workersDir: join(distDir, "workers"),
    publicDir: join(distDir, "public"),
    dataDir: config.dataDir,
  };
  const manifest = readManifest(paths.workersDir);
  const internalPort = await freePort();
  const hostStatusPort = await freePort();
  const blobDigestsPort = await freePort();
  const collector: CollectorOptions = {
    dataDir: config.dataDir,
    backupKeep: config.backupKeep,
    minAgeMs: config.collectorMinAgeMinutes * 60_000,
    withMediaProcess: (task) =>
      running.media?.withProcess(task) ?? Promise.reject(new Error("media processes are not started yet")),
  };
  // Without the compose stack's updater, Hearth itself tells the admin about a newer release.
  const releases =
    !config.updaterUrl && config.imageRepository
      ? new ReleaseWatch(
          {
            repository: config.imageRepository,
            channel: config.updateChannel,
            currentVersion: VERSION,
            insecureRegistry: config.registryInsecure,
          },
          (line) => log("hearth", line),
        )
      : undefined;
  releases?.start();
  (
    await startHostStatus(config.dataDir, hostStatusPort, {
      collect: () => runCollector(collector),
      release: () => releases?.current() ?? null,
    })
  ).unref();
  (await startBlobDigests(join(config.dataDir, "blobs"), blobDigestsPort)).server.unref();
  const remote = (url: string) => url !== "" && !/^(libsql|https?):\/\/(127\.|localhost|\[::1\])/.test(url);
  const allowPublicNetwork =
    remote(config.databaseUrl) || remote(config.databaseReplicaUrl) || blobStoreIsPublic(config.blobStore);

  const eventsOrigin = config.sharedDatabase ? config.nodeName : "";
  const edgeConfigPath = join(running.runDir, "edge.capnp");
  writeConfig(
    edgeConfigPath,
    edgeConfig(
      manifest,
      paths,
      {
        host: config.host,
        port: config.port,
        internalPort,
        hostStatusPort,
        blobDigestsPort,
        databaseUrl,
        databaseAuthToken,
        databaseReplicaUrl: config.databaseReplicaUrl,
        databaseReplicaAuthToken: config.databaseReplicaAuthToken,
        eventsOrigin,
        publicUrl: config.publicUrl,
        version: VERSION,
        trustProxy: config.trustProxy,
        allowPublicNetwork,
        blobStore: config.blobStore,
        updaterUrl: config.updaterUrl,
        updaterSecret: config.updaterSecret,
      },
      running.runDir,
    ),
  );
  const localUrl = `http://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host.includes(":") ? `[${config.host}]` : config.host}:${config.port}`;
  const edge = new ManagedChild({
    name: "edge",
    command: workerdBin,
    args: ["serve", edgeConfigPath],
    whenStarted: (child) => waitForHttp(`${localUrl}/health`, child, READY_TIMEOUT_MS, (r) => r.status === 200),
  });
  running.children.push(edge);
  await edge.start();

  // Its own client for the pool's once-a-second look at the queue (closed at stop).
  const queueClient = openClient(databaseUrl, databaseAuthToken);
  running.closeOnStop.push(() => queueClient.close());
  running.media = new MediaPool({
    concurrency: config.mediaConcurrency,
    idleStopMs: config.mediaIdleSeconds * 1000,
    recycleAfterJobs: config.mediaRecycleJobs,
    recycleAboveMb: recycleMarginMb(config.mediaMemoryMb),
    stopGraceMs: STOP_GRACE_MS / 2,
    process: async (index) => {
      const name = `media-${index + 1}`;
      const port = await freePort();
      const path = join(running.runDir, `${name}.capnp`);
      const settings = {
        name: `${host}/${name}`,
        memoryMb: config.mediaMemoryMb,
        trashRetentionDays: config.trashRetentionDays,
        port,
        internalPort,
        databaseUrl,
        databaseAuthToken,
        databaseReplicaUrl: config.databaseReplicaUrl,
        databaseReplicaAuthToken: config.databaseReplicaAuthToken,
        eventsOrigin,
        allowPublicNetwork,
        blobStore: config.blobStore,
      };
      writeConfig(path, mediaConfig(manifest, paths, settings, running.runDir));
      return { name, command: workerdBin, args: ["serve", path], url: `http://127.0.0.1:${port}` };
    },
    runnableJobs: (upTo) => runnableJobCount(hostServices(queueClient), upTo),
    requeueJobsOf: (name) => requeueJobsOf(hostServices(queueClient), `${host}/${name}`),
  });
  running.media.start();
  if (eventsOrigin) {
    const relayClient = openClient(databaseUrl, databaseAuthToken);
    const replicaClient = config.databaseReplicaUrl
      ? openClient(config.databaseReplicaUrl, config.databaseReplicaAuthToken)
      : undefined;
    const relay = startEventsRelay({
      origin: eventsOrigin,
      client: relayClient,
      replica: replicaClient,
      internalPort,
      log: (line) => log("hearth", line),
    });
    running.closeOnStop.push(() => {
      relay.stop();
      relayClient.close();
      replicaClient?.close();
    });
    log("hearth", `live events shared with other Hearths on this database as "${eventsOrigin}"`);
  }
  if (source && config.backupIntervalHours > 0) {
    running.schedule = scheduleBackups(
      {
        dataDir: config.dataDir,
        intervalHours: config.backupIntervalHours,
        keep: config.backupKeep,
        hearthVersion: VERSION,
      },
      source,
      (line) => log("hearth", line),
    );
  }
  running.collector = scheduleCollector(collector, (line) => log("hearth", line));
  log(
    "hearth",
    `started in ${Date.now() - started} ms; up to ${config.mediaConcurrency} media process(es) run while there is work (they stop after ${config.mediaIdleSeconds} s idle)`,
  );
  const store = config.blobStore;
  log(
    "hearth",
    store.kind === "s3"
      ? `file bytes in the S3 bucket ${store.settings.bucket} at ${store.settings.endpoint} (region ${store.settings.region})`
      : `file bytes in ${join(config.dataDir, "blobs")}`,
  );
  log(
    "hearth",
    `Hearth v${VERSION} listening on http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${config.port} (open ${config.publicUrl})`,
  );
}

/** `hearth migrate`: what start does to the database, then exit (the updater runs it in the new image). */
async function migrateCommand(config: Config): Promise<number> {
  if (runningHearth(config.dataDir)) {
    console.error(`Hearth is running on ${config.dataDir}; it migrates itself at start. ${HOW_TO_STOP}`);
    return 1;
  }
  const database = config.databaseUrl
    ? { url: config.databaseUrl, authToken: config.databaseAuthToken, stop: async () => {} }
    : await temporaryDatabase(config, distDir);
  const client = openClient(database.url, database.authToken);
  try {
    await checkIntegrity(client, config);
    const source = config.databaseUrl ? undefined : { databaseUrl: database.url, authToken: database.authToken };
    await migrateWithBackup(client, migrationsIn(join(distDir, "migrations")), config, source, VERSION);
    return 0;
  } finally {
    client.close();
    await database.stop();
  }
}

async function stop(running: Running): Promise<void> {
  running.schedule?.stop();
  running.collector?.stop();
  // Request handlers first, the database last, so nothing loses its database mid-request.
  const workers = running.children.filter((c) => c.spec.name !== "sqld");
  await Promise.all([...workers.map((c) => c.stop(STOP_GRACE_MS / 2)), running.media?.stop()]);
  running.closeOnStop.forEach((close) => close());
  await Promise.all(running.children.filter((c) => c.spec.name === "sqld").map((c) => c.stop(STOP_GRACE_MS / 2)));
  if (running.runDir) rmSync(running.runDir, { recursive: true, force: true });
  if (running.dataDir) rmSync(join(running.dataDir, RUNTIME_FILE), { force: true });
}

export async function main(argv: string[]): Promise<number> {
  const command = argv[0] ?? "start";
  if (command === "--help" || command === "-h" || command === "help") {
    console.log(helpText(VERSION));
    return 0;
  }
  if (command === "--version" || command === "-v") {
    console.log(VERSION);
    return 0;
  }
  if (command === "admin") {
    try {
      return await adminCommand(argv.slice(1), readConfig(), distDir);
    } catch (error) {
      console.error(`hearth admin: ${(error as Error).message}`);
      return 1;
    }
  }
  if (command === "updater") {
    try {
      return await runUpdaterService(readUpdaterConfig(), (line) => log("updater", line));
    } catch (error) {
      log("updater", `cannot start: ${(error as Error).message}`);
      return 1;
    }
  }
  if (command === "releases" || command === "update" || command === "rollback") {
    try {
      return await updaterCommand(command, argv.slice(1));
    } catch (error) {
      console.error(`hearth ${command}: ${(error as Error).message}`);
      return 1;
    }
  }
  const backupCommands: Record<string, (config: Config) => Promise<number> | number> = {
    backup: (config) => backupCommand(argv.slice(1), config, distDir, VERSION),
    backups: (config) => listCommand(config),
    restore: (config) => restoreCommand(argv.slice(1), config, distDir),
    migrate: (config) => migrateCommand(config),
    logs: (config) => logsCommand(argv.slice(1), config),
    replication: (config) => replicationCommand(argv.slice(1), config),
    replica: (config) => replicaCommand(argv.slice(1), config, distDir),
  };
  const backupAction = backupCommands[command];
  if (backupAction) {
    try {
      return await backupAction(readConfig());
    } catch (error) {
      console.error(`hearth ${command}: ${(error as Error).message}`);
      return 1;
    }
  }
  if (command !== "start") {
    console.error(`Unknown command "${command}". Run \`hearth --help\`.`);
    return 2;
  }

  const running: Running = { children: [], closeOnStop: [], runDir: "" };
  let stopping: Promise<void> | undefined;
  const shutdown = (signal: string) => {
    if (stopping) return;
    log("hearth", `${signal} received; stopping`);
    const begun = Date.now();
    stopping = stop(running).then(() => {
      log("hearth", `stopped in ${Date.now() - begun} ms`);
      process.exit(0);
    });
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));

  try {
    const config = readConfig();
    await start(config, running);
    if (stopping) await stopping;
    return await new Promise<number>(() => {});
  } catch (error) {
    const known = error instanceof StartupError || error instanceof ConfigError || error instanceof MissingBinaryError;
    log(
      "hearth",
      `cannot start: ${known ? (error as Error).message : ((error as Error).stack ?? String(error))}`,
      "error",
    );
    await stop(running);
    return 1;
  }
}
