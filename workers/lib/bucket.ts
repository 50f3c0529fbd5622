/**
 * The blob store. On Cloudflare the worker has a real R2 binding (`BLOBS`); under Hearth's own
 * workerd it has the disk service over DATA_DIR/blobs (`BLOBS_DISK`), wrapped in the
 * R2Bucket-compatible DiskBucket. Either way callers see only R2Bucket. A DiskBucket is made per
 * use, like the database client, so no promise ever crosses from one request to another.
 */
import { DiskBucket } from "@hearth/storage-adapter";

export function bucketOf(env: { BLOBS?: R2Bucket; BLOBS_DISK?: Fetcher }): R2Bucket {
  if (env.BLOBS) return env.BLOBS;
  if (!env.BLOBS_DISK) throw new Error("no blob store bound: expected BLOBS (R2) or BLOBS_DISK (disk service)");
  return new DiskBucket(env.BLOBS_DISK);
}
