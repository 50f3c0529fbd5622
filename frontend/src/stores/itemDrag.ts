import { createSignal, onCleanup, type JSX } from "solid-js";

/**
 * Dragging items inside the app (to move them) with native HTML5 drag and drop: rows are the
 * sources, folder rows, breadcrumbs and the sidebar are the targets. The ids travel in the
 * DataTransfer under our own type, so a drag from outside (files from the desktop) never looks
 * like a move, and one from another Hearth tab still works.
 */
const ITEMS_TYPE = "application/x-hearth-items";

export interface DropActions {
  move(ids: string[], folderId: string | null): void;
  trash(ids: string[]): void;
}

let actions: DropActions | null = null;
const [dragging, setDragging] = createSignal(false);

/** Whether items are being dragged in this tab right now (targets light up). */
export const isDraggingItems = dragging;

/** The browser showing items says what a drop on a target does, for as long as it is mounted. */
export function provideDropActions(next: DropActions) {
  actions = next;
  onCleanup(() => {
    if (actions === next) actions = null;
  });
}

export function startItemDrag(event: DragEvent, ids: string[], label: string, preview?: Element) {
  const transfer = event.dataTransfer;
  if (!transfer) return;
  transfer.effectAllowed = "move";
  transfer.setData(ITEMS_TYPE, JSON.stringify(ids));
  transfer.setData("text/plain", label);
  if (preview) transfer.setDragImage(preview, 16, 16);
  setDragging(true);
}

export const endItemDrag = () => setDragging(false);

export const carriesItems = (event: DragEvent) => event.dataTransfer?.types.includes(ITEMS_TYPE) ?? false;

function draggedIds(event: DragEvent): string[] {
  try {
    const ids: unknown = JSON.parse(event.dataTransfer?.getData(ITEMS_TYPE) || "[]");
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === "string") : [];
  } catch {
    return [];
  }
}

type DropTargetHandlers = Pick<
  JSX.HTMLAttributes<HTMLElement>,
  "onDragEnter" | "onDragOver" | "onDragLeave" | "onDrop"
>;

/**
 * Event handlers that make an element a drop target for dragged items, and whether something
 * is over it now. `target` is a folder id (`null`: My Drive) or "trash".
 */
export function createDropTarget(target: () => string | null | "trash" | undefined) {
  const [over, setOver] = createSignal(false);
  let depth = 0;
  const accepts = (event: DragEvent) => carriesItems(event) && target() !== undefined;

  const handlers: DropTargetHandlers = {
    onDragEnter(event) {
      if (!accepts(event)) return;
      event.preventDefault();
      depth++;
      setOver(true);
    },
    onDragOver(event) {
      if (!accepts(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = "move";
    },
    onDragLeave(event) {
      if (!accepts(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    },
    onDrop(event) {
      if (!accepts(event)) return;
      event.preventDefault();
      event.stopPropagation();
      depth = 0;
      setOver(false);
      endItemDrag();
      const ids = draggedIds(event);
      const where = target();
      if (!ids.length || where === undefined || !actions) return;
      if (where === "trash") actions.trash(ids);
      else actions.move(ids, where);
    },
  };
  return { handlers, over };
}

/** For a list that handles drops on its rows itself: the dragged ids, or none if this is no item drag. */
export function itemsOf(event: DragEvent): string[] | null {
  return carriesItems(event) ? draggedIds(event) : null;
}

/** Hands a drop on one of a list's own rows to the same actions. */
export function dropOnFolder(ids: string[], folderId: string) {
  endItemDrag();
  actions?.move(ids, folderId);
}
