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
