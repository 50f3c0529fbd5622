import type { FileItem, HearthEvent } from "@hearth/contract";
import { createSignal, onCleanup } from "solid-js";
import { driveApi } from "../api/drive";
import type { EventHub } from "./createEventHub";
import { createSortedItems } from "./createSortedItems";

const newestTrashedFirst = (a: FileItem, b: FileItem) =>
  Date.parse(b.trashedAt ?? "") - Date.parse(a.trashedAt ?? "") || a.id.localeCompare(b.id);

/**
 * The trash, newest first. Restores and deletions (here or in another tab) leave it at once;
 * an item trashed elsewhere arrives as an id only, so the list is asked for again, briefly
 * debounced for a burst of them.
 */
export function createTrash(hub: EventHub) {
  const list = createSortedItems(() => newestTrashedFirst);
  const [loading, setLoading] = createSignal(true);
  const [error, setError] = createSignal("");
  let reloadTimer: ReturnType<typeof setTimeout> | undefined;

  async function load() {
    setLoading(true);
    try {
      list.replaceAll((await driveApi.trash()).items);
      setError("");
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setLoading(false);
    }
  }

  const reloadSoon = () => {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => void load(), 300);
  };
  onCleanup(() => clearTimeout(reloadTimer));

  hub.listen((event: HearthEvent) => {
    switch (event.type) {
      case "file.trashed":
        if (!list.has(event.fileId)) reloadSoon();
        break;
      case "file.restored":
        // A restored folder takes what was trashed with it.
        list.remove(event.file.id);
        if (event.file.kind === "folder") reloadSoon();
        break;
      case "file.deleted":
        list.remove(event.fileId);
        break;
    }
  });
  hub.onResync(() => void load());
  void load();

  return {
    items: list.items,
    loading,
    error,
    reload: load,
    remove: list.remove,
    async restore(item: FileItem) {
      const restored = await driveApi.restore(item.id);
      list.remove(item.id);
      return restored;
    },
    async deleteForever(item: FileItem) {
      await driveApi.deleteForever(item.id);
      list.remove(item.id);
    },
    async empty() {
      const { deleted } = await driveApi.emptyTrash();
      list.replaceAll([]);
      return deleted;
    },
  };
}

export type Trash = ReturnType<typeof createTrash>;
