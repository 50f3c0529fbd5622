/** The blob store: the R2Bucket interface over workerd's disk service (or a real R2 binding on Cloudflare). */
import { DiskBucket } from "../../storage-adapter/src";

const buckets = new WeakMap<Fetcher, R2Bucket>();

export function bucketOf(env: { BLOBS_DISK: Fetcher }): R2Bucket {
  const known = buckets.get(env.BLOBS_DISK);
  if (known) return known;
  const bucket: R2Bucket = new DiskBucket(env.BLOBS_DISK);
  buckets.set(env.BLOBS_DISK, bucket);
  return bucket;
}
