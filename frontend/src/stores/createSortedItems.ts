import type { FileItem, ThumbnailSize } from "@hearth/contract";
import { batch } from "solid-js";
import { createStore, produce, reconcile } from "solid-js/store";
import type { FileComparator } from "./fileOrder";

/**
 * A list of files kept in order, changed one item at a time: an update reconciles into the row's
 * existing store object (only the fields that changed notify), an insert goes where binary search
 * puts it. No event ever rebuilds or re-sorts the whole list, so a 10,000-item folder stays cheap.
 * Without a comparator the server's order is kept and new items go to the end.
 */
export function createSortedItems(compare: () => FileComparator | undefined) {
  const [state, setState] = createStore<{ items: FileItem[] }>({ items: [] });

  const indexOf = (id: string) => state.items.findIndex((item) => item.id === id);

  function insertionPoint(file: FileItem): number {
    const cmp = compare();
    if (!cmp) return state.items.length;
    let low = 0;
    let high = state.items.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cmp(state.items[mid]!, file) <= 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  const inPlace = (index: number) => {
    const cmp = compare();
    if (!cmp) return true;
    const item = state.items[index]!;
    const before = state.items[index - 1];
    const after = state.items[index + 1];
    return (!before || cmp(before, item) <= 0) && (!after || cmp(item, after) <= 0);
  };

  return {
    items: () => state.items,
    /** Replaces everything (a load), keeping the store objects of items that stay. */
    replaceAll(items: FileItem[]) {
      const cmp = compare();
      setState("items", reconcile(cmp ? [...items].sort(cmp) : items, { key: "id", merge: true }));
    },
    /** Adds a further page of a listing; items already here (from live events) are kept as they are. */
    addPage(items: FileItem[]) {
      const known = new Set(state.items.map((item) => item.id));
      const fresh = items.filter((item) => !known.has(item.id));
      if (fresh.length === 0) return;
      const cmp = compare();
      const all = [...state.items, ...fresh];
      setState("items", reconcile(cmp ? all.sort(cmp) : all, { key: "id", merge: true }));
    },
    /** Re-sorts after the comparator changed. */
    resort() {
      const cmp = compare();
      if (cmp) setState("items", (items) => [...items].sort(cmp));
    },
    has: (id: string) => indexOf(id) >= 0,
    get: (id: string) => state.items.find((item) => item.id === id),
    upsert(file: FileItem) {
      const index = indexOf(file.id);
      if (index < 0) {
        const at = insertionPoint(file);
        setState(
          "items",
          produce((items) => void items.splice(at, 0, file)),
        );
        return;
      }
      batch(() => {
        setState("items", index, reconcile(file, { merge: true }));
        if (inPlace(index)) return;
        const item = state.items[index]!;
        setState(
          "items",
          produce((items) => void items.splice(index, 1)),
        );
        const at = insertionPoint(item);
        setState(
          "items",
          produce((items) => void items.splice(at, 0, item)),
        );
      });
    },
    remove(id: string) {
      const index = indexOf(id);
      if (index >= 0)
        setState(
          "items",
          produce((items) => void items.splice(index, 1)),
        );
    },
    addThumbnails(id: string, sizes: ThumbnailSize[]) {
      const index = indexOf(id);
      const item = state.items[index];
      if (item) setState("items", index, "thumbnails", [...new Set([...item.thumbnails, ...sizes])]);
    },
    clear() {
      setState("items", []);
    },
  };
}

export type SortedItems = ReturnType<typeof createSortedItems>;
