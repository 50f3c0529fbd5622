/**
 * Writes workerd's capnp configuration for the two kinds of Hearth process:
 *  - edge: the public socket (api isolate), the upload and events isolates, the UserEvents
 *    Durable Object, the blob store and the web app's files;
 *  - media: one media isolate on a loopback socket, driven by the supervisor.
 * Module lists come from dist/workers/manifest.json, written by the build, so the module names
 * here always equal the import paths the bundles kept.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { BlobStore } from "./blob-store";

export interface ModuleEntry {
  name: string;
  type: "esModule" | "wasm" | "data" | "text";
  /** File path relative to dist/workers. */
  path: string;
}

export type Manifest = Record<"api" | "upload" | "events" | "media", { modules: ModuleEntry[] }>;

export interface RuntimePaths {
  workersDir: string;
  publicDir: string;
  dataDir: string;
}

export interface EdgeSettings {
  host: string;
  port: number;
  internalPort: number;
  /** The supervisor's host-status endpoint (host-status.ts): DATA_DIR's free space. */
  hostStatusPort: number;
  /** The supervisor's digest helper for the disk blob store (blob-digests.ts). */
  blobDigestsPort: number;
  databaseUrl: string;
  databaseAuthToken: string;
  /** The read replica ("": none) and its token. */
  databaseReplicaUrl: string;
  databaseReplicaAuthToken: string;
  /** NODE_NAME when other Hearths share the database (events go through the outbox too); "" alone. */
  eventsOrigin: string;
  publicUrl: string;
  version: string;
  trustProxy: boolean;
  /** Let workers reach public addresses (an external DATABASE_URL such as Turso). */
  allowPublicNetwork: boolean;
  /** Where file bytes live (DATA_DIR/blobs, or an S3 bucket). */
  blobStore: BlobStore;
  /** The compose stack's updater and its secret (api isolate only); empty without it. */
  updaterUrl: string;
  updaterSecret: string;
}

export interface MediaSettings {
  name: string;
  /** MEDIA_MEMORY_MB: the limits it derives are checked inside the process. */
  memoryMb: number;
  trashRetentionDays: number;
  port: number;
  internalPort: number;
  databaseUrl: string;
  databaseAuthToken: string;
  databaseReplicaUrl: string;
  databaseReplicaAuthToken: string;
  eventsOrigin: string;
  allowPublicNetwork: boolean;
  blobStore: BlobStore;
}

const COMPATIBILITY_DATE = "2025-09-01";

/** A capnp text literal. Control characters never belong in these values. */
function str(value: string): string {
  if (/[\u0000-\u001f]/.test(value))
    throw new Error(`refusing a control character in workerd config: ${JSON.stringify(value)}`);
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

export function readManifest(workersDir: string): Manifest {
  return JSON.parse(readFileSync(join(workersDir, "manifest.json"), "utf8")) as Manifest;
}

function modulesOf(entries: ModuleEntry[], configDir: string, workersDir: string): string {
  return entries
    .map((m) => `(name = ${str(m.name)}, ${m.type} = embed ${str(relative(configDir, join(workersDir, m.path)))})`)
    .join(",\n      ");
}

function textBindings(values: Record<string, string>): string[] {
  return Object.entries(values).map(([name, text]) => `(name = ${str(name)}, text = ${str(text)})`);
}

function worker(name: string, modules: string, bindings: string[], extra = ""): string {
  return `const ${name} :Workerd.Worker = (
  modules = [
      ${modules}
  ],
  compatibilityDate = ${str(COMPATIBILITY_DATE)},
  compatibilityFlags = ["nodejs_compat"],
  bindings = [
    ${bindings.join(",\n    ")}
  ],
  globalOutbound = "outbound",${extra}
);`;
}

/**
 * The isolates' blob binding: the disk service over DATA_DIR/blobs (BLOBS_DISK), or the S3
 * bucket's settings as JSON (BLOBS_S3), from which workers/lib/bucket.ts makes an S3Bucket. The
 * config file holds the secret key, hence its 0600 mode (writeConfig).
 */
function blobBinding(store: BlobStore): string {
  return store.kind === "s3"
    ? `(name = "BLOBS_S3", text = ${str(JSON.stringify(store.settings))})`
    : `(name = "BLOBS_DISK", service = "blobs-disk")`;
}

/** The digest helper hashes files of the disk blob store; an S3 store has none. */
function blobDigests(store: BlobStore): string[] {
  return store.kind === "disk" ? [`(name = "BLOBS_DIGESTS", service = "blob-digests")`] : [];
}

function outbound(allowPublic: boolean): string {
  // workerd refuses loopback by default; sqld listens there. Public only for an external database.
  const allow = allowPublic ? `["local", "private", "public"]` : `["local", "private"]`;
  return `(name = "outbound", network = (allow = ${allow}, tlsOptions = (trustBrowserCas = true)))`;
}

export function edgeConfig(manifest: Manifest, paths: RuntimePaths, s: EdgeSettings, configDir: string): string {
  const common = textBindings({
    DATABASE_URL: s.databaseUrl,
    DATABASE_AUTH_TOKEN: s.databaseAuthToken,
    DATABASE_REPLICA_URL: s.databaseReplicaUrl,
    DATABASE_REPLICA_AUTH_TOKEN: s.databaseReplicaAuthToken,
    EVENTS_ORIGIN: s.eventsOrigin,
    PUBLIC_URL: s.publicUrl,
    VERSION: s.version,
    TRUST_PROXY: String(s.trustProxy),
  });
  const userEvents = `(name = "USER_EVENTS", durableObjectNamespace = (serviceName = "events", className = "UserEvents"))`;
  const blobs = blobBinding(s.blobStore);
  const hostStatus = `(name = "HOST_STATUS", service = "host-status")`;
  const mods = (w: keyof Manifest) => modulesOf(manifest[w].modules, configDir, paths.workersDir);
  return `# Generated by the hearth supervisor at start-up; edits are overwritten.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "api", worker = .api),
    (name = "upload", worker = .upload),
    (name = "events", worker = .events),
    (name = "blobs-disk", disk = (path = ${str(join(paths.dataDir, "blobs"))}, writable = true)),
    (name = "state-disk", disk = (path = ${str(join(paths.dataDir, "state"))}, writable = true)),
    (name = "assets", disk = (path = ${str(paths.publicDir)})),
    (name = "host-status", external = (address = ${str(`127.0.0.1:${s.hostStatusPort}`)}, http = ())),
    (name = "blob-digests", external = (address = ${str(`127.0.0.1:${s.blobDigestsPort}`)}, http = ())),
    ${outbound(s.allowPublicNetwork)},
  ],
  sockets = [
    (name = "http", address = ${str(`${s.host}:${s.port}`)}, http = (), service = "api"),
    (name = "internal", address = ${str(`127.0.0.1:${s.internalPort}`)}, http = (), service = "events"),
  ],
);

${worker("api", mods("api"), [...common, ...textBindings({ UPDATER_URL: s.updaterUrl, UPDATER_SECRET: s.updaterSecret }), blobs, userEvents, hostStatus, `(name = "ASSETS", service = "assets")`, `(name = "UPLOAD", service = "upload")`])}

${worker("upload", mods("upload"), [...common, blobs, ...blobDigests(s.blobStore), userEvents, hostStatus])}

${worker(
  "events",
  mods("events"),
  [`(name = "USER_EVENTS", durableObjectNamespace = "UserEvents")`],
  `
  durableObjectNamespaces = [(className = "UserEvents", uniqueKey = "hearth-user-events", enableSql = true)],
  durableObjectStorage = (localDisk = "state-disk"),`,
)}
`;
}

export function mediaConfig(manifest: Manifest, paths: RuntimePaths, s: MediaSettings, configDir: string): string {
  const bindings = [
    ...textBindings({
      DATABASE_URL: s.databaseUrl,
      DATABASE_AUTH_TOKEN: s.databaseAuthToken,
      EVENTS_ORIGIN: s.eventsOrigin,
      WORKER_NAME: s.name,
      TRASH_RETENTION_DAYS: String(s.trashRetentionDays),
      MEDIA_MEMORY_MB: String(s.memoryMb),
    }),
    blobBinding(s.blobStore),
    `(name = "EVENTS", service = "edge-internal")`,
  ];
  return `# Generated by the hearth supervisor at start-up; edits are overwritten.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "media", worker = .media),
    (name = "blobs-disk", disk = (path = ${str(join(paths.dataDir, "blobs"))}, writable = true)),
    (name = "edge-internal", external = (address = ${str(`127.0.0.1:${s.internalPort}`)}, http = ())),
    ${outbound(s.allowPublicNetwork)},
  ],
  sockets = [
    (name = "http", address = ${str(`127.0.0.1:${s.port}`)}, http = (), service = "media"),
  ],
);

${worker("media", modulesOf(manifest.media.modules, configDir, paths.workersDir), bindings)}
`;
}

export function writeConfig(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text, { mode: 0o600 });
}
