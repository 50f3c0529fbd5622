/**
 * Where file bytes live: DATA_DIR/blobs through workerd's disk service (the default), or an S3
 * bucket (`BLOB_STORE=s3://<bucket>`) that the isolates reach with S3Bucket
 * (storage-adapter/src/s3-bucket.ts). Read and checked once at start, so a bad setting stops Hearth
 * with a sentence saying what to fix.
 */
import type { S3Settings } from "@hearth/storage-adapter/s3-settings";
import { ConfigError } from "./config-error";

export type BlobStore = { kind: "disk" } | { kind: "s3"; settings: Omit<S3Settings, "fetch"> };

export const BLOB_STORE_VARIABLES: { name: string; default: string; meaning: string }[] = [
  { name: "BLOB_STORE", default: "disk", meaning: "where file bytes live: disk (DATA_DIR/blobs) or s3://<bucket>" },
  {
    name: "S3_ENDPOINT",
    default: "",
    meaning: "the S3 server for BLOB_STORE=s3://…, e.g. https://s3.eu-central-1.amazonaws.com",
  },
  { name: "S3_REGION", default: "us-east-1", meaning: "signing region (auto for Cloudflare R2)" },
  { name: "S3_ACCESS_KEY_ID", default: "", meaning: "access key for the bucket" },
  { name: "S3_SECRET_ACCESS_KEY", default: "", meaning: "secret key for the bucket" },
  {
    name: "S3_PATH_STYLE",
    default: "true",
    meaning: "true: endpoint/bucket/key; false: bucket.endpoint/key (virtual-hosted)",
  },
];

export function readBlobStore(env: NodeJS.ProcessEnv): BlobStore {
  const raw = env.BLOB_STORE || "disk";
  if (raw === "disk") return { kind: "disk" };
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/?$/.exec(raw);
  if (!match)
    throw new ConfigError(`BLOB_STORE must be "disk" or s3://<bucket> (a bucket name, 3–63 characters), not "${raw}".`);
  const endpoint = env.S3_ENDPOINT || "";
  let url: URL;
  try {
    url = new URL(endpoint);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error();
  } catch {
    throw new ConfigError(
      `BLOB_STORE=${raw} needs S3_ENDPOINT, the S3 server's http:// or https:// address, not "${endpoint}".`,
    );
  }
  if (url.pathname !== "/" || url.search)
    throw new ConfigError(
      `S3_ENDPOINT must be the server's address without a path (the bucket goes in BLOB_STORE), not "${endpoint}".`,
    );
  const accessKeyId = env.S3_ACCESS_KEY_ID || "";
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY || "";
  if (!accessKeyId || !secretAccessKey)
    throw new ConfigError(`BLOB_STORE=${raw} needs S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY.`);
  const pathStyle = env.S3_PATH_STYLE ?? "true";
  if (pathStyle !== "true" && pathStyle !== "false")
    throw new ConfigError(`S3_PATH_STYLE must be true or false, not "${pathStyle}".`);
  return {
    kind: "s3",
    settings: {
      endpoint: url.origin,
      bucket: match[1] as string,
      region: env.S3_REGION || "us-east-1",
      accessKeyId,
      secretAccessKey,
      pathStyle: pathStyle === "true",
    },
  };
}

/** Whether the isolates must be allowed out to public addresses to reach the store. */
export function blobStoreIsPublic(store: BlobStore): boolean {
  if (store.kind === "disk") return false;
  const host = new URL(store.settings.endpoint).hostname;
  return !/^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|localhost$|\[::1\]$|\[f[cd])/.test(host);
}
