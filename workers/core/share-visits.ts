/**
 * What a visitor holding a link (and no account) sees. Every function first asks openShare
 * (core/shares.ts) whether the link may be opened, then serves an id only when it is the shared
 * item or lies inside it (trailInsideShare), or is a live photo of the shared album or selection
 * (photoInShare): the parent folder, a sibling, another user's file are all 404, also on a
 * view-only link, so nothing hints that they exist.
 */
import type { FileItem, FileListResponse, PublicShareResponse } from "@hearth/contract";
import { HttpError, notFound } from "../lib/errors";
import { numberedName } from "../lib/names";
import { allChildren } from "../repositories/files";
import { getOwnedItem } from "./drive";
import { toFileItem, toFileItems } from "./presenter";
import { countOpen } from "../repositories/shares";
import type { Services } from "./services";
import { openShare, shareNotFound, type ShareRow, type ShareVisit } from "./shares";
import { kindOf, photoInShare, photosOfShare, trailInsideShare } from "./share-targets";
import { planZip, type ZipEntryPlan, type ZipPlan } from "./zip";

const downloadNotAllowed = () => new HttpError(403, "download_not_allowed", "This link lets you view, not download.");

/** An item of the share by id, with the trail from the shared item down to it; 404 for anything outside. */
async function itemInShare(services: Services, share: ShareRow, id: string) {
  if (share.fileId === null) {
    const row = await photoInShare(services, share, id);
    if (!row) throw notFound("No such photo in this share.");
    return { path: [], file: row.file, blob: row.blob, media: row.media };
  }
  const path = await trailInsideShare(services, share, id);
  if (!path) throw notFound("No such file or folder in this share.");
  return { path, ...(await getOwnedItem(services, share.ownerId, id)) };
}

/**
 * What a visitor sees of an item: nothing pointing outside the share (the shared item's own
 * parent), nothing private to the owner (stars), and no photo location or place name (often the family home).
 */
export function toPublicItem(item: FileItem, share: ShareRow): FileItem {
  const top = share.fileId === null || item.id === share.fileId;
  const shown: FileItem = { ...item, starred: false, parentId: top ? null : item.parentId };
  delete shown.archivedAt;
  if (shown.media) shown.media = { ...shown.media, latitude: null, longitude: null, place: null };
  return shown;
}

/** The link's landing page: the shared item (or the album's or selection's photos) and who shared it. Counts one open. */
export async function viewShare(services: Services, visit: ShareVisit): Promise<PublicShareResponse> {
  const { share, ownerName } = await openShare(services, visit);
  const base = {
    allowDownload: share.allowDownload,
    expiresAt: share.expiresAt === null ? null : new Date(share.expiresAt).toISOString(),
    sharedBy: ownerName,
  };
  if (share.fileId === null) {
    const { title, rows } = await photosOfShare(services, share);
    await countOpen(services.db, share.id);
    const kind = kindOf(share) as "album" | "selection";
    return { ...base, kind, title, photos: toFileItems(rows).map((item) => toPublicItem(item, share)) };
  }
  const { file, blob, media } = await itemInShare(services, share, share.fileId);
  await countOpen(services.db, share.id);
  return { ...base, kind: "item", item: toPublicItem(toFileItem(file, blob, media), share) };
}

/**
 * A folder of the share: the shared folder itself when `folderId` is null, else one inside it.
 * `path` starts at the shared folder.
 */
export async function listSharedFolder(
  services: Services,
  visit: ShareVisit,
  folderId: string | null,
): Promise<FileListResponse> {
  const { share } = await openShare(services, visit);
  if (share.fileId === null) throw notFound("This link shows photos, not a folder.");
  const id = folderId ?? share.fileId;
  const { path, file, blob, media } = await itemInShare(services, share, id);
  if (file.kind !== "folder") throw notFound("That is not a folder.");
  // Read in chunks (one query for a huge folder would be refused by sqld).
  const items: FileItem[] = [];
  for await (const rows of allChildren(services.db, share.ownerId, id)) items.push(...toFileItems(rows));
  return {
    items: items.map((item) => toPublicItem(item, share)),
    folder: toPublicItem(toFileItem(file, blob, media), share),
    path,
  };
}

/** One item of the share. */
export async function getSharedItem(services: Services, visit: ShareVisit, id: string): Promise<FileItem> {
  const { share } = await openShare(services, visit);
  const { file, blob, media } = await itemInShare(services, share, id);
  return toPublicItem(toFileItem(file, blob, media), share);
}

/**
 * A file of the share whose bytes the visitor may download (the rows to stream).
 * @throws 403 `download_not_allowed` on a view-only link (after the 404 for ids outside the share)
 */
export async function sharedFileToDownload(services: Services, visit: ShareVisit, id: string) {
  const { share } = await openShare(services, visit);
  const item = await itemInShare(services, share, id);
  if (!share.allowDownload) throw downloadNotAllowed();
  return item;
}

/** A file of the share whose thumbnails the visitor may see: also on view-only links. */
export async function sharedFileToPreview(services: Services, visit: ShareVisit, id: string) {
  const { share } = await openShare(services, visit);
  return itemInShare(services, share, id);
}

/**
 * The shared item as one ZIP download: the shared folder with everything inside it (or the one
 * shared file), named after it; an album's or selection's photos side by side.
 * @throws 403 `download_not_allowed` on a view-only link
 */
export async function sharedZip(services: Services, visit: ShareVisit): Promise<ZipPlan> {
  const { share } = await openShare(services, visit);
  if (!share.allowDownload) throw downloadNotAllowed();
  if (share.fileId === null) return photosZip(services, share);
  const { file } = await itemInShare(services, share, share.fileId);
  const plan = await planZip(services, { ownerId: share.ownerId, ids: [file.id], archiveName: file.name });
  if (!plan) throw shareNotFound();
  return plan;
}

/** An album's or selection's photos as one folder-less ZIP; two photos with one name become `name (1).jpg`. */
async function photosZip(services: Services, share: ShareRow): Promise<ZipPlan> {
  const { title, rows } = await photosOfShare(services, share);
  if (rows.length === 0) throw shareNotFound();
  const taken = new Set<string>();
  const entries: ZipEntryPlan[] = [];
  for (const { file, blob } of rows) {
    if (!blob) continue;
    let name = file.name;
    for (let n = 1; taken.has(name.toLowerCase()); n++) name = numberedName(file.name, n);
    taken.add(name.toLowerCase());
    entries.push({ kind: "file", name, lastModified: new Date(file.updatedAt), size: blob.size, blobKey: blob.key });
  }
  const safeTitle = title.replace(/[\\/:*?"<>|\u0000-\u001f]/g, "_").trim() || "Photos";
  return { filename: `${safeTitle}.zip`, entries };
}
