/* S3Bucket's settings: plain data, so the supervisor (Node) can build them without the workers' types. */

/** Where the bucket is and how to sign for it. */
export interface S3Settings {
  /** `https://s3.eu-central-1.amazonaws.com`, `http://127.0.0.1:7480`, ... (no bucket in it). */
  endpoint: string;
  bucket: string;
  /** Signing region; `auto` for R2, `us-east-1` for most self-hosted servers. */
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `endpoint/bucket/key` (true, what MinIO and Ceph want by default) or `bucket.endpoint/key`. */
  pathStyle: boolean;
  /** The fetch to use (a service binding's, say); the global one by default. */
  fetch?: typeof fetch;
}
