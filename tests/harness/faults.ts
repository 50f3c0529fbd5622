/**
 * Tools for the fault-injection suite (tests/faults.test.ts): the pid of each process the
 * supervisor runs (from its log), and what is left on disk that nothing references.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { COMPLETED_MARKER, UPLOAD_RECORD, UPLOADS_FOLDER } from "@hearth/storage-adapter/disk-layout";
import { join } from "node:path";
import { storedKeyOf } from "../../workers/lib/blob-keys";
import type { RunningHearth } from "./hearth";

/** The newest pid the supervisor logged for `name` (sqld, edge, media-1). */
export function pidOf(hearth: RunningHearth, name: string): number {
  const pids = [...hearth.output().matchAll(new RegExp(`\\[hearth\\] ${name} started \\(pid (\\d+)\\)`, "g"))];
  const last = pids.at(-1)?.[1];
  if (!last) throw new Error(`no pid logged for ${name}`);
  return Number(last);
}

/**
 * What the blob store holds on disk: committed objects (by key), the multipart uploads still open
 * (by upload id), and files no object commits. A completed multipart upload's folder belongs to the
 * object whose sidecar lists it as `pieces`; only its marker and the listed parts are not strays.
 */
export function storedOnDisk(dataDir: string): { keys: string[]; openUploads: string[]; strays: string[] } {
  const keys: string[] = [];
  const strays: string[] = [];
  const owned = new Map<string, Set<string>>();
  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true });
    const names = new Set(entries.map((e) => e.name));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (path !== join(dataDir, "blobs", UPLOADS_FOLDER)) walk(path);
      } else if (entry.name.endsWith("~m")) {
        const record = JSON.parse(readFileSync(path, "utf8")) as {
          key: string;
          pieces?: { folder: string[]; files: { name: string }[] };
        };
        keys.push(record.key);
        if (record.pieces)
          owned.set(
            record.pieces.folder.join("/"),
            new Set([COMPLETED_MARKER, ...record.pieces.files.map((f) => f.name)]),
          );
      } else if (entry.name.startsWith(".")) strays.push(path);
      else {
        const stem = /^(.+)~d[^~]+$/.exec(entry.name)?.[1];
        const sidecar =
          stem && names.has(`${stem}~m`) ? JSON.parse(readFileSync(join(dir, `${stem}~m`), "utf8")) : null;
        if (!sidecar || sidecar.data !== entry.name) strays.push(path);
      }
    }
  };
  walk(join(dataDir, "blobs"));
  const openUploads: string[] = [];
  const uploadsDir = join(dataDir, "blobs", UPLOADS_FOLDER);
  for (const upload of existsSync(uploadsDir) ? readdirSync(uploadsDir) : []) {
    const files = readdirSync(join(uploadsDir, upload));
    if (files.includes(UPLOAD_RECORD)) {
      openUploads.push(upload);
      continue;
    }
    const listed = owned.get(`${UPLOADS_FOLDER}/${upload}`);
    for (const file of files) if (!listed?.has(file)) strays.push(join(uploadsDir, upload, file));
  }
  return { keys, openUploads, strays };
}

export { storedKeyOf };
