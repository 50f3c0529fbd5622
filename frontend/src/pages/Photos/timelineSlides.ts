import { MAX_PHOTO_NEIGHBOURS, type FileItem } from "@hearth/contract";
import { createSignal } from "solid-js";
import { photosApi } from "../../api/photos";
import type { SlideshowPlan } from "../../components/SlideshowPlan";

/**
 * The timeline (or the archive) as a slideshow from one photo on, older and older: it starts with
 * that photo alone and fetches the next MAX_PHOTO_NEIGHBOURS at a time (`GET
 * /api/photos/:id/neighbours`) as it plays, so a library of a million photos costs what it shows.
 */
export function timelineSlides(start: FileItem): SlideshowPlan {
  const [items, setItems] = createSignal<FileItem[]>([start]);
  return {
    items,
    start: 0,
    async loadMore() {
      const last = items().at(-1)!;
      const { older } = await photosApi.neighbours(last.id, MAX_PHOTO_NEIGHBOURS);
      const known = new Set(items().map((item) => item.id));
      setItems([...items(), ...older.filter((item) => !known.has(item.id))]);
      return older.length === MAX_PHOTO_NEIGHBOURS;
    },
  };
}
