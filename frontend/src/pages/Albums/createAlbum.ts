import type { AlbumDetail, AlbumItem, HearthEvent } from "@hearth/contract";
import { createSignal } from "solid-js";
import { albumsApi } from "../../api/albums";
import { ApiError } from "../../api/client";
import type { EventHub } from "../../stores/createEventHub";

/**
 * One album's state for its page: the album and all its photos (read page by page), fetched again
 * when the server says the album changed (another member added a photo) or the stream came back.
 */
export function createAlbum(hub: EventHub, albumId: () => string) {
  const [album, setAlbum] = createSignal<AlbumDetail | null>(null);
  const [items, setItems] = createSignal<AlbumItem[]>([]);
  const [gone, setGone] = createSignal(false);
  const [error, setError] = createSignal("");
  let generation = 0;

  async function load() {
    const mine = ++generation;
    try {
      const first = await albumsApi.get(albumId());
      let all = first.items;
      let cursor = first.nextCursor;
      while (cursor) {
        const page = await albumsApi.get(albumId(), cursor);
        all = all.concat(page.items);
        cursor = page.nextCursor;
      }
      if (mine !== generation) return;
      setAlbum(first.album);
      setItems(all);
      setGone(false);
      setError("");
    } catch (err) {
      if (mine !== generation) return;
      if (err instanceof ApiError && err.status === 404) setGone(true);
      else setError(err instanceof Error ? err.message : String(err));
    }
  }

  hub.listen((event: HearthEvent) => {
    if (event.type === "album.changed" && event.albumId === albumId()) void load();
    // One of the photos went to the trash (or back): the album hides (or shows) it.
    if (event.type === "file.trashed" || event.type === "file.restored" || event.type === "file.deleted") void load();
  });
  hub.onResync(() => void load());

  return {
    album,
    items,
    gone,
    error,
    load,
    setAlbum,
    removeLocally(ids: string[]) {
      const out = new Set(ids);
      setItems((list) => list.filter((item) => !out.has(item.id)));
    },
  };
}
