/**
 * The running SHA-256 a helper process beside the disk service keeps for DiskBucket (imported as
 * `@hearth/storage-adapter/digest-protocol`, which needs no Workers types).
 *
 * workerd runs every isolate of a process on one thread, so hashing a 1 GiB upload there (0.6 s
 * of SHA-256) adds to receiving and writing it on the same core. Bytes that a big write already
 * put on disk in several files (a put in pieces, a multipart upload's parts) are instead hashed by
 * a helper on another core, which reads each file from the page cache as soon as it is written and
 * keeps the hash running between files, so completing needs no second pass over the bytes.
 *
 * A run is a folder of the bucket; its files are fed in order by index. Feeding an index again
 * with another file (a part uploaded again) rewinds the hash to before that index. The answer for a
 * run names the files it covers, so DiskBucket uses it only when they are exactly the object's
 * files; anything else (a helper that restarted, a file fed out of order) reads as "unknown" and
 * DiskBucket hashes the bytes itself. Every request is a POST with a JSON body.
 */

/** Paths of the helper's endpoints. */
export const DIGEST_FEED = "/feed";
export const DIGEST_RESULT = "/result";
export const DIGEST_FORGET = "/forget";

/** `POST /feed`: the file `name` in the run's folder is the run's file number `index` (from 0) and holds `size` bytes. Answers 202 at once. */
export interface DigestFeed {
  run: string[];
  index: number;
  name: string;
  size: number;
}

/** `POST /result`: the SHA-256 of the run's files, once all are hashed, if they are exactly `names`. */
export interface DigestQuery {
  run: string[];
  names: string[];
}

/** The answer to a query (200); 409 with `{ reason }` when the run does not cover exactly those files. */
export interface DigestAnswer {
  /** Hex. */
  sha256: string;
  size: number;
}

/** `POST /forget`: the run is done with (204). */
export interface DigestForget {
  run: string[];
}
