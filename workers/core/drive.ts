/** Drive: the owner's file tree. */
import type { FileItem, OnConflict } from "@hearth/contract";
import { notFound } from "../lib/errors";
import { newId } from "../lib/ids";
import { findLiveItem, insertItem, type ItemRow } from "../repositories/files";
import { withNameRule } from "./name-clash";
import { toFileItem } from "./presenter";
import type { Services } from "./services";

/** One of the owner's live items with its blob and media rows; 404 for anyone else's id, or a trashed one. */
export async function getOwnedItem(services: Pick<Services, "db">, ownerId: string, id: string): Promise<ItemRow> {
  const found = await findLiveItem(services.db, ownerId, id);
  if (!found) throw notFound("No such file or folder.");
  return found;
}

/** Checks a folder id (or null for the top level) names one of the owner's live folders; 404 otherwise. */
export async function assertFolder(services: Pick<Services, "db">, ownerId: string, folderId: string | null): Promise<void> {
  if (folderId === null) return;
  const { file } = await getOwnedItem(services, ownerId, folderId);
  if (file.kind !== "folder") throw notFound("That is not a folder.");
}

/** Makes a folder; a taken name is resolved by the name rule (`fail` unless asked otherwise). */
export async function createFolder(
  services: Services,
  ownerId: string,
  input: { parentId: string | null; name: string; onConflict: OnConflict },
): Promise<FileItem> {
  await assertFolder(services, ownerId, input.parentId);
  const now = services.now();
  const folder = { id: newId(), ownerId, parentId: input.parentId, kind: "folder" as const, size: 0, createdAt: now, updatedAt: now };
  const row = await withNameRule(services, { ownerId, parentId: input.parentId, name: input.name }, input.onConflict, (name) =>
    insertItem(services.db, { ...folder, name }),
  );
  const item = toFileItem(row);
  await services.events.publish(ownerId, { type: "file.created", file: item });
  return item;
}
