/**
 * Hearth's blob store: Cloudflare's R2Bucket interface over workerd's writable disk service.
 * See ../README.md.
 */
export { DiskBucket } from "./disk-bucket.js";
export { DiskBucketError, R2ErrorCode } from "./errors.js";
export { MIN_PART_SIZE } from "./multipart.js";
export type { ListOptions } from "./list.js";
export { toHex } from "./key-path.js";
export { MAX_SLICE_BYTES, SliceReader } from "./slice-reader.js";
export { bytesReceivedBy } from "./object-files.js";
export { etagOf } from "./disk-bucket.js";
export { S3Bucket, type S3Settings } from "./s3-bucket.js";
