/** Bindings and variables of Hearth's workers, as the supervisor writes them into workerd's config. */

/** What every worker that touches the database has. */
export interface DatabaseBindings {
  /** libSQL server (sqld, or Turso): `http://127.0.0.1:<port>` by default. */
  DATABASE_URL: string;
  DATABASE_AUTH_TOKEN?: string;
  /**
   * A read replica of DATABASE_URL (sqld `--primary-grpc-url`), for reads that may lag a little
   * (core/services.ts `readDb`) and for every read while the primary is unreachable.
   */
  DATABASE_REPLICA_URL?: string;
  DATABASE_REPLICA_AUTH_TOKEN?: string;
  /**
   * Set when other Hearth edges share this database: this Hearth's NODE_NAME, recorded with every
   * event written to the outbox for them (core/events-outbox.ts). Empty on a single box.
   */
  EVENTS_ORIGIN?: string;
}

export interface CommonBindings extends DatabaseBindings {
  VERSION: string;
  /** The public origin, e.g. `http://localhost:8787`; cookies get `Secure` when it is https. */
  PUBLIC_URL: string;
  /** "true": take the client address from X-Forwarded-For (behind a reverse proxy). */
  TRUST_PROXY?: string;
  /** The supervisor's loopback host-status endpoint (supervisor/src/host-status.ts): free space of DATA_DIR. */
  HOST_STATUS?: Fetcher;
}

/** Where blobs live: a real R2 bucket on Cloudflare, or workerd's disk service over DATA_DIR/blobs. */
export interface BlobBindings {
  BLOBS?: R2Bucket;
  BLOBS_DISK?: Fetcher;
  /** The supervisor's digest helper (supervisor/src/blob-digests.ts), beside BLOBS_DISK in the upload isolate. */
  BLOBS_DIGESTS?: Fetcher;
  /** S3Settings as JSON (BLOB_STORE=s3://…): the bytes live in that bucket. */
  BLOBS_S3?: string;
}

/** The edge process's api isolate. */
export interface ApiBindings extends CommonBindings, BlobBindings {
  /** workerd disk service over the built web app (read only). */
  ASSETS: Fetcher;
  UPLOAD: Fetcher;
  USER_EVENTS: DurableObjectNamespace;
  /** The compose stack's updater (`http://updater:8788`); empty when Hearth runs without it. */
  UPDATER_URL?: string;
  /** The secret the updater requires; held here, never sent to a browser. */
  UPDATER_SECRET?: string;
}

/** The edge process's upload isolate. */
export interface UploadBindings extends CommonBindings, BlobBindings {
  USER_EVENTS: DurableObjectNamespace;
}

/** The edge process's events isolate: owns the UserEvents Durable Object. */
export interface EventsBindings {
  USER_EVENTS: DurableObjectNamespace;
}

/** A media process. */
export interface MediaBindings extends DatabaseBindings, BlobBindings {
  /** The edge process's internal events socket (loopback only). */
  EVENTS: Fetcher;
  /** Names this process in job leases, e.g. `media-1`. */
  WORKER_NAME: string;
  /** Days an item stays in the trash before it is deleted for good (default: DEFAULT_TRASH_RETENTION_DAYS). */
  TRASH_RETENTION_DAYS?: string;
  /** The media process's memory budget in MB; its size limits derive from it (media/limits.ts). */
  MEDIA_MEMORY_MB?: string;
}
