/**
 * Partner sharing: a household member (the owner) shares their Photos library with another (the
 * partner), from a date and optionally only the photos in chosen folders and their subfolders.
 * Unlike an album, nothing is copied or listed ahead: what a share covers is decided at each read,
 * so a photo uploaded into a shared folder is shared at once and one moved out stops being shared.
 * Trashed and archived photos are never shared, nor anything of a disabled owner. The partner
 * browses the photos apart or shows them in their own timeline; either side stops the share.
 * A share the caller does not have answers 404, as if it did not exist.
 */
import {
  MAX_PARTNER_FOLDERS,
  PARTNER_DIRECTIONS,
  type FileItem,
  type PartnerDirection,
  type PartnerFolder,
  type PartnerShare,
  type PartnersResponse,
  type PhotoMonthsResponse,
  type PhotoNeighboursResponse,
  type PhotoPageResponse,
  type ReceivedPartnerShare,
} from "@hearth/contract";
import { badRequest, notFound } from "../lib/errors";
import { findActivePerson } from "../repositories/albums";
import type { ItemRow } from "../repositories/files";
import * as repo from "../repositories/partners";
import type { PartnerShareWithPerson } from "../repositories/partners";
import { selectTrailFromTop } from "../repositories/tree-walks";
import { withoutPrivateDetails } from "./albums-presenter";
import { sourceMonths, sourceNeighbours, sourcePage, type PhotoSource } from "./partner-photos";
import { decodeCursor, encodeCursor, monthRange, pageLimit, parseNeighbourCount, type PhotoPageQuery } from "./photos";
import { toFileItem } from "./presenter";
import { staleTolerantDb, type Services } from "./services";

const iso = (ms: number) => new Date(ms).toISOString();
const noSuchShare = () => notFound("No one by that id shares photos with you.");
const noSuchPhoto = () => notFound("No such photo shared with you.");

/** A partner's photo as the partner sees it: marked with its owner, without the owner's private details. */
export function toPartnerItem(row: ItemRow, owner: { id: string; name: string }): FileItem {
  return { ...withoutPrivateDetails(toFileItem(row.file, row.blob, row.media)), owner };
}

/** `from` of a request: a date (UTC midnight), an ISO instant or milliseconds; null for none. */
export function parseFrom(raw: unknown): number | null {
  if (raw === undefined || raw === null || raw === "") return null;
  let ms = NaN;
  if (typeof raw === "number") ms = raw;
  else if (typeof raw === "string" && /^\d{4}-\d{2}-\d{2}$/.test(raw)) ms = Date.parse(`${raw}T00:00:00Z`);
  else if (typeof raw === "string" && /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(raw)) ms = Date.parse(raw);
  if (!Number.isSafeInteger(ms) || Math.abs(ms) > 8.64e15)
    throw badRequest("invalid_from", 'from is a date ("2024-07-01"), an ISO instant or milliseconds since 1970.');
  return ms;
}

/** `folderIds` of a request: null for none (an empty list too), else 1 to MAX_PARTNER_FOLDERS ids, duplicates dropped. */
export function parseFolderIds(raw: unknown): string[] | null {
  if (raw === undefined || raw === null) return null;
  const valid =
    Array.isArray(raw) &&
    raw.length <= MAX_PARTNER_FOLDERS &&
    raw.every((id) => typeof id === "string" && id.length > 0 && id.length <= 64);
  if (!valid) throw badRequest("invalid_folder_ids", `folderIds is a list of up to ${MAX_PARTNER_FOLDERS} folder ids.`);
  return raw.length === 0 ? null : [...new Set(raw as string[])];
}

function parseDirection(raw: string | undefined): PartnerDirection | undefined {
  if (raw === undefined) return undefined;
  if (!(PARTNER_DIRECTIONS as readonly string[]).includes(raw))
    throw badRequest("invalid_direction", `direction is ${PARTNER_DIRECTIONS.join(" or ")}.`);
  return raw as PartnerDirection;
}

/** What one share it receives covers, for reads. */
function sourceOf({ share, personName, folderIds }: PartnerShareWithPerson): PhotoSource {
  return {
    ownerId: share.ownerId,
    owner: { id: share.ownerId, name: personName },
    fromAt: share.fromAt,
    folderIds: share.limitedToFolders ? folderIds : null,
  };
}

async function present(
  services: Services,
  rows: PartnerShareWithPerson[],
): Promise<{ row: PartnerShareWithPerson; shown: PartnerShare }[]> {
  const folders = await repo.foldersOfShares(
    services.db,
    rows.filter((r) => r.share.limitedToFolders).map((r) => r.share),
  );
  return rows.map((row) => {
    const { share } = row;
    const own = folders.filter((f) => f.ownerId === share.ownerId && f.partnerId === share.partnerId);
    const shown: PartnerShare = {
      user: { id: row.personId, name: row.personName },
      from: share.fromAt === null ? null : iso(share.fromAt),
      folders: share.limitedToFolders
        ? own.map(({ id, name, trashed }): PartnerFolder => ({ id, name, trashed }))
        : null,
      createdAt: iso(share.createdAt),
      updatedAt: iso(share.updatedAt),
    };
    return { row, shown };
  });
}

/** `GET /api/partners`: the shares the caller gives and those they receive. */
export async function listPartners(services: Services, userId: string): Promise<PartnersResponse> {
  const [given, received] = await Promise.all([
    repo.sharesGivenBy(services.db, userId),
    repo.sharesReceivedBy(services.db, userId),
  ]);
  const [givenShown, receivedShown] = await Promise.all([present(services, given), present(services, received)]);
  return {
    sharedByMe: givenShown.map((s) => s.shown),
    sharedWithMe: receivedShown.map((s) => ({ ...s.shown, showInTimeline: s.row.share.showInTimeline })),
  };
}

async function announce(services: Services, ...userIds: string[]): Promise<void> {
  await Promise.all(userIds.map((id) => services.events.publish(id, { type: "partners.changed" })));
}

/**
 * `PUT /api/partners/:userId`: the caller shares their photos with that household member, or
 * changes the share's date and folders. Never with oneself, an unknown or a disabled account
 * (nothing is changed then); the folders must be the caller's own live folders.
 */
export async function sharePhotos(
  services: Services,
  ownerId: string,
  partnerId: string,
  input: { from?: unknown; folderIds?: unknown },
): Promise<PartnerShare> {
  if (partnerId === ownerId) throw badRequest("cannot_share_with_yourself", "Your photos are yours already.");
  const fromAt = parseFrom(input.from);
  const folderIds = parseFolderIds(input.folderIds);
  if (partnerId.length > 64 || !(await findActivePerson(services.db, partnerId)))
    throw notFound("No such household member.");
  if (folderIds) {
    const live = new Set(await repo.liveFolderIds(services.db, ownerId, folderIds));
    const missing = folderIds.filter((id) => !live.has(id));
    if (missing.length > 0) throw notFound(`No such folder of yours: ${missing.slice(0, 3).join(", ")}.`);
  }
  await repo.putShare(services.db, { ownerId, partnerId, fromAt, folderIds, now: services.now() });
  await announce(services, ownerId, partnerId);
  const shown = await present(
    services,
    (await repo.sharesGivenBy(services.db, ownerId)).filter((r) => r.share.partnerId === partnerId),
  );
  return shown[0]!.shown;
}

/**
 * `DELETE /api/partners/:userId`: either side stops a share at once. `direction` says which: the
 * one the caller gives to that person ("given") or receives from them ("received"); without it,
 * the one given if there is one, else the one received. 404 when there is no such share.
 */
export async function stopSharing(
  services: Services,
  userId: string,
  otherId: string,
  rawDirection?: string,
): Promise<void> {
  const direction = parseDirection(rawDirection);
  if (direction !== "received" && (await repo.deleteShare(services.db, userId, otherId)))
    return announce(services, userId, otherId);
  if (direction !== "given" && (await repo.deleteShare(services.db, otherId, userId)))
    return announce(services, userId, otherId);
  throw notFound("There is no such partner share.");
}

/** `PATCH /api/partners/:userId`: the partner shows (or stops showing) that owner's photos in their own timeline. */
export async function setShowInTimeline(
  services: Services,
  partnerId: string,
  ownerId: string,
  input: { showInTimeline?: unknown },
): Promise<ReceivedPartnerShare> {
  if (typeof input.showInTimeline !== "boolean")
    throw badRequest("invalid_show_in_timeline", "showInTimeline is true or false.");
  if (!(await repo.findShare(services.db, ownerId, partnerId))) throw noSuchShare();
  await repo.setShowInTimeline(services.db, ownerId, partnerId, input.showInTimeline);
  await announce(services, partnerId);
  const received = (await listPartners(services, partnerId)).sharedWithMe.find((s) => s.user.id === ownerId);
  if (!received) throw noSuchShare();
  return received;
}

/** The share `ownerId` gives the viewer, as a source to read; 404 when there is none. */
export async function receivedSource(services: Services, viewerId: string, ownerId: string): Promise<PhotoSource> {
  const share = ownerId.length <= 64 ? await repo.findShare(services.db, ownerId, viewerId) : undefined;
  if (!share) throw noSuchShare();
  return sourceOf(share);
}

/** The shares the viewer shows in their own timeline, as sources to read. */
export async function timelineSources(services: Services, viewerId: string): Promise<PhotoSource[]> {
  const received = await repo.sharesReceivedBy(services.db, viewerId);
  return received.filter((r) => r.share.showInTimeline).map(sourceOf);
}

/** Whether the source covers this live photo of its owner: its date, its folders, not archived. */
export async function covers(services: Services, source: PhotoSource, row: ItemRow): Promise<boolean> {
  const { file } = row;
  if (file.ownerId !== source.ownerId || file.trashedAt !== null || file.kind !== "file") return false;
  if (file.sortAt === null || file.archivedAt !== null) return false;
  if (source.fromAt !== null && file.sortAt < source.fromAt) return false;
  if (source.folderIds === null) return true;
  // The folders above it, walked up from the photo (a few rows), against the chosen ones.
  const chosen = new Set(source.folderIds);
  const trail = await selectTrailFromTop(services.db, file.id);
  return trail.some((step) => chosen.has(step.id) && step.trashedAt === null);
}

/**
 * A photo of `ownerId` the viewer may see through the share (thumbnail, original, preview): live,
 * not archived, and within the share's date and folders while the share lasts. 404 otherwise.
 */
export async function partnerPhoto(
  services: Services,
  viewerId: string,
  ownerId: string,
  fileId: string,
): Promise<ItemRow> {
  return coveredPhoto(services, await receivedSource(services, viewerId, ownerId), fileId);
}

async function coveredPhoto(services: Services, source: PhotoSource, fileId: string): Promise<ItemRow> {
  const row = fileId.length <= 64 ? await repo.findLivePhoto(services.db, fileId) : undefined;
  if (!row || !(await covers(services, source, row))) throw noSuchPhoto();
  return row;
}

/** `GET /api/partners/:userId/photos`: a page of what that person shares with the viewer, newest taken first. */
export async function listPartnerPhotos(
  services: Services,
  viewerId: string,
  ownerId: string,
  query: PhotoPageQuery,
): Promise<PhotoPageResponse> {
  const limit = pageLimit(query.limit);
  const range = query.month === undefined ? {} : monthRange(query.month);
  const before = query.before === undefined ? undefined : decodeCursor(query.before);
  const source = await receivedSource(services, viewerId, ownerId);
  const rows = await sourcePage(staleTolerantDb(services), source, { ...range, before, limit: limit + 1 });
  const shown = rows.slice(0, limit);
  const last = shown.at(-1)?.file;
  return {
    items: shown.map((row) => toPartnerItem(row, source.owner!)),
    nextCursor: rows.length > limit && last ? encodeCursor({ sortAt: last.sortAt!, id: last.id }) : null,
  };
}

/** `GET /api/partners/:userId/photos/months`: the months of what that person shares with the viewer. */
export async function listPartnerMonths(
  services: Services,
  viewerId: string,
  ownerId: string,
): Promise<PhotoMonthsResponse> {
  const source = await receivedSource(services, viewerId, ownerId);
  return { months: await sourceMonths(staleTolerantDb(services), source) };
}

/** `GET /api/partners/:userId/photos/:fileId/neighbours`: the shared photos around one, for the lightbox. */
export async function partnerNeighbours(
  services: Services,
  viewerId: string,
  ownerId: string,
  fileId: string,
  count: string | undefined,
): Promise<PhotoNeighboursResponse> {
  const size = parseNeighbourCount(count);
  const source = await receivedSource(services, viewerId, ownerId);
  const row = await coveredPhoto(services, source, fileId);
  const { newer, older } = await sourceNeighbours(services.db, source, { sortAt: row.file.sortAt!, id: fileId }, size);
  const show = (r: ItemRow) => toPartnerItem(r, source.owner!);
  return { photo: show(row), newer: newer.map(show), older: older.map(show) };
}
