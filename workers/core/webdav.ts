/**
 * WebDAV's rules over a user's Drive, each through the same core rules the web app uses (drive.ts,
 * trash.ts, name-clash.ts): listing for PROPFIND, MKCOL, DELETE (to the trash), COPY and MOVE with
 * Overwrite, dead properties, and entity tags. Paths are resolved by core/webdav-paths.ts;
 * locks are core/webdav-locks.ts. Nothing here knows about HTTP beyond the statuses it throws.
 */
import { HttpError, forbidden } from "../lib/errors";
import * as dav from "../repositories/dav";
import { allChildren, findLiveItem, setModifiedTime, type FileRow, type ItemRow } from "../repositories/files";
import { usedBytesOf, findUser } from "../repositories/users";
import { copyItem, createFolder, renameOrMove } from "./drive";
import { moveToTrash } from "./trash";
import type { Services } from "./services";
import { dropLocksAt } from "./webdav-locks";
import { isWithin, lockPathOf, resolvePath, type DavPath, type Resolved } from "./webdav-paths";

/** One resource in a PROPFIND answer. */
export interface DavEntry {
  path: DavPath;
  /** Undefined for the top of the Drive. */
  row?: ItemRow;
  deadProperties: { name: string; value: string }[];
}

/**
 * A strong ETag that changes when the content does: for files the first 128 bits of the bytes'
 * SHA-256 (the whole 64 hex digits overflow the If headers some clients build, litmus among
 * them), for folders their change time.
 */
export function etagOf(row: Pick<ItemRow, "file" | "blob"> | undefined): string {
  if (!row) return `"root"`;
  if (row.file.kind === "file" && row.blob) return fileEtag(row.blob.sha256);
  return `"${row.file.kind}-${row.file.updatedAt}"`;
}

export const fileEtag = (sha256: string) => `"${sha256.slice(0, 32)}"`;

export const isFolder = (resolved: Resolved) =>
  resolved.kind === "root" || (resolved.kind === "item" && resolved.item.kind === "folder");

const conflict409 = (message: string) => new HttpError(409, "conflict", message);
const notFound404 = () => new HttpError(404, "not_found", "Nothing is at that address.");

/**
 * The resource at a path and, for depth 1, its children: what PROPFIND shows, a chunk of entries
 * at a time (a folder of any size is listed whole, never read in one query or held at once).
 */
export async function propfindEntries(
  services: Services,
  ownerId: string,
  path: DavPath,
  resolved: Resolved,
  depth: "0" | "1",
): Promise<{ self: DavEntry; children: AsyncGenerator<DavEntry[]> }> {
  if (resolved.kind === "missing") throw notFound404();
  let row: ItemRow | undefined;
  if (resolved.kind === "item") {
    row = await findLiveItem(services.db, ownerId, resolved.item.id);
    if (!row) throw notFound404();
  }
  const [self] = await withDeadProperties(services, [{ path, row }]);
  const folderId = !row ? null : row.file.kind === "folder" ? row.file.id : undefined;
  async function* children(): AsyncGenerator<DavEntry[]> {
    if (depth !== "1" || folderId === undefined) return;
    for await (const rows of allChildren(services.db, ownerId, folderId))
      yield await withDeadProperties(
        services,
        rows.map((child) => ({ path: [...path, child.file.name], row: child })),
      );
  }
  return { self: self!, children: children() };
}

async function withDeadProperties(services: Services, rows: { path: DavPath; row?: ItemRow }[]): Promise<DavEntry[]> {
  const ids = rows.flatMap((r) => (r.row ? [r.row.file.id] : []));
  const byFile = new Map<string, { name: string; value: string }[]>();
  for (const p of await dav.propertiesOf(services.db, ids)) {
    const list = byFile.get(p.fileId) ?? [];
    list.push({ name: p.name, value: p.value });
    byFile.set(p.fileId, list);
  }
  return rows.map((r) => ({ ...r, deadProperties: r.row ? (byFile.get(r.row.file.id) ?? []) : [] }));
}

/** Used and free bytes (RFC 4331), so Finder and Explorer show the space left. */
export async function quotaOf(
  services: Services,
  ownerId: string,
): Promise<{ used: number; available: number | null }> {
  const [user, used] = await Promise.all([findUser(services.db, ownerId), usedBytesOf(services.db, ownerId)]);
  const quota = user?.quotaBytes ?? null;
  return { used, available: quota === null ? null : Math.max(0, quota - used) };
}

/** MKCOL: a new folder where nothing is; 405 when something is, 409 when its folder is missing. */
export async function makeCollection(services: Services, ownerId: string, resolved: Resolved): Promise<void> {
  if (resolved.kind !== "missing") throw new HttpError(405, "exists", "Something is already at that address.");
  if (resolved.parentId === undefined) throw conflict409("The folder it would go in does not exist.");
  await createFolder(services, ownerId, { parentId: resolved.parentId, name: resolved.name, onConflict: "fail" });
}

/** DELETE: the item goes to the trash, as in the web app (recoverable); its locks go. */
export async function deleteResource(
  services: Services,
  ownerId: string,
  path: DavPath,
  resolved: Resolved,
): Promise<void> {
  if (resolved.kind === "root") throw forbidden("The top of your Drive cannot be deleted.");
  if (resolved.kind === "missing") throw notFound404();
  await moveToTrash(services, ownerId, resolved.item.id);
  await dropLocksAt(services, ownerId, lockPathOf(path));
}

export interface Transfer {
  source: DavPath;
  destination: DavPath;
  overwrite: boolean;
  /** COPY of a folder with Depth: 0 copies the folder alone. */
  shallow: boolean;
}

/**
 * COPY or MOVE. Resolves with true when the destination existed (204) and false when it was
 * created (201). An existing destination is refused with 412 unless Overwrite is T, and is then
 * moved to the trash first (recoverable, like DELETE).
 */
export async function transfer(
  services: Services,
  ownerId: string,
  kind: "copy" | "move",
  t: Transfer,
): Promise<boolean> {
  const source = await resolvePath(services, ownerId, t.source);
  if (source.kind === "missing") throw notFound404();
  if (source.kind === "root") throw forbidden("The top of your Drive cannot be copied or moved.");
  if (t.destination.length === 0) throw forbidden("Nothing can replace the top of your Drive.");
  if (lockPathOf(t.source) === lockPathOf(t.destination) && t.source.join("/") === t.destination.join("/"))
    throw forbidden("The source and destination are the same.");
  if (
    source.item.kind === "folder" &&
    isWithin(t.destination, t.source) &&
    lockPathOf(t.source) !== lockPathOf(t.destination)
  )
    throw forbidden("A folder cannot go inside itself.");
  const target = await resolvePath(services, ownerId, t.destination);
  const destinationName = t.destination.at(-1)!;
  let parentId: string | null;
  let existed = false;
  if (target.kind === "item") {
    // A rename that only changes case names the same item: no overwrite involved.
    const sameItem = target.item.id === source.item.id;
    if (!sameItem) {
      if (!t.overwrite) throw new HttpError(412, "exists", "Something is at the destination and Overwrite is F.");
      await moveToTrash(services, ownerId, target.item.id);
      await dropLocksAt(services, ownerId, lockPathOf(t.destination));
      existed = true;
    }
    parentId = target.parentId;
  } else if (target.kind === "missing") {
    if (target.parentId === undefined) throw conflict409("The destination's folder does not exist.");
    parentId = target.parentId;
  } else throw forbidden("Nothing can replace the top of your Drive.");

  if (kind === "move") {
    await renameOrMove(services, ownerId, source.item.id, { name: destinationName, parentId, onConflict: "fail" });
    await dropLocksAt(services, ownerId, lockPathOf(t.source));
  } else if (t.shallow && source.item.kind === "folder") {
    const folder = await createFolder(services, ownerId, { parentId, name: destinationName, onConflict: "fail" });
    await dav.copyProperties(services.db, [{ from: source.item.id, to: folder.id }]);
  } else {
    const copy = await copyItem(services, ownerId, source.item.id, {
      parentId,
      name: destinationName,
      onConflict: "fail",
    });
    await copyPropertiesTree(services, ownerId, source.item, copy.id);
  }
  return existed;
}

/** Copies dead properties from an item (and what it holds, paired by name) onto its copy. */
async function copyPropertiesTree(
  services: Services,
  ownerId: string,
  from: Pick<FileRow, "id" | "kind">,
  toId: string,
): Promise<void> {
  await dav.copyProperties(services.db, [{ from: from.id, to: toId }]);
  if (from.kind !== "folder") return;
  const [originals, copies] = await Promise.all([
    dav.childNames(services.db, ownerId, from.id),
    dav.childNames(services.db, ownerId, toId),
  ]);
  const byName = new Map(copies.map((c) => [c.name.toLowerCase(), c.id]));
  for (const original of originals) {
    const copyId = byName.get(original.name.toLowerCase());
    if (copyId) await copyPropertiesTree(services, ownerId, original as Pick<FileRow, "id" | "kind">, copyId);
  }
}

/** PROPPATCH: sets and removes dead properties of one item at once. DAV: properties are live and cannot be set. */
export async function patchProperties(
  services: Services,
  ownerId: string,
  resolved: Resolved,
  set: { name: string; value: string }[],
  remove: string[],
): Promise<void> {
  if (resolved.kind === "missing") throw notFound404();
  // The top of the Drive has no row to hang properties on; clients that try get 403 per property.
  if (resolved.kind === "root") throw forbidden("Properties cannot be set on the top of your Drive.");
  await dav.changeProperties(services.db, resolved.item.id, set, remove);
}

/** Latest client modification time accepted, ahead of the server's clock (clocks drift). */
const MTIME_SLACK_MS = 24 * 3600_000;

/**
 * Keeps the modification time a sync client sends with a PUT (`X-OC-Mtime: <seconds>`, as
 * ownCloud and Nextcloud accept and rclone and phone apps send), so the next sync compares times
 * and sizes and sees that nothing changed. Resolves with false for a time that makes no sense.
 */
export async function keepClientModifiedTime(
  services: Services,
  ownerId: string,
  fileId: string,
  header: string | null,
): Promise<boolean> {
  if (header === null || !/^\d{1,12}(\.\d+)?$/.test(header.trim())) return false;
  const at = Math.floor(Number(header.trim()) * 1000);
  if (at > services.now() + MTIME_SLACK_MS) return false;
  await setModifiedTime(services.db, ownerId, fileId, at);
  return true;
}
