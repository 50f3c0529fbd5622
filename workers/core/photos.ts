/**
 * Photos: the timeline of the owner's images and videos, newest taken first. Where a photo sits is
 * its `sort_at` (the EXIF date taken when the media process found one, else the file's date), kept
 * by the database itself (triggers in migration 0007), so uploads, copies, trash, restore and the
 * media process all keep it right. Pages are keyset (a date + id cursor), never OFFSET: page 5,000
 * costs what page 1 does. Archived photos leave the timeline and its month counts but stay in Drive.
 */
import {
  DEFAULT_PHOTO_PAGE,
  MAX_PHOTO_NEIGHBOURS,
  MAX_PHOTO_PAGE,
  MONTH_PATTERN,
  type FileItem,
  type PhotoMonthsResponse,
  type PhotoNeighboursResponse,
  type PhotoPageResponse,
} from "@hearth/contract";
import { badRequest, notFound } from "../lib/errors";
import * as files from "../repositories/files";
import type { ItemRow } from "../repositories/files";
import { findLivePhoto } from "../repositories/partners";
import * as photos from "../repositories/photos";
import type { TimelineKey } from "../repositories/photos";
import { getOwnedItem } from "./drive";
import { mergedMonths, mergedNeighbours, mergedPage, type PhotoSource } from "./partner-photos";
import { covers, timelineSources, toPartnerItem } from "./partners";
import { toFileItem, toFileItems } from "./presenter";
import { staleTolerantDb, type Services } from "./services";

/** The opaque cursor of a timeline position: `<sortAt>.<id>`. */
export function encodeCursor(key: TimelineKey): string {
  return `${key.sortAt}.${key.id}`;
}

/** The position a cursor names; 400 for anything that is not one of ours. */
export function decodeCursor(cursor: string): TimelineKey {
  const parts = /^(-?\d{1,16})\.([A-Za-z0-9_-]{1,64})$/.exec(cursor);
  if (!parts) throw badRequest("invalid_cursor", "before is the nextCursor of the previous page.");
  return { sortAt: Number(parts[1]), id: parts[2]! };
}

/** The first and the after-last instant (ms, UTC) of a "YYYY-MM" month; 400 for anything else. */
export function monthRange(month: string): { from: number; to: number } {
  const parts = MONTH_PATTERN.exec(month);
  if (!parts) throw badRequest("invalid_month", "month is YYYY-MM, e.g. 2024-07.");
  const year = Number(parts[1]);
  const index = Number(parts[2]) - 1;
  return { from: Date.UTC(year, index, 1), to: Date.UTC(year, index + 1, 1) };
}

/** The month ("YYYY-MM", UTC) an instant falls in: the same bucket the database counts it in. */
export function monthOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

/** A page size from the query string: 1 to MAX_PHOTO_PAGE, DEFAULT_PHOTO_PAGE when absent. */
export function pageLimit(limit: string | undefined): number {
  if (limit === undefined) return DEFAULT_PHOTO_PAGE;
  const size = Number(limit);
  if (!Number.isInteger(size) || size < 1 || size > MAX_PHOTO_PAGE)
    throw badRequest("invalid_limit", `limit is 1 to ${MAX_PHOTO_PAGE}.`);
  return size;
}

export interface PhotoPageQuery {
  /** "YYYY-MM": only that month. */
  month?: string;
  /** The previous page's nextCursor. */
  before?: string;
  limit?: string;
}

/** The viewer's own library, as a timeline source. */
const ownLibrary = (ownerId: string): PhotoSource => ({ ownerId, fromAt: null, folderIds: null });

/** A row of a merged timeline as the viewer sees it: their own photo, or a partner's marked as theirs. */
const shownAs = ({ row, source }: { row: ItemRow; source: PhotoSource }) =>
  source.owner ? toPartnerItem(row, source.owner) : toFileItem(row.file, row.blob, row.media);

async function page(services: Services, ownerId: string, archived: boolean, query: PhotoPageQuery) {
  const limit = pageLimit(query.limit);
  const range = query.month === undefined ? {} : monthRange(query.month);
  const before = query.before === undefined ? undefined : decodeCursor(query.before);
  const db = staleTolerantDb(services);
  // One row more than asked tells whether another page follows.
  const request = { ...range, before, limit: limit + 1 };
  const partners = archived ? [] : await timelineSources(services, ownerId);
  // The partners' photos the viewer shows in their timeline: each library read with the same cursor, then merged.
  const rows =
    partners.length === 0
      ? (await photos.listTimeline(db, ownerId, archived, request)).map((row) => ({ row, source: ownLibrary(ownerId) }))
      : await mergedPage(db, [ownLibrary(ownerId), ...partners], request);
  const shown = rows.slice(0, limit);
  const last = shown.at(-1)?.row.file;
  const nextCursor = rows.length > limit && last ? encodeCursor({ sortAt: last.sortAt!, id: last.id }) : null;
  return { items: shown.map(shownAs), nextCursor } satisfies PhotoPageResponse;
}

/** A page of the timeline, newest taken first (`GET /api/photos`). */
export function listTimeline(services: Services, ownerId: string, query: PhotoPageQuery): Promise<PhotoPageResponse> {
  return page(services, ownerId, false, query);
}

/** A page of the archived photos, newest taken first (`GET /api/photos/archive`). */
export function listArchive(services: Services, ownerId: string, query: PhotoPageQuery): Promise<PhotoPageResponse> {
  return page(services, ownerId, true, query);
}

/** The scrubber's months with their counts, newest first (`GET /api/photos/months`). */
export async function listMonths(services: Services, ownerId: string): Promise<PhotoMonthsResponse> {
  const db = staleTolerantDb(services);
  const partners = await timelineSources(services, ownerId);
  if (partners.length === 0) return { months: await photos.listMonths(db, ownerId) };
  return { months: await mergedMonths(db, [ownLibrary(ownerId), ...partners]) };
}

/** `?count=` of a neighbours request: 1 to MAX_PHOTO_NEIGHBOURS, 1 when absent. */
export function parseNeighbourCount(count: string | undefined): number {
  const size = count === undefined ? 1 : Number(count);
  if (!Number.isInteger(size) || size < 1 || size > MAX_PHOTO_NEIGHBOURS)
    throw badRequest("invalid_count", `count is 1 to ${MAX_PHOTO_NEIGHBOURS}.`);
  return size;
}

/** One of the owner's live photos or videos; 404 for anything else (a folder, a PDF, someone else's). */
async function getPhoto(services: Services, ownerId: string, id: string) {
  const row = await getOwnedItem(services, ownerId, id);
  if (row.file.sortAt === null) throw notFound("That is not a photo or video.");
  return row;
}

/**
 * The photos on each side of one, for the lightbox's arrows and prefetching: in the timeline, or
 * in the archive for an archived photo (`GET /api/photos/:id/neighbours`).
 */
export async function neighboursOf(
  services: Services,
  ownerId: string,
  id: string,
  count: string | undefined,
): Promise<PhotoNeighboursResponse> {
  const size = parseNeighbourCount(count);
  const partners = await timelineSources(services, ownerId);
  // A partner's photo shown in the viewer's timeline has its neighbours there too.
  const own = await files.findLiveItem(services.db, ownerId, id);
  const partnerRow = own ? undefined : await findLivePhoto(services.db, id);
  const partner = partnerRow && partners.find((source) => source.ownerId === partnerRow.file.ownerId);
  if (partner && partnerRow && (await covers(services, partner, partnerRow))) {
    const key = { sortAt: partnerRow.file.sortAt!, id };
    const around = await mergedNeighbours(services.db, [ownLibrary(ownerId), ...partners], key, size);
    const photo = toPartnerItem(partnerRow, partner.owner!);
    return { photo, newer: around.newer.map(shownAs), older: around.older.map(shownAs) };
  }
  const row = await getPhoto(services, ownerId, id);
  const key = { sortAt: row.file.sortAt!, id: row.file.id };
  const photo = toFileItem(row.file, row.blob, row.media);
  if (row.file.archivedAt !== null || partners.length === 0) {
    const { newer, older } = await photos.listNeighbours(services.db, ownerId, row.file.archivedAt !== null, key, size);
    return { photo, newer: toFileItems(newer), older: toFileItems(older) };
  }
  const around = await mergedNeighbours(services.db, [ownLibrary(ownerId), ...partners], key, size);
  return { photo, newer: around.newer.map(shownAs), older: around.older.map(shownAs) };
}

/** Archives (or brings back to the timeline) one of the owner's photos; the user's tabs hear of it. */
export async function setArchived(
  services: Services,
  ownerId: string,
  id: string,
  archived: boolean,
): Promise<FileItem> {
  const current = await getPhoto(services, ownerId, id);
  const already = (current.file.archivedAt !== null) === archived;
  if (!already) {
    const updated = await photos.setArchived(services.db, ownerId, id, archived ? services.now() : null);
    if (!updated) throw notFound("No such file or folder.");
  }
  const { file, blob, media } = await getOwnedItem(services, ownerId, id);
  const item = toFileItem(file, blob, media);
  if (!already) await services.events.publish(ownerId, { type: "file.updated", file: item });
  return item;
}
