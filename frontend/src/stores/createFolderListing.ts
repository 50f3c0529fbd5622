import type { FileItem, HearthEvent, PathStep } from "@hearth/contract";
import { batch, createEffect, createSignal, on, type Accessor } from "solid-js";
import { driveApi, type FolderSort } from "../api/drive";
import type { EventHub } from "./createEventHub";
import { createSortedItems } from "./createSortedItems";
import { fileComparator } from "./fileOrder";
import { rememberFolder } from "./folderNames";

/**
 * The contents of one folder and the trail to it, kept current by the event stream: files
 * created, renamed, moved, trashed, restored or given thumbnails elsewhere show up here without a
 * reload, each as a change to one row.
 */
const FIRST_PAGE = 300;
const NEXT_PAGES = 2000;

export function createFolderListing(folderId: Accessor<string | null>, sort: Accessor<FolderSort>, hub: EventHub) {
  const list = createSortedItems(() => fileComparator(sort().key, sort().order));
  const [path, setPath] = createSignal<PathStep[]>([]);
  const [folder, setFolder] = createSignal<FileItem | null>(null);
  const [loading, setLoading] = createSignal(true);
  const [error, setError] = createSignal("");
  // Set when the open folder itself goes to the trash or is deleted elsewhere.
  const [gone, setGone] = createSignal(false);
  let generation = 0;

  async function load() {
    const current = ++generation;
    setLoading(true);
    try {
      // The first page shows at once; a big folder's other pages stream in behind it.
      const response = await driveApi.listFolder(folderId(), sort(), { limit: FIRST_PAGE });
      if (current !== generation) return;
      response.items.forEach(rememberFolder);
      if (response.folder) rememberFolder(response.folder);
      batch(() => {
        list.replaceAll(response.items);
        setPath(response.path);
        setFolder(response.folder);
        setError("");
        setGone(false);
      });
      setLoading(false);
      let cursor = response.nextCursor ?? null;
      while (cursor !== null) {
        const page = await driveApi.listFolder(folderId(), sort(), { limit: NEXT_PAGES, cursor });
        if (current !== generation) return;
        page.items.forEach(rememberFolder);
        list.addPage(page.items);
        cursor = page.nextCursor ?? null;
      }
    } catch (err) {
      if (current !== generation) return;
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      if (current === generation) setLoading(false);
    }
  }

  createEffect(
    on(folderId, () => {
      list.clear();
      setPath([]);
      setFolder(null);
      void load();
    }),
  );
  // Another order: the rows we have are re-sorted where they are (a listing holds up to 10,000).
  createEffect(
    on(
      () => `${sort().key}:${sort().order}`,
      () => list.resort(),
      { defer: true },
    ),
  );

  const belongsHere = (file: FileItem) => (file.parentId ?? null) === folderId();
  const inPath = (id: string) => path().some((step) => step.id === id);

  function upsert(file: FileItem) {
    rememberFolder(file);
    if (belongsHere(file)) list.upsert(file);
    else list.remove(file.id);
  }

  function onAncestorChanged(file: FileItem) {
    const step = path().find((s) => s.id === file.id);
    if (!step) return;
    const index = path().indexOf(step);
    const parentInPath = index === 0 ? null : path()[index - 1]!.id;
    // Renamed: fix the crumb. Moved: the trail is different now, so ask again.
    if ((file.parentId ?? null) !== parentInPath) void load();
    else if (step.name !== file.name)
      setPath(path().map((s) => (s.id === file.id ? { id: s.id, name: file.name } : s)));
  }

  function apply(event: HearthEvent) {
    switch (event.type) {
      case "file.created":
      case "file.updated":
      case "file.restored":
        upsert(event.file);
        if (inPath(event.file.id)) onAncestorChanged(event.file);
        break;
      case "file.trashed":
      case "file.deleted":
        list.remove(event.fileId);
        if (inPath(event.fileId)) setGone(true);
        break;
      case "thumbnail.ready":
        list.addThumbnails(event.fileId, event.sizes);
        break;
    }
  }

  hub.listen(apply);
  hub.onResync(() => void load());

  return {
    items: list.items,
    path,
    folder,
    loading,
    error,
    gone,
    reload: load,
    /** Applies a local change at once (rename, move, star), before or instead of its event. */
    upsert,
    remove: list.remove,
  };
}

export type FolderListing = ReturnType<typeof createFolderListing>;
