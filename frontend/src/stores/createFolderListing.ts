import type { FileItem, HearthEvent } from "@hearth/api-types";
import { createEffect, createSignal, on, type Accessor } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import { api } from "../api/client";
import type { EventHub } from "./createEventHub";
import { compareFiles } from "./fileOrder";
import { rememberFolder } from "./folderNames";

/**
 * The contents of one folder, kept current by the event stream: files created, renamed, moved,
 * trashed or given thumbnails elsewhere show up here without a reload.
 */
export function createFolderListing(folderId: Accessor<string | null>, hub: EventHub) {
  const [state, setState] = createStore<{ items: FileItem[] }>({ items: [] });
  const [loading, setLoading] = createSignal(true);
  const [error, setError] = createSignal("");
  let generation = 0;

  const setItems = (items: FileItem[]) =>
    setState("items", reconcile([...items].sort(compareFiles), { key: "id", merge: true }));

  async function load() {
    const current = ++generation;
    setLoading(true);
    try {
      const { items } = await api.listFolder(folderId());
      if (current !== generation) return;
      items.forEach(rememberFolder);
      setItems(items);
      setError("");
    } catch (err) {
      if (current !== generation) return;
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      if (current === generation) setLoading(false);
    }
  }

  createEffect(
    on(folderId, () => {
      setState("items", []);
      void load();
    }),
  );

  const belongsHere = (file: FileItem) => (file.parentId ?? null) === folderId();

  function upsert(file: FileItem) {
    rememberFolder(file);
    const others = state.items.filter((item) => item.id !== file.id);
    setItems(belongsHere(file) ? [...others, file] : others);
  }

  function remove(id: string) {
    if (state.items.some((item) => item.id === id)) setItems(state.items.filter((item) => item.id !== id));
  }

  function apply(event: HearthEvent) {
    switch (event.type) {
      case "file.created":
      case "file.updated":
        upsert(event.file);
        break;
      case "file.trashed":
        remove(event.fileId);
        break;
      case "thumbnail.ready": {
        const index = state.items.findIndex((item) => item.id === event.fileId);
        const item = state.items[index];
        if (item) setState("items", index, "thumbnails", [...new Set([...item.thumbnails, ...event.sizes])]);
        break;
      }
    }
  }

  hub.listen(apply);
  hub.onResync(() => void load());

  return {
    items: () => state.items,
    loading,
    error,
    reload: load,
    /** Applies a local change at once (rename, trash), before or instead of its event. */
    upsert,
    remove,
  };
}

export type FolderListing = ReturnType<typeof createFolderListing>;
