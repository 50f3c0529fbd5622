/**
 * Half-written files the blob store cannot list (workers see only committed objects), removed from
 * the Node side once older than the collector's safe age, judged by their modification time (a
 * file still being written is touched all the time):
 * - `.kj-tmp.*`: workerd's disk service writes every PUT to such a file and renames it into place;
 *   a crash mid-write leaves it;
 * - `<stem>~d<version>` data files no sidecar names (storage-adapter/README.md "Crash safety": a
 *   crash between writing the data and committing the sidecar, or before the old data went);
 * - `~multipart/<id>/` folders of multipart uploads nobody finished, or whose object was replaced
 *   or deleted (a completed upload's folder holds its object's bytes and is kept while the
 *   object's sidecar names it);
 * - `backups/.<name>.partial/` folders of backups that never finished.
 */
import type { Dirent } from "node:fs";
import { readdir, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { COMPLETED_MARKER, UPLOADS_FOLDER, type CompletedUploadMarker } from "@hearth/storage-adapter/disk-layout";

export interface PartialsRemoved {
  files: number;
  bytes: number;
}

const DATA_FILE = /^(.+)~d[^~/]+$/;

/** Removes every partial file under DATA_DIR older than `cutoff` (epoch ms). */
export async function removePartials(dataDir: string, cutoff: number): Promise<PartialsRemoved> {
  const removed: PartialsRemoved = { files: 0, bytes: 0 };
  await sweepFolder(join(dataDir, "blobs"), cutoff, removed, true);
  for (const entry of await entriesOf(join(dataDir, "backups"))) {
    if (entry.isDirectory() && entry.name.startsWith(".") && entry.name.endsWith(".partial"))
      await removeTreeIfStale(join(dataDir, "backups", entry.name), cutoff, removed);
  }
  return removed;
}

async function entriesOf(folder: string): Promise<Dirent[]> {
  try {
    return await readdir(folder, { withFileTypes: true });
  } catch {
    return [];
  }
}

async function sweepFolder(folder: string, cutoff: number, removed: PartialsRemoved, top: boolean): Promise<void> {
  const entries = await entriesOf(folder);
  const names = new Set(entries.map((e) => e.name));
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (top && entry.name === UPLOADS_FOLDER) {
        for (const upload of await entriesOf(path)) {
          const uploadFolder = join(path, upload.name);
          if (!(await ownedByObject(folder, uploadFolder, upload.name)))
            await removeTreeIfStale(uploadFolder, cutoff, removed);
        }
      } else await sweepFolder(path, cutoff, removed, false);
      continue;
    }
    if (!entry.isFile()) continue;
    if (entry.name.startsWith(".kj-tmp.")) {
      await removeFileIfStale(path, cutoff, removed);
      continue;
    }
    const data = DATA_FILE.exec(entry.name);
    if (data && !(await sidecarNames(folder, `${data[1]}~m`, entry.name, names)))
      await removeFileIfStale(path, cutoff, removed);
  }
}

/**
 * Whether a completed multipart upload's folder holds a live object's bytes: its marker names a
 * sidecar, and that sidecar's `pieces` still name this folder (a replaced or deleted object, or a
 * crash before the commit, leaves a folder nobody names, which is garbage once stale). Anything
 * unreadable counts as owned: keep.
 */
async function ownedByObject(blobsRoot: string, uploadFolder: string, uploadId: string): Promise<boolean> {
  let marker: CompletedUploadMarker;
  try {
    marker = JSON.parse(await readFile(join(uploadFolder, COMPLETED_MARKER), "utf8")) as CompletedUploadMarker;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ENOENT";
  }
  if (!Array.isArray(marker.sidecar) || marker.sidecar.some((s) => typeof s !== "string" || s.includes("..")))
    return true;
  try {
    const record = JSON.parse(await readFile(join(blobsRoot, ...marker.sidecar), "utf8")) as {
      pieces?: { folder?: unknown };
    };
    const folder = record.pieces?.folder;
    return Array.isArray(folder) && folder.join("/") === `${UPLOADS_FOLDER}/${uploadId}`;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ENOENT";
  }
}

/** Whether the object's sidecar exists and names this data file (unreadable counts as naming it: keep). */
async function sidecarNames(folder: string, sidecar: string, dataFile: string, names: Set<string>): Promise<boolean> {
  if (!names.has(sidecar)) return false;
  try {
    const record = JSON.parse(await readFile(join(folder, sidecar), "utf8")) as { data?: unknown };
    return typeof record.data !== "string" || record.data === dataFile;
  } catch {
    return true;
  }
}

async function removeFileIfStale(path: string, cutoff: number, removed: PartialsRemoved): Promise<void> {
  try {
    const info = await stat(path);
    if (info.mtimeMs >= cutoff) return;
    await rm(path, { force: true });
    removed.files++;
    removed.bytes += info.size;
  } catch {
    // gone already, or renamed into place while we looked: either way not ours to count
  }
}

/** Removes a folder whose newest file is older than `cutoff` (anything written lately means someone is at it). */
async function removeTreeIfStale(folder: string, cutoff: number, removed: PartialsRemoved): Promise<void> {
  const files: { size: number; mtimeMs: number }[] = [];
  const walk = async (dir: string) => {
    for (const entry of await entriesOf(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else files.push(await stat(path).catch(() => ({ size: 0, mtimeMs: Date.now() })));
    }
  };
  try {
    const own = await stat(folder);
    await walk(folder);
    if (Math.max(own.mtimeMs, ...files.map((f) => f.mtimeMs)) >= cutoff) return;
    await rm(folder, { recursive: true, force: true });
    removed.files += files.length;
    removed.bytes += files.reduce((sum, f) => sum + f.size, 0);
  } catch {
    // vanished while we looked
  }
}
