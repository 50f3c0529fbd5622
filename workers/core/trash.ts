/**
 * The trash: move an item (with what it contains) there, list it, restore it, delete it forever,
 * empty it, and purge what has been there longer than the retention. What was trashed together
 * is restored together; an item whose folders were deleted forever meanwhile comes back in
 * re-created folders of the same names; a taken name on the way back gets " (1)". Bytes leave
 * the disk only when no file uses them any more (core/blobs.ts).
 */
import type { FileItem, PathStep } from "@hearth/contract";
import { notFound } from "../lib/errors";
import { newId } from "../lib/ids";
import { findLiveItem, insertItem, type FileRow } from "../repositories/files";
import * as trash from "../repositories/trash";
import { deleteBytesOf } from "./blobs";
import { withNameRule } from "./name-clash";
import { toFileItem, toTrashItem } from "./presenter";
import type { Services } from "./services";

const DAY_MS = 24 * 3600_000;
/** Items purged per round, and rounds per run: a huge trash is purged without one enormous transaction. */
const PURGE_BATCH = 1000;
const PURGE_ROUNDS = 100;

/** Moves one of the owner's live items, and what it contains, to the trash. */
export async function moveToTrash(services: Services, ownerId: string, id: string): Promise<void> {
  const found = await findLiveItem(services.db, ownerId, id);
  if (!found) throw notFound("No such file or folder.");
  await trash.markTrashed(services.db, found.file, services.now());
  await services.events.publish(ownerId, { type: "file.trashed", fileId: id });
}

/** What the owner put in the trash (not each thing inside trashed folders), newest first, with where it was. */
export async function listTrash(services: Services, ownerId: string): Promise<FileItem[]> {
  return (await trash.listTrash(services.db, ownerId)).map(toTrashItem);
}

/**
 * Where a restored item goes: its folder if that is still there, else the same path rebuilt from
 * the top, reusing live folders of the same names and re-creating the missing ones.
 */
async function restoreTarget(
  services: Services,
  ownerId: string,
  parentId: string | null,
  from: PathStep[],
): Promise<string | null> {
  const { db } = services;
  if (parentId === null || (await trash.findLiveFolder(db, ownerId, parentId))) return parentId;
  let current: string | null = null;
  for (const step of from) {
    const kept = await trash.findLiveFolder(db, ownerId, step.id);
    const reused: FileRow | undefined =
      kept && kept.parentId === current ? kept : await trash.findLiveFolderNamed(db, ownerId, current, step.name);
    if (reused) {
      current = reused.id;
      continue;
    }
    const now = services.now();
    const row = {
      id: newId(),
      ownerId,
      parentId: current,
      kind: "folder" as const,
      size: 0,
      createdAt: now,
      updatedAt: now,
    };
    // A file may hold the folder's name there: keep both.
    const created: FileRow = await withNameRule(
      services,
      { ownerId, parentId: current, name: step.name },
      "keepBoth",
      (name) => insertItem(db, { ...row, name }),
    );
    current = created.id;
  }
  return current;
}

/** Puts a trashed item back where it was, with what was trashed with it; a taken name gets " (1)". */
export async function restoreFromTrash(services: Services, ownerId: string, id: string): Promise<FileItem> {
  const item = await trash.findTrashedTop(services.db, ownerId, id);
  if (!item) throw notFound("That item is not in your trash.");
  const from = JSON.parse(item.trashedFrom ?? "[]") as PathStep[];
  const target = await restoreTarget(services, ownerId, item.parentId, from);
  await withNameRule(services, { ownerId, parentId: target, name: item.name }, "keepBoth", (name) =>
    trash.restoreRows(services.db, item, target, name, services.now()),
  );
  const restored = await findLiveItem(services.db, ownerId, id);
  if (!restored) throw notFound("No such file or folder.");
  const file = toFileItem(restored.file, restored.blob, restored.media);
  await services.events.publish(ownerId, { type: "file.restored", file });
  return file;
}

/** Deletes a trashed item (and what was trashed with it) for good. */
export async function deleteForever(services: Services, ownerId: string, id: string): Promise<void> {
  if (!(await trash.findTrashedTop(services.db, ownerId, id))) throw notFound("That item is not in your trash.");
  const deleted = await trash.deleteTrashedWith(services.db, ownerId, id);
  await deleteBytesOf(services, deleted.unusedBlobs);
  await services.events.publish(ownerId, { type: "file.deleted", fileId: id });
}

/** Deletes everything in the owner's trash for good; resolves with how many items went. */
export async function emptyTrash(services: Services, ownerId: string): Promise<number> {
  const deleted = await trash.deleteAllTrashed(services.db, ownerId);
  await deleteBytesOf(services, deleted.unusedBlobs);
  return deleted.count;
}

/** Deletes for good what has been in anyone's trash longer than `retentionDays`; resolves with how many items went. */
export async function purgeTrash(services: Services, retentionDays: number): Promise<number> {
  const cutoff = services.now() - retentionDays * DAY_MS;
  let purged = 0;
  for (let round = 0; round < PURGE_ROUNDS; round++) {
    const expired = await trash.trashedBefore(services.db, cutoff, PURGE_BATCH);
    for (const item of expired) {
      const deleted = await trash.deleteTrashedWith(services.db, item.ownerId, item.id);
      await deleteBytesOf(services, deleted.unusedBlobs);
      purged += deleted.count;
    }
    if (expired.length < PURGE_BATCH) break;
  }
  return purged;
}
