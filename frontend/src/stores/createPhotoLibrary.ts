import type { FileItem, HearthEvent, ThumbnailSize } from "@hearth/contract";
import { createMemo, createSignal } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import { api } from "../api/client";
import { dayKey } from "../format";
import type { EventHub } from "./createEventHub";

export const isMedia = (file: FileItem) =>
  file.kind === "file" && !!file.mime && (file.mime.startsWith("image/") || file.mime.startsWith("video/"));

/** When a photo was taken, or when it arrived if the camera didn't say. */
export const photoTime = (file: FileItem) => file.media?.takenAt || file.createdAt;

const newestFirst = (a: FileItem, b: FileItem) =>
  photoTime(b).localeCompare(photoTime(a)) || b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id);

export interface PhotoDay {
  key: string;
  items: FileItem[];
}

/**
 * Every photo and video, newest first, grouped by the day it was taken. Thumbnails that finish
 * while the page is open are applied to the one item, so only its tile changes.
 */
export function createPhotoLibrary(hub: EventHub) {
  const [state, setState] = createStore<{ items: FileItem[]; failed: Record<string, boolean> }>({
    items: [],
    failed: {},
  });
  const [loading, setLoading] = createSignal(true);
  const [error, setError] = createSignal("");
  // Thumbnails announced while the list was still loading, applied when it arrives.
  const earlyThumbnails = new Map<string, ThumbnailSize[]>();

  const setItems = (items: FileItem[]) =>
    setState("items", reconcile([...items].sort(newestFirst), { key: "id", merge: true }));

  const withEarlyThumbnails = (file: FileItem): FileItem => {
    const early = earlyThumbnails.get(file.id);
    return early ? { ...file, thumbnails: [...new Set([...file.thumbnails, ...early])] } : file;
  };

  async function load() {
    setLoading(true);
    try {
      const { items } = await api.listPhotos();
      setItems(items.map(withEarlyThumbnails));
      earlyThumbnails.clear();
      setError("");
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setLoading(false);
    }
  }

  function upsert(file: FileItem) {
    const others = state.items.filter((item) => item.id !== file.id);
    if (isMedia(file)) setItems([...others, withEarlyThumbnails(file)]);
    else if (others.length !== state.items.length) setItems(others);
  }

  function apply(event: HearthEvent) {
    switch (event.type) {
      case "file.created":
      case "file.updated":
      case "file.restored":
        upsert(event.file);
        break;
      case "file.trashed":
      case "file.deleted":
        if (state.items.some((item) => item.id === event.fileId))
          setItems(state.items.filter((item) => item.id !== event.fileId));
        break;
      case "thumbnail.ready": {
        const index = state.items.findIndex((item) => item.id === event.fileId);
        const item = state.items[index];
        if (item) setState("items", index, "thumbnails", [...new Set([...item.thumbnails, ...event.sizes])]);
        else earlyThumbnails.set(event.fileId, event.sizes);
        break;
      }
      case "job.progress":
        if (event.state === "failed") setState("failed", event.fileId, true);
        break;
    }
  }

  hub.listen(apply);
  hub.onResync(() => void load());
  void load();

  // Reads only ids and dates, so a thumbnail arriving does not regroup the timeline.
  const days = createMemo<PhotoDay[]>(() => {
    const result: PhotoDay[] = [];
    for (const item of state.items) {
      const key = dayKey(photoTime(item));
      const last = result[result.length - 1];
      if (last?.key === key) last.items.push(item);
      else result.push({ key, items: [item] });
    }
    return result;
  });

  return {
    items: () => state.items,
    days,
    loading,
    error,
    reload: load,
    thumbnailFailed: (id: string) => !!state.failed[id],
  };
}

export type PhotoLibrary = ReturnType<typeof createPhotoLibrary>;
