import type { FileItem, PhotoNeighboursResponse } from "@hearth/contract";
import { batch, createMemo, createSignal } from "solid-js";
import { createStore } from "solid-js/store";
import { photosApi } from "../../api/photos";

/** Photos fetched on each side of the open one; the window recentres when fewer than MARGIN remain. */
const SPAN = 20;
const MARGIN = 6;

/**
 * The photos the lightbox moves through: the open one and its neighbours in timeline order, from
 * `GET /api/photos/:id/neighbours`, so ←/→ go on past the months loaded on the page and work when
 * the lightbox was opened from a link. The window follows the open photo, a request ahead.
 */
export function createPhotoWindow(
  onError: (error: unknown) => void,
  /** Where the neighbours come from: the timeline's, unless a partner's page says otherwise. */
  neighbours: (id: string, count: number) => Promise<PhotoNeighboursResponse> = photosApi.neighbours,
) {
  const [state, setState] = createStore<{ items: FileItem[] }>({ items: [] });
  const [openId, setOpenId] = createSignal<string | null>(null);
  let asked: string | null = null;
  // Changes made here while a window is being fetched: its answer was read before them and must
  // not undo them (a photo favourited while the window recentred showed as not favourited).
  let fetching = 0;
  const updated = new Map<string, FileItem>();
  const removed = new Set<string>();
  const noteChange = (id: string, file: FileItem | null) => {
    if (!fetching) return;
    if (file) updated.set(id, file);
    else removed.add(id);
  };

  async function recentre(id: string) {
    if (asked === id) return;
    asked = id;
    fetching++;
    try {
      const around = await neighbours(id, SPAN);
      if (openId() !== id && !state.items.some((item) => item.id === openId())) return;
      const items = [...around.newer.reverse(), around.photo, ...around.older];
      setState(
        "items",
        items.filter((item) => !removed.has(item.id)).map((item) => updated.get(item.id) ?? item),
      );
    } catch (error) {
      if (openId() === id) {
        onError(error);
        if (!state.items.some((item) => item.id === id)) setOpenId(null);
      }
    } finally {
      if (asked === id) asked = null;
      if (!--fetching) {
        updated.clear();
        removed.clear();
      }
    }
  }

  const index = createMemo(() => {
    const id = openId();
    return id ? state.items.findIndex((item) => item.id === id) : -1;
  });

  return {
    openId,
    items: () => state.items,
    /** Where the open photo is in `items()`; -1 while it is being fetched (or none is open). */
    index,
    /**
     * Opens a photo: at once when it is at hand (a tile; `loaded` is the page's timeline, whose
     * photos around it serve until the server's answer), after one request when not (a link).
     */
    open(id: string, loaded: FileItem[] = []) {
      const at = loaded.findIndex((item) => item.id === id);
      batch(() => {
        setOpenId(id);
        if (at >= 0) setState("items", loaded.slice(Math.max(0, at - SPAN), at + SPAN + 1));
      });
      void recentre(id);
    },
    /** The lightbox moved to `items()[at]`. */
    moveTo(at: number) {
      const item = state.items[at];
      if (!item) return;
      setOpenId(item.id);
      if (at < MARGIN || at >= state.items.length - MARGIN) void recentre(item.id);
    },
    close() {
      batch(() => {
        setOpenId(null);
        setState("items", []);
      });
    },
    /** A photo changed (favourited, archived elsewhere...): show the change in place. */
    update(file: FileItem) {
      noteChange(file.id, file);
      const at = state.items.findIndex((item) => item.id === file.id);
      if (at >= 0) setState("items", at, file);
    },
    /** A photo left (trashed, archived): the lightbox moves on to the next older one, or the newer. */
    remove(id: string) {
      noteChange(id, null);
      const at = state.items.findIndex((item) => item.id === id);
      if (at < 0) return;
      const next = state.items[at + 1] ?? state.items[at - 1];
      batch(() => {
        if (openId() === id) setOpenId(next?.id ?? null);
        setState("items", (items) => items.filter((item) => item.id !== id));
      });
      if (next && openId() === next.id) void recentre(next.id);
    },
  };
}

export type PhotoWindow = ReturnType<typeof createPhotoWindow>;
