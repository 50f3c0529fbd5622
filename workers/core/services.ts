/**
 * What every rule in core/ works with, built once per request (http/services.ts) or per job
 * (media/) and passed as the first argument. Nothing here knows about hono or HTTP.
 */
import type { Database } from "../repositories/database";
import type { EventSink } from "../lib/events";
import type { CollectorRun, DiskStatus } from "@hearth/contract";

export interface Services {
  /** This request's database client (never shared between requests: see repositories/database.ts). */
  db: Database;
  /**
   * The database for reads that may lag a moment behind the newest write: folder listings, the
   * photo timeline and its months, search, recent and starred. A read replica when Hearth has one
   * (DATABASE_REPLICA_URL) and this request may read it (http/services.ts decides: not in the
   * seconds after this browser's own last change); otherwise the same as `db`. Use it through
   * `staleTolerantDb` and only in those functions: never for a read that must see a write just
   * made (after a create, rename or upload, a session, a quota, anything that then writes).
   */
  readDb?: Database;
  /** The blob store, as R2Bucket (real R2, or DiskBucket over DATA_DIR/blobs). */
  bucket: R2Bucket;
  /** The user's open tabs. */
  events: EventSink;
  /** Milliseconds since the epoch; a test can stop the clock. */
  now: () => number;
  /** Room left where the bytes are stored; absent or null when unknown (real R2, tests). */
  disk?: () => Promise<DiskStatus | null>;
  /** Has the host run the stored-bytes collector now (supervisor/src/collector/); null when it cannot be asked. */
  collectNow?: () => Promise<CollectorRun | null>;
}

/** The database a staleness-tolerant read uses (see `Services.readDb`): the one rule for picking it. */
export function staleTolerantDb(services: Pick<Services, "db" | "readDb">): Database {
  return services.readDb ?? services.db;
}
