import type { FileItem } from "@hearth/contract";
import { createSignal } from "solid-js";
import type { Selection } from "../../stores/createSelection";
import { carriesItems, dropOnFolder, endItemDrag, itemsOf, startItemDrag } from "../../stores/itemDrag";

interface BrowserPointerOptions {
  scroller(): HTMLElement;
  /** The small label shown under the pointer while dragging. */
  dragBadge(): HTMLElement;
  byId(id: string): FileItem | undefined;
  selection: Selection;
  open(item: FileItem): void;
  openMenu(x: number, y: number, item?: FileItem): void;
  hasBackgroundMenu(): boolean;
}

const rowOf = (target: EventTarget | null) =>
  (target as Element | null)?.closest?.<HTMLElement>("[data-file-id]") ?? null;

/**
 * The mouse, touch and drag handling of a file list, attached once to the list box and
 * finding the row (`data-file-id`) and the part of it (`data-action`) from the event target:
 * click selects (Ctrl/Cmd toggles, Shift extends), clicking the name or a double-click opens,
 * a tap opens on touch screens, right-click or "⋯" opens the menu, and dragging rows onto a
 * folder row moves them.
 */
export function createBrowserPointer(options: BrowserPointerOptions) {
  const { selection } = options;
  const [dropTarget, setDropTarget] = createSignal<string | null>(null);
  const itemAt = (target: EventTarget | null) => options.byId(rowOf(target)?.dataset.fileId ?? "");
  let lastPointer = "mouse";
  let draggedIds: string[] = [];

  return {
    /** The folder row that dragged items are over. */
    dropTarget,

    onPointerDown(event: PointerEvent) {
      lastPointer = event.pointerType;
    },

    onClick(event: MouseEvent) {
      const item = itemAt(event.target);
      const part = (event.target as Element).closest<HTMLElement>("[data-action], a, button");
      if (part?.tagName === "A" && !part.dataset.action) return; // a plain link (the location column)
      options.scroller().focus({ preventScroll: true });
      const toggle = event.ctrlKey || event.metaKey;
      if (!item) {
        if (!toggle && !event.shiftKey) selection.clear();
        return;
      }
      const action = part?.dataset.action;
      if (action === "menu") {
        event.preventDefault();
        const rect = part!.getBoundingClientRect();
        options.openMenu(rect.left, rect.bottom + 4, item);
        return;
      }
      if (action === "check") {
        selection.toggle(item.id);
        return;
      }
      event.preventDefault();
      if (action === "open" && !toggle && !event.shiftKey) {
        selection.only(item.id);
        options.open(item);
      } else if (event.shiftKey) selection.extendTo(item.id, toggle);
      else if (toggle) selection.toggle(item.id);
      // On a touch screen a tap opens, as in any phone app; with a selection going, it adds to it.
      else if (lastPointer === "touch" && selection.count() > 0) selection.toggle(item.id);
      else if (lastPointer === "touch") options.open(item);
      else selection.only(item.id);
    },

    onDblClick(event: MouseEvent) {
      const item = itemAt(event.target);
      if (!item || (event.target as Element).closest("[data-action=menu], [data-action=check]")) return;
      options.open(item);
    },

    onContextMenu(event: MouseEvent) {
      const item = itemAt(event.target);
      if (!item && !options.hasBackgroundMenu()) return;
      event.preventDefault();
      if (!item && !(event.ctrlKey || event.metaKey)) selection.clear();
      options.openMenu(event.clientX, event.clientY, item);
    },

    onDragStart(event: DragEvent) {
      const item = itemAt(event.target);
      if (!item) return;
      if (!selection.isSelected(item.id)) selection.only(item.id);
      const dragged = selection.selectedItems();
      draggedIds = dragged.map((entry) => entry.id);
      const label = dragged.length === 1 ? dragged[0]!.name : `${dragged.length} items`;
      const badge = options.dragBadge();
      badge.textContent = label;
      startItemDrag(event, draggedIds, label, badge);
    },

    onDragOver(event: DragEvent) {
      if (!carriesItems(event)) return;
      const row = rowOf(event.target);
      const id = row?.dataset.fileId;
      // Only onto a folder, and not onto one of the folders being dragged.
      const acceptable = row?.dataset.kind === "folder" && id && !draggedIds.includes(id);
      setDropTarget(acceptable ? id : null);
      if (acceptable) {
        event.preventDefault();
        if (event.dataTransfer) event.dataTransfer.dropEffect = "move";
      }
    },

    onDragLeave(event: DragEvent) {
      if (!options.scroller().contains(event.relatedTarget as Node | null)) setDropTarget(null);
    },

    onDrop(event: DragEvent) {
      const ids = itemsOf(event);
      const id = rowOf(event.target)?.dataset.fileId;
      setDropTarget(null);
      if (!ids || !id || ids.includes(id)) return;
      event.preventDefault();
      event.stopPropagation();
      dropOnFolder(ids, id);
    },

    onDragEnd() {
      draggedIds = [];
      setDropTarget(null);
      endItemDrag();
    },
  };
}
