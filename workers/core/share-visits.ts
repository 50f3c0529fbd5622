/**
 * What a visitor holding a link (and no account) sees. Every function first asks openShare
 * (core/shares.ts) whether the link may be opened, then serves an id only when it is the shared
 * item or lies inside it (trailInsideShare): the parent folder, a sibling, another user's file
 * are all 404, also on a view-only link, so nothing hints that they exist.
 */
import type { FileItem, FileListResponse, PublicShareResponse } from "@hearth/contract";
import { HttpError, notFound } from "../lib/errors";
import { allChildren } from "../repositories/files";
import { getOwnedItem } from "./drive";
import { toFileItem, toFileItems } from "./presenter";
import { countOpen } from "../repositories/shares";
import type { Services } from "./services";
import { openShare, shareNotFound, trailInsideShare, type ShareRow, type ShareVisit } from "./shares";
import { planZip, type ZipPlan } from "./zip";

const downloadNotAllowed = () => new HttpError(403, "download_not_allowed", "This link lets you view, not download.");

/** An item of the share by id, with the trail from the shared item down to it; 404 for anything outside. */
async function itemInShare(services: Services, share: ShareRow, id: string) {
  const path = await trailInsideShare(services, share, id);
  if (!path) throw notFound("No such file or folder in this share.");
  return { path, ...(await getOwnedItem(services, share.ownerId, id)) };
}

/**
 * What a visitor sees of an item: nothing pointing outside the share (the shared item's own
 * parent), nothing private to the owner (stars), and no photo location (often the family home).
 */
export function toPublicItem(item: FileItem, share: ShareRow): FileItem {
  const shown: FileItem = { ...item, starred: false, parentId: item.id === share.fileId ? null : item.parentId };
  if (shown.media) shown.media = { ...shown.media, latitude: null, longitude: null };
  return shown;
}

/** The link's landing page: the shared item and who shared it. Counts one open. */
export async function viewShare(services: Services, visit: ShareVisit): Promise<PublicShareResponse> {
  const { share, ownerName } = await openShare(services, visit);
  const { file, blob, media } = await itemInShare(services, share, share.fileId);
  await countOpen(services.db, share.id);
  return {
    item: toPublicItem(toFileItem(file, blob, media), share),
    allowDownload: share.allowDownload,
    expiresAt: share.expiresAt === null ? null : new Date(share.expiresAt).toISOString(),
    sharedBy: ownerName,
  };
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
 * shared file), named after it.
 * @throws 403 `download_not_allowed` on a view-only link
 */
export async function sharedZip(services: Services, visit: ShareVisit): Promise<ZipPlan> {
  const { share } = await openShare(services, visit);
  if (!share.allowDownload) throw downloadNotAllowed();
  const { file } = await itemInShare(services, share, share.fileId);
  const plan = await planZip(services, { ownerId: share.ownerId, ids: [file.id], archiveName: file.name });
  if (!plan) throw shareNotFound();
  return plan;
}
