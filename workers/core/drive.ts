/**
 * Drive: the owner's file tree. Listing (folders first, paged), the trail to a folder, folders,
 * rename and move (metadata only, however big the folder), copy (bytes are shared, never copied),
 * stars, search and recent files (the Photos timeline is core/photos.ts). Every item is looked up with its owner, so
 * another user's id is simply not found (404). A taken name is resolved by core/name-clash.ts;
 * the user's other tabs hear about every change through `services.events`.
 */
import type { FileItem, FileListResponse, OnConflict, PathStep, SortKey, SortOrder } from "@hearth/contract";
import { badRequest, notFound } from "../lib/errors";
import { newId } from "../lib/ids";
import { validateName } from "../lib/names";
import { copyContents } from "../repositories/copy";
import * as files from "../repositories/files";
import type { FileRow, ItemRow } from "../repositories/files";
import { withNameRule } from "./name-clash";
import { withinQuota } from "./quota";
import { toFileItem, toFileItems } from "./presenter";
import { staleTolerantDb, type Services } from "./services";

/** Longest search text accepted. */
export const MAX_SEARCH_LENGTH = 200;

/** One of the owner's live items with its blob and media rows; 404 for anyone else's id, or a trashed one. */
export async function getOwnedItem(services: Pick<Services, "db">, ownerId: string, id: string): Promise<ItemRow> {
  const found = await files.findLiveItem(services.db, ownerId, id);
  if (!found) throw notFound("No such file or folder.");
  return found;
}

/** One of the owner's live items, as the API shows it. */
export async function getItem(services: Services, ownerId: string, id: string): Promise<FileItem> {
  const { file, blob, media } = await getOwnedItem(services, ownerId, id);
  return toFileItem(file, blob, media);
}

/** Checks a folder id (or null for the top level) names one of the owner's live folders; 404 otherwise. */
export async function assertFolder(
  services: Pick<Services, "db">,
  ownerId: string,
  folderId: string | null,
): Promise<void> {
  if (folderId === null) return;
  const { file } = await getOwnedItem(services, ownerId, folderId);
  if (file.kind !== "folder") throw notFound("That is not a folder.");
}

export interface FolderPage {
  /** Null for the top level. */
  parentId: string | null;
  sort: SortKey;
  order: SortOrder;
  limit: number;
  /** The previous page's nextCursor; the folder's start when undefined. */
  cursor?: string;
}

/** The opaque cursor of a position in a folder: base64url of `[kind, key, id]`. */
export function encodeFolderCursor(position: files.ChildPosition): string {
  const json = JSON.stringify([position.kind, position.key, position.id]);
  return btoa(String.fromCharCode(...new TextEncoder().encode(json)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** The position a cursor names; 400 for anything that is not one of ours. */
export function decodeFolderCursor(cursor: string): files.ChildPosition {
  const invalid = () => badRequest("invalid_cursor", "cursor is the nextCursor of the previous page.");
  let parsed: unknown;
  try {
    const binary = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    parsed = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0))));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalid();
  const [kind, key, id] = parsed as unknown[];
  if ((kind !== "folder" && kind !== "file") || typeof id !== "string" || id.length > 64) throw invalid();
  if (typeof key !== "string" && typeof key !== "number") throw invalid();
  return { kind, key, id };
}

/** The folder (404 unless one of the owner's live folders) and the trail from the top down to it. */
async function folderHead(services: Services, ownerId: string, parentId: string | null) {
  const db = staleTolerantDb(services);
  const folder = parentId === null ? null : await getOwnedItem({ db }, ownerId, parentId);
  if (folder && folder.file.kind !== "folder") throw notFound("That is not a folder.");
  const path = await files.pathTo(db, parentId);
  return { folder: folder ? toFileItem(folder.file) : null, path };
}

/** A page of a folder, folders first, with the folder itself and the trail from the top down to it. */
export async function listFolder(services: Services, ownerId: string, page: FolderPage): Promise<FileListResponse> {
  const { parentId, sort, order, limit } = page;
  let after = page.cursor === undefined ? undefined : decodeFolderCursor(page.cursor);
  const head = await folderHead(services, ownerId, parentId);
  const items: FileItem[] = [];
  // Read in chunks (sqld caps one response's size); each continues where the last ended.
  for (;;) {
    const chunk = await files.listChildrenPage(staleTolerantDb(services), ownerId, parentId, {
      sort,
      order,
      limit: limit - items.length,
      after,
    });
    items.push(...toFileItems(chunk.rows));
    if (!chunk.next) return { items, ...head, nextCursor: null };
    if (items.length >= limit) return { items, ...head, nextCursor: encodeFolderCursor(chunk.next) };
    after = chunk.next;
  }
}

/**
 * A whole folder however big, for a listing sent as it is read: the folder and its trail, then
 * its items a chunk at a time (never all rows in one query or in memory at once).
 */
export async function openFolder(
  services: Services,
  ownerId: string,
  listing: { parentId: string | null; sort: SortKey; order: SortOrder },
): Promise<{ folder: FileItem | null; path: PathStep[]; items: AsyncGenerator<FileItem[]> }> {
  const head = await folderHead(services, ownerId, listing.parentId);
  async function* items() {
    for await (const rows of files.allChildren(staleTolerantDb(services), ownerId, listing.parentId, listing))
      yield toFileItems(rows);
  }
  return { ...head, items: items() };
}

/** Makes a folder; a taken name is resolved as `onConflict` says. */
export async function createFolder(
  services: Services,
  ownerId: string,
  input: { parentId: string | null; name: unknown; onConflict: OnConflict },
): Promise<FileItem> {
  const name = validateName(input.name);
  await assertFolder(services, ownerId, input.parentId);
  const now = services.now();
  const folder = {
    id: newId(),
    ownerId,
    parentId: input.parentId,
    kind: "folder" as const,
    size: 0,
    createdAt: now,
    updatedAt: now,
  };
  const row = await withNameRule(services, { ownerId, parentId: input.parentId, name }, input.onConflict, (free) =>
    files.insertItem(services.db, { ...folder, name: free }),
  );
  return announceCreated(services, ownerId, row.id);
}

/** Checks the item may go into `parentId`: a folder of the owner's, and (for a folder) not itself or inside it. */
async function assertDestination(
  services: Services,
  ownerId: string,
  item: FileRow,
  parentId: string | null,
  verb: string,
): Promise<void> {
  await assertFolder(services, ownerId, parentId);
  if (item.kind === "folder" && parentId !== null && (await files.isInside(services.db, parentId, item.id)))
    throw badRequest(`invalid_${verb}`, `A folder cannot be ${verb === "move" ? "moved" : "copied"} into itself.`);
}

/**
 * Renames and/or moves an item (one row changes, however much it contains). `parentId`
 * undefined keeps the folder; a taken name is resolved as `onConflict` says.
 */
export async function renameOrMove(
  services: Services,
  ownerId: string,
  id: string,
  input: { name?: unknown; parentId?: string | null; onConflict: OnConflict },
): Promise<FileItem> {
  const { file } = await getOwnedItem(services, ownerId, id);
  if (input.name === undefined && input.parentId === undefined)
    throw badRequest("nothing_to_change", "Send a new name or parentId.");
  const name = input.name === undefined ? file.name : validateName(input.name);
  const parentId = input.parentId === undefined ? file.parentId : input.parentId;
  if (input.parentId !== undefined) await assertDestination(services, ownerId, file, parentId, "move");
  const updated = await withNameRule(services, { ownerId, parentId, name }, input.onConflict, (free) =>
    files.updateItem(services.db, ownerId, id, { name: free, parentId }, services.now()),
  );
  // Gone meanwhile (or trashed as the holder of the name it asked for).
  if (!updated) throw notFound("No such file or folder.");
  const item = await getItem(services, ownerId, id);
  await services.events.publish(ownerId, { type: "file.updated", file: item });
  return item;
}

/**
 * Copies an item into `parentId` (undefined: the same folder), a folder with everything live in
 * it. Copies share the originals' blobs, so no byte is copied. A taken name is resolved as
 * `onConflict` says.
 */
export async function copyItem(
  services: Services,
  ownerId: string,
  id: string,
  input: { parentId?: string | null; name?: unknown; onConflict: OnConflict },
): Promise<FileItem> {
  const { file } = await getOwnedItem(services, ownerId, id);
  const parentId = input.parentId === undefined ? file.parentId : input.parentId;
  await assertDestination(services, ownerId, file, parentId, "copy");
  const name = input.name === undefined ? file.name : validateName(input.name);
  const now = services.now();
  const { kind, size, mime, blobId } = file;
  const top = { id: newId(), ownerId, parentId, kind, size, mime, blobId, createdAt: now, updatedAt: now };
  // A copy costs quota like any file (core/quota.ts); a folder's contents go in at once or not at all.
  const copied = await withinQuota(services, ownerId, size, () =>
    withNameRule(services, { ownerId, parentId, name }, input.onConflict, (free) =>
      files.insertItem(services.db, { ...top, name: free }),
    ),
  );
  if (kind === "folder") {
    try {
      await withinQuota(services, ownerId, undefined, () =>
        copyContents(services.db, ownerId, file.id, copied.id, now),
      );
    } catch (error) {
      await files.deleteEmptyFolder(services.db, ownerId, copied.id).catch(() => {});
      throw error;
    }
  }
  return announceCreated(services, ownerId, copied.id);
}

async function announceCreated(services: Services, ownerId: string, id: string): Promise<FileItem> {
  const item = await getItem(services, ownerId, id);
  await services.events.publish(ownerId, { type: "file.created", file: item });
  return item;
}

/** Stars or unstars one of the owner's items. */
export async function setStar(services: Services, ownerId: string, id: string, starred: boolean): Promise<FileItem> {
  if (!(await files.setStarred(services.db, ownerId, id, starred, services.now())))
    throw notFound("No such file or folder.");
  const item = await getItem(services, ownerId, id);
  await services.events.publish(ownerId, { type: "file.updated", file: item });
  return item;
}

/** Live items whose names contain `text` (nothing for an empty search), best matches first. */
export async function search(services: Services, ownerId: string, text: string): Promise<FileItem[]> {
  const q = text.trim();
  if (q.length === 0) return [];
  if (q.length > MAX_SEARCH_LENGTH)
    throw badRequest("query_too_long", `Search for at most ${MAX_SEARCH_LENGTH} characters.`);
  return toFileItems(await files.searchByName(staleTolerantDb(services), ownerId, q));
}

/** Files changed or added most recently. */
export async function listRecent(services: Services, ownerId: string): Promise<FileItem[]> {
  return toFileItems(await files.listRecent(staleTolerantDb(services), ownerId));
}

/** Starred items, folders first. */
export async function listStarred(services: Services, ownerId: string): Promise<FileItem[]> {
  return toFileItems(await files.listStarred(staleTolerantDb(services), ownerId));
}
