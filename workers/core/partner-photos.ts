/**
 * What a partner share covers, read as a timeline: its months, its pages and a photo's neighbours,
 * newest taken first, keyset-paged like the owner's own timeline (core/photos.ts).
 *
 * A share of the whole library (from a date or not) reads the owner's timeline index with the date
 * as a lower bound. A share limited to folders reads one range per folder of the chosen subtrees
 * (repositories/partners.ts); so that a page never reads the whole subtree, the range is first
 * narrowed with the subtree's month counts to the months that hold the next page ("the window"),
 * which keeps a page at about a page's rows plus a month's, at any library size.
 *
 * A viewer's timeline with partners' photos in it is merged here too: every source (the viewer's
 * own library, each share shown) is read with the same cursor and limit, and the pages merged.
 */
import type { PhotoMonth } from "@hearth/contract";
import type { ItemRow } from "../repositories/files";
import * as photos from "../repositories/photos";
import type { TimelineKey } from "../repositories/photos";
import * as repo from "../repositories/partners";
import { EARLIEST, LATEST } from "../repositories/partners";
import type { Database } from "../repositories/database";
import { monthOf, monthRange } from "./photos";

/** One library a timeline reads: the viewer's own, or what one partner share covers of its owner's. */
export interface PhotoSource {
  ownerId: string;
  /** Set for a partner's library: whose photos these are. */
  owner?: { id: string; name: string };
  /** Photos taken before this (ms) are not shared; null: no date limit. */
  fromAt: number | null;
  /** The chosen folders (their subfolders included); null: the whole library; empty: nothing. */
  folderIds: string[] | null;
}

/** A request's bounds: a month from the scrubber ([from, to), ms), a cursor, a page size. */
export interface SourcePage {
  from?: number;
  to?: number;
  before?: TimelineKey;
  limit: number;
}

/** Timeline order: newest taken first, then id descending (ids are unique across owners). */
export function newestFirst(a: TimelineKey, b: TimelineKey): number {
  return b.sortAt - a.sortAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

const keyOf = (row: ItemRow): TimelineKey => ({ sortAt: row.file.sortAt!, id: row.file.id });

/** The first `limit` rows of several newest-first lists, newest first. */
export function mergeNewestFirst<T extends ItemRow>(lists: T[][], limit: number): T[] {
  return lists
    .flat()
    .sort((a, b) => newestFirst(keyOf(a), keyOf(b)))
    .slice(0, limit);
}

/** The first `limit` rows of several oldest-first lists, oldest first. */
function mergeOldestFirst<T extends ItemRow>(lists: T[][], limit: number): T[] {
  return lists
    .flat()
    .sort((a, b) => newestFirst(keyOf(b), keyOf(a)))
    .slice(0, limit);
}

/** Month counts of several sources added up, newest month first. */
export function addMonths(lists: PhotoMonth[][]): PhotoMonth[] {
  const sums = new Map<string, number>();
  for (const list of lists) for (const m of list) sums.set(m.month, (sums.get(m.month) ?? 0) + m.count);
  return [...sums]
    .map(([month, count]) => ({ month, count }))
    .sort((a, b) => (a.month < b.month ? 1 : a.month > b.month ? -1 : 0));
}

/**
 * The lower bound (ms) of the window that holds `need` photos older than `key`: the months below
 * the key's own month are added up until they hold `need` (the key's month is inside the window
 * but counted as nothing, since part of it is newer than the key). Undefined: every older month.
 */
export function windowBelow(months: PhotoMonth[], key: TimelineKey | undefined, need: number): number | undefined {
  const keyMonth = key ? monthOf(key.sortAt) : undefined;
  let sum = 0;
  for (const m of months) {
    if (keyMonth !== undefined && m.month >= keyMonth) continue;
    sum += m.count;
    if (sum >= need) return monthRange(m.month).from;
  }
  return undefined;
}

/** The upper bound (ms, exclusive) of the window that holds `need` photos newer than `key`; undefined: every newer month. */
export function windowAbove(months: PhotoMonth[], key: TimelineKey, need: number): number | undefined {
  const keyMonth = monthOf(key.sortAt);
  let sum = 0;
  for (let i = months.length - 1; i >= 0; i--) {
    const m = months[i]!;
    if (m.month <= keyMonth) continue;
    sum += m.count;
    if (sum >= need) return monthRange(m.month).to;
  }
  return undefined;
}

/** The source's timeline months with their counts, newest first (the share's date applied). */
export async function sourceMonths(db: Database, source: PhotoSource): Promise<PhotoMonth[]> {
  const { ownerId, folderIds, fromAt } = source;
  const raw =
    folderIds === null ? await photos.listMonths(db, ownerId) : await repo.folderMonths(db, ownerId, folderIds);
  if (fromAt === null) return raw;
  const fromMonth = monthOf(fromAt);
  const kept = raw.filter((m) => m.month >= fromMonth).map((m) => ({ ...m }));
  const boundary = kept.find((m) => m.month === fromMonth);
  const { from, to } = monthRange(fromMonth);
  // The month the share starts in: only its photos on or after the date (an exact count, at most a month's rows).
  if (boundary && fromAt > from)
    boundary.count =
      folderIds === null
        ? await repo.countOwnerPhotos(db, ownerId, fromAt, to)
        : await repo.countFolderPhotos(db, ownerId, folderIds, fromAt, to);
  return kept.filter((m) => m.count > 0);
}

/** Rows of these positions, in the positions' order. */
async function rowsInOrder(db: Database, keys: TimelineKey[]): Promise<ItemRow[]> {
  const rows = new Map(
    (
      await repo.itemsByIds(
        db,
        keys.map((k) => k.id),
      )
    ).map((r) => [r.file.id, r]),
  );
  return keys.map((k) => rows.get(k.id)).filter((r): r is ItemRow => r !== undefined);
}

/** Up to `limit` photos of the source older than the cursor, within the month asked (if any), newest first. */
export async function sourcePage(db: Database, source: PhotoSource, page: SourcePage): Promise<ItemRow[]> {
  const lower = Math.max(page.from ?? EARLIEST, source.fromAt ?? EARLIEST);
  const upper = page.to ?? LATEST;
  if (lower >= upper) return [];
  const { ownerId, folderIds } = source;
  if (folderIds === null)
    return photos.listTimeline(db, ownerId, false, {
      from: lower === EARLIEST ? undefined : lower,
      to: page.to,
      before: page.before,
      limit: page.limit,
    });
  if (folderIds.length === 0) return [];
  const read = (from: number) =>
    repo.folderPhotoKeys(db, ownerId, folderIds, {
      lower: from,
      upper,
      key: page.before,
      direction: "older",
      limit: page.limit,
    });
  // A month asked for bounds the read already; otherwise the window does.
  const window =
    page.from === undefined ? windowBelow(await sourceMonths(db, source), page.before, page.limit) : undefined;
  let keys = await read(Math.max(lower, window ?? EARLIEST));
  // The counts moved between the two reads (an upload, a trash): read on without the window.
  if (keys.length < page.limit && window !== undefined && window > lower) keys = await read(lower);
  return rowsInOrder(db, keys);
}

/** Up to `count` of the source's photos on each side of `key`: newer ones nearest first, older ones nearest first. */
export async function sourceNeighbours(
  db: Database,
  source: PhotoSource,
  key: TimelineKey,
  count: number,
): Promise<{ newer: ItemRow[]; older: ItemRow[] }> {
  const { ownerId, folderIds, fromAt } = source;
  const lower = fromAt ?? EARLIEST;
  if (folderIds === null) {
    // Before the share's date: nothing older is shared, and the newer ones start at the date.
    if (key.sortAt < lower)
      return {
        newer: (await photos.listNeighbours(db, ownerId, false, { sortAt: lower, id: "" }, count)).newer,
        older: [],
      };
    const around = await photos.listNeighbours(db, ownerId, false, key, count);
    return { newer: around.newer, older: around.older.filter((row) => row.file.sortAt! >= lower) };
  }
  if (folderIds.length === 0) return { newer: [], older: [] };
  const months = await sourceMonths(db, source);
  const read = (direction: "older" | "newer", from: number, to: number) =>
    repo.folderPhotoKeys(db, ownerId, folderIds, { lower: from, upper: to, key, direction, limit: count });
  const below = windowBelow(months, key, count);
  const above = windowAbove(months, key, count);
  let [older, newer] = await Promise.all([
    read("older", Math.max(lower, below ?? EARLIEST), LATEST),
    read("newer", lower, above ?? LATEST),
  ]);
  if (older.length < count && below !== undefined && below > lower) older = await read("older", lower, LATEST);
  if (newer.length < count && above !== undefined) newer = await read("newer", lower, LATEST);
  const [newerRows, olderRows] = await Promise.all([rowsInOrder(db, newer), rowsInOrder(db, older)]);
  return { newer: newerRows, older: olderRows };
}

/** A page of several sources at once: each read with the same cursor and limit, then merged. */
export async function mergedPage(
  db: Database,
  sources: PhotoSource[],
  page: SourcePage,
): Promise<{ row: ItemRow; source: PhotoSource }[]> {
  const pages = await Promise.all(
    sources.map(async (source) => (await sourcePage(db, source, page)).map((row) => ({ ...row, source }))),
  );
  return mergeNewestFirst(pages, page.limit).map(({ source, ...row }) => ({ row, source }));
}

/** The months of several sources added up. */
export async function mergedMonths(db: Database, sources: PhotoSource[]): Promise<PhotoMonth[]> {
  return addMonths(await Promise.all(sources.map((source) => sourceMonths(db, source))));
}

/** The neighbours of `key` across several sources. */
export async function mergedNeighbours(
  db: Database,
  sources: PhotoSource[],
  key: TimelineKey,
  count: number,
): Promise<{ newer: { row: ItemRow; source: PhotoSource }[]; older: { row: ItemRow; source: PhotoSource }[] }> {
  const around = await Promise.all(
    sources.map(async (source) => {
      const { newer, older } = await sourceNeighbours(db, source, key, count);
      return { newer: newer.map((row) => ({ ...row, source })), older: older.map((row) => ({ ...row, source })) };
    }),
  );
  const strip = ({ source, ...row }: ItemRow & { source: PhotoSource }) => ({ row, source });
  return {
    newer: mergeOldestFirst(
      around.map((a) => a.newer),
      count,
    ).map(strip),
    older: mergeNewestFirst(
      around.map((a) => a.older),
      count,
    ).map(strip),
  };
}
