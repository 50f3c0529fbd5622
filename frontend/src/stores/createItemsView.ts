import type { FileItem, HearthEvent, ItemsResponse } from "@hearth/contract";
import { createEffect, createSignal, on, onCleanup } from "solid-js";
import type { EventHub } from "./createEventHub";
import { createSortedItems } from "./createSortedItems";
import type { FileComparator } from "./fileOrder";
import { isKnownFolder, rememberFolder } from "./folderNames";

export interface ItemsViewOptions {
  /** Fetches the list; re-run when `key` changes (the search text, say). */
  load(): Promise<ItemsResponse>;
  key?: () => unknown;
  /** Whether a file that changed elsewhere belongs in this view now. */
  belongs(file: FileItem): boolean;
  /** Without one the server's order is kept (search relevance) and newcomers go last. */
  compare?: FileComparator;
  /** Keep at most this many (Recent). */
  limit?: number;
}

/**
 * A list that is not a folder — Recent, Starred, search results — kept current by the event
 * stream with the same one-row-at-a-time changes as a folder listing.
 */
export function createItemsView(hub: EventHub, options: ItemsViewOptions) {
  const list = createSortedItems(() => options.compare);
  const [loading, setLoading] = createSignal(true);
  const [error, setError] = createSignal("");
  let generation = 0;

  async function load() {
    const current = ++generation;
    setLoading(true);
    try {
      const { items } = await options.load();
      if (current !== generation) return;
      items.forEach(rememberFolder);
      list.replaceAll(items);
      setError("");
    } catch (err) {
      if (current !== generation) return;
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      if (current === generation) setLoading(false);
    }
  }

  createEffect(
    on(
      () => options.key?.(),
      () => void load(),
    ),
  );

  function upsert(file: FileItem) {
    rememberFolder(file);
    if (!options.belongs(file)) {
      list.remove(file.id);
      return;
    }
    list.upsert(file);
    const items = list.items();
    if (options.limit && items.length > options.limit) list.remove(items[items.length - 1]!.id);
  }

  // A folder's event stands for everything inside it too; this view may hold some of that.
  let reloadTimer: ReturnType<typeof setTimeout> | undefined;
  const reloadSoon = () => {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => void load(), 300);
  };
  onCleanup(() => clearTimeout(reloadTimer));

  hub.listen((event: HearthEvent) => {
    switch (event.type) {
      case "file.created":
      case "file.updated":
        upsert(event.file);
        break;
      case "file.restored":
        upsert(event.file);
        if (event.file.kind === "folder") reloadSoon();
        break;
      case "file.trashed":
      case "file.deleted":
        if (list.has(event.fileId)) list.remove(event.fileId);
        else if (isKnownFolder(event.fileId)) reloadSoon();
        break;
      case "thumbnail.ready":
        list.addThumbnails(event.fileId, event.sizes);
        break;
    }
  });
  hub.onResync(() => void load());

  return { items: list.items, loading, error, reload: load, upsert, remove: list.remove };
}

export type ItemsView = ReturnType<typeof createItemsView>;
