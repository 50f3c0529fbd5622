/**
 * What a share link points at, and whether that is still there: one file or folder of the
 * owner's (kind "item"), an album the owner owns (kind "album": what it holds now, contributors'
 * photos included, since the owner chose to share the album), or a fixed selection of the owner's
 * photos (kind "selection", rows in share_files). A trashed or purged photo drops out of every
 * link; a deleted album takes its links with it.
 */
import { MAX_SHARED_SELECTION, type CreateShareRequest, type PathStep, type ShareKind } from "@hearth/contract";
import { badRequest, HttpError, notFound } from "../lib/errors";
import { findAlbumItem, listAllAlbumItems } from "../repositories/albums";
import type { ItemRow } from "../repositories/files";
import { countSelections, listSelection, sharedAlbumName, type ShareRow } from "../repositories/shares";
import { selectTrailFromTop } from "../repositories/tree-walks";
import { parseFileIds } from "./album-input";
import { albumFor, ownPhotos } from "./albums";
import type { Services } from "./services";

export function kindOf(share: Pick<ShareRow, "fileId" | "albumId">): ShareKind {
  return share.fileId !== null ? "item" : share.albumId !== null ? "album" : "selection";
}

/**
 * The trail from the shared item down to `itemId` (both included) when `itemId` is the shared
 * item or lies inside it, belongs to the link's owner, and neither it nor any folder above it (up
 * to the top of the owner's Drive) is in the trash; otherwise null. Walking up from the item,
 * rather than trusting a parent the visitor names, is what makes leaving the shared folder
 * impossible.
 */
export async function trailInsideShare(
  services: Services,
  link: { ownerId: string; fileId: string | null },
  itemId: string,
): Promise<PathStep[] | null> {
  if (link.fileId === null) return null;
  const rows = await selectTrailFromTop(services.db, itemId);
  if (rows.length === 0 || rows.some((r) => r.ownerId !== link.ownerId || r.trashedAt !== null)) return null;
  const start = rows.findIndex((r) => r.id === link.fileId);
  if (start < 0) return null;
  return rows.slice(start).map((r) => ({ id: r.id, name: r.name }));
}

export type ShareTarget =
  | { fileId: string; albumId: null; fileIds: [] }
  | { fileId: null; albumId: string; fileIds: [] }
  | { fileId: null; albumId: null; fileIds: string[] };

/**
 * Checks what a new link is to: exactly one of a live item of the owner's, an album they own, or
 * a selection of their live photos.
 * @throws 400 `invalid_share_target` (none or several), `invalid_file_ids`; 404 for what is not
 *   theirs; 403 `owner_only` for an album they are only a member of
 */
export async function shareTargetOf(
  services: Services,
  ownerId: string,
  request: Partial<CreateShareRequest>,
): Promise<ShareTarget> {
  const given = [request.fileId, request.albumId, request.fileIds].filter((v) => v !== undefined && v !== null);
  if (given.length !== 1)
    throw badRequest("invalid_share_target", "Send one of fileId, albumId or fileIds: what the link shows.");
  if (request.albumId !== undefined && request.albumId !== null) {
    if (typeof request.albumId !== "string") throw badRequest("invalid_album_id", "albumId is an album's id.");
    const { role } = await albumFor(services, ownerId, request.albumId);
    if (role !== "owner") throw new HttpError(403, "owner_only", "Only the album's owner can make a link to it.");
    return { fileId: null, albumId: request.albumId, fileIds: [] };
  }
  if (request.fileIds !== undefined && request.fileIds !== null) {
    const fileIds = parseFileIds(request.fileIds, { max: MAX_SHARED_SELECTION });
    await ownPhotos(services, ownerId, fileIds);
    return { fileId: null, albumId: null, fileIds };
  }
  if (typeof request.fileId !== "string")
    throw badRequest("invalid_file_id", "Send the id of the file or folder to share.");
  // The same walk a visitor's request makes: the item is the owner's and nothing above it is trashed.
  if (!(await trailInsideShare(services, { ownerId, fileId: request.fileId }, request.fileId)))
    throw notFound("No such file or folder.");
  return { fileId: request.fileId, albumId: null, fileIds: [] };
}

/** True while what the link shows is there: the item untrashed, the album not deleted, a selection photo live. */
export async function isShareLive(services: Services, share: ShareRow): Promise<boolean> {
  switch (kindOf(share)) {
    case "item":
      return (await trailInsideShare(services, share, share.fileId!)) !== null;
    case "album":
      return (await sharedAlbumName(services.db, share.albumId!)) !== undefined;
    case "selection":
      return ((await countSelections(services.db, [share.id])).get(share.id) ?? 0) > 0;
  }
}

/** A photo an album or selection link shows, or null. */
export async function photoInShare(services: Services, share: ShareRow, fileId: string): Promise<ItemRow | null> {
  if (share.albumId !== null) return (await findAlbumItem(services.db, share.albumId, fileId)) ?? null;
  if (share.fileId === null) return (await listSelection(services.db, share.id, fileId, 1))[0] ?? null;
  return null;
}

/** Every photo an album or selection link shows, oldest taken first, with the link's title. */
export async function photosOfShare(services: Services, share: ShareRow): Promise<{ title: string; rows: ItemRow[] }> {
  if (share.albumId !== null) {
    const title = (await sharedAlbumName(services.db, share.albumId)) ?? "Album";
    return { title, rows: await listAllAlbumItems(services.db, share.albumId, MAX_SHARED_SELECTION) };
  }
  const rows = await listSelection(services.db, share.id);
  return { title: rows.length === 1 ? "1 photo" : `${rows.length} photos`, rows };
}

/** How many live photos each selection link among these holds. */
export function selectionCounts(services: Services, shares: ShareRow[]): Promise<Map<string, number>> {
  return countSelections(
    services.db,
    shares.filter((s) => kindOf(s) === "selection").map((s) => s.id),
  );
}
