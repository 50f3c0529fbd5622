import type { FileItem } from "@hearth/contract";
import { batch, createEffect, createMemo, createSelector, createSignal, type Accessor } from "solid-js";
import { createStore, reconcile } from "solid-js/store";

/**
 * Which items of a list are selected, which one has the keyboard focus, and the anchor that
 * Shift extends a range from — the desktop file manager rules. Selection is a keyed store, so
 * selecting one row re-renders that row only.
 */
export function createSelection(items: Accessor<FileItem[]>) {
  const [selected, setSelected] = createStore<Record<string, boolean>>({});
  const [focusedId, setFocusedId] = createSignal<string | null>(null);
  const [anchorId, setAnchorId] = createSignal<string | null>(null);
  const isFocused = createSelector(focusedId);

  const indexById = createMemo(() => {
    const map = new Map<string, number>();
    items().forEach((item, index) => map.set(item.id, index));
    return map;
  });
  const indexOf = (id: string | null) => (id === null ? -1 : (indexById().get(id) ?? -1));

  // Only `true` is ever stored (deselecting deletes the key), so the keys are the selection.
  const count = createMemo(() => Object.keys(selected).length);
  const setOnly = (ids: string[]) => {
    const next: Record<string, boolean> = {};
    for (const id of ids) next[id] = true;
    setSelected(reconcile(next));
  };
  const deselect = (id: string) => setSelected(id, undefined!);

  // Items that left the list (trashed, moved away) leave the selection too.
  createEffect(() => {
    const map = indexById();
    batch(() => {
      for (const id of Object.keys(selected)) if (!map.has(id)) deselect(id);
      const focused = focusedId();
      if (focused !== null && !map.has(focused)) setFocusedId(null);
    });
  });

  const selectedIds = () =>
    items()
      .filter((item) => selected[item.id])
      .map((item) => item.id);

  return {
    isSelected: (id: string) => !!selected[id],
    isFocused,
    focusedId,
    count,
    /** The selected items in list order. */
    selectedItems: () => items().filter((item) => selected[item.id]),
    selectedIds,
    focusedIndex: () => indexOf(focusedId()),
    indexOf,
    /** A plain click: just this one. */
    only(id: string) {
      batch(() => {
        setOnly([id]);
        setFocusedId(id);
        setAnchorId(id);
      });
    },
    /** Ctrl/Cmd-click or Space: add or remove one, keeping the rest. */
    toggle(id: string) {
      batch(() => {
        if (selected[id]) deselect(id);
        else setSelected(id, true);
        setFocusedId(id);
        setAnchorId(id);
      });
    },
    /** Shift-click or Shift+arrow: everything between the anchor and `id`. */
    extendTo(id: string, additive = false) {
      const list = items();
      const from = Math.max(0, indexOf(anchorId() ?? focusedId() ?? id));
      const to = indexOf(id);
      if (to < 0) return;
      const [start, end] = from <= to ? [from, to] : [to, from];
      const range = list.slice(start, end + 1).map((item) => item.id);
      batch(() => {
        if (additive) {
          for (const rangeId of range) setSelected(rangeId, true);
        } else {
          setOnly(range);
        }
        if (anchorId() === null) setAnchorId(list[from]?.id ?? id);
        setFocusedId(id);
      });
    },
    /** Adds or removes several at once, keeping the rest (a whole day of photos). */
    setMany(ids: string[], on: boolean) {
      batch(() => {
        for (const id of ids) {
          if (on) setSelected(id, true);
          else if (selected[id]) deselect(id);
        }
        const last = ids.at(-1);
        if (on && last) setAnchorId(last);
      });
    },
    /** Moves the keyboard focus without touching the selection (Ctrl+arrows). */
    focus(id: string | null) {
      setFocusedId(id);
    },
    all() {
      setOnly(items().map((item) => item.id));
    },
    clear() {
      batch(() => {
        setOnly([]);
        setAnchorId(null);
      });
    },
  };
}

export type Selection = ReturnType<typeof createSelection>;
