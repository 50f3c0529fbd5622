/**
 * The blob store's files on disk, for tests that need what only a crash or the passing of time
 * makes: an object nothing recorded, an object committed a day ago, a half-written temp file.
 * The layout is the storage adapter's (storage-adapter/README.md): Hearth's keys are plain
 * lowercase segments, stored as `<last>~d<version>` (data) beside `<last>~m` (the sidecar).
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";

function placeOf(dataDir: string, key: string) {
  const segments = key.split("/");
  const last = segments.pop()!;
  return { folder: join(dataDir, "blobs", ...segments), sidecar: `${last}~m`, last };
}

/** Writes an object as DiskBucket commits one, as if that happened at `uploadedAt`. */
export function storeObjectOnDisk(dataDir: string, key: string, bytes: Uint8Array, uploadedAt: Date): void {
  const { folder, sidecar, last } = placeOf(dataDir, key);
  mkdirSync(folder, { recursive: true });
  const version = randomBytes(16).toString("hex");
  const data = `${last}~d${version}`;
  writeFileSync(join(folder, data), bytes);
  const record = {
    format: 1,
    key,
    version,
    size: bytes.byteLength,
    etag: createHash("md5").update(bytes).digest("hex"),
    uploaded: uploadedAt.getTime(),
    checksums: {},
    httpMetadata: {},
    customMetadata: {},
    storageClass: "Standard",
    data,
  };
  writeFileSync(join(folder, sidecar), JSON.stringify(record));
  for (const name of [data, sidecar]) utimesSync(join(folder, name), uploadedAt, uploadedAt);
}

/** Moves a stored object's commit time (and its files' times) back to `uploadedAt`. */
export function backdateObjectOnDisk(dataDir: string, key: string, uploadedAt: Date): void {
  const { folder, sidecar } = placeOf(dataDir, key);
  const record = JSON.parse(readFileSync(join(folder, sidecar), "utf8")) as { uploaded: number; data: string };
  record.uploaded = uploadedAt.getTime();
  writeFileSync(join(folder, sidecar), JSON.stringify(record));
  for (const name of [record.data, sidecar]) utimesSync(join(folder, name), uploadedAt, uploadedAt);
}

/** Every file under DATA_DIR/blobs whose name starts with `prefix` (temp files included). */
export function blobFilesNamed(dataDir: string, prefix: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else if (entry.name.startsWith(prefix)) found.push(join(dir, entry.name));
    }
  };
  walk(join(dataDir, "blobs"));
  return found;
}
