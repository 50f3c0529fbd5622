/**
 * The blob store. On Cloudflare the worker has a real R2 binding (`BLOBS`); under Hearth's own
 * workerd it has either the disk service over DATA_DIR/blobs (`BLOBS_DISK`), wrapped in the
 * R2Bucket-compatible DiskBucket, or an S3 bucket's settings (`BLOBS_S3`, JSON, when
 * BLOB_STORE=s3://…), wrapped in S3Bucket. The upload isolate also gets the supervisor's digest
 * helper (`BLOBS_DIGESTS`), which hashes big uploads on another core. Either way callers see only
 * R2Bucket. A bucket is made per use, like the database client, so no promise ever crosses from one
 * request to another.
 */
import { DiskBucket, S3Bucket, type S3Settings } from "@hearth/storage-adapter";

export function bucketOf(env: {
  BLOBS?: R2Bucket;
  BLOBS_DISK?: Fetcher;
  BLOBS_DIGESTS?: Fetcher;
  BLOBS_S3?: string;
}): R2Bucket {
  if (env.BLOBS) return env.BLOBS;
  if (env.BLOBS_S3) return new S3Bucket(JSON.parse(env.BLOBS_S3) as S3Settings);
  if (!env.BLOBS_DISK)
    throw new Error("no blob store bound: expected BLOBS (R2), BLOBS_DISK (disk service) or BLOBS_S3");
  return new DiskBucket(env.BLOBS_DISK, { digests: env.BLOBS_DIGESTS });
}
