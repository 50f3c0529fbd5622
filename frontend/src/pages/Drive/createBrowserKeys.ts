import type { FileItem } from "@hearth/contract";
import type { Selection } from "../../stores/createSelection";
import { toggleViewMode } from "../../stores/viewPrefs";

interface BrowserKeyOptions {
  root(): HTMLElement;
  scroller(): HTMLElement;
  items(): FileItem[];
  selection: Selection;
  /** Tiles per row in the grid (1 in the list): ↑ and ↓ move by that many. */
  columns(): number;
  scrollTo(index: number): void;
  /** A menu, dialog or the preview is open: they handle their own keys. */
  busy(): boolean;
  commands: {
    open(): void;
    rename(): void;
    trash(): void;
    clipboard(mode: "copy" | "cut"): void;
    /** Absent where there is no folder to paste into (Recent, Starred, search). */
    paste?: () => void;
    openMenu(): void;
  };
}

const PAGE = 10;

const isTyping = (element: Element) =>
  element instanceof HTMLInputElement ||
  element instanceof HTMLTextAreaElement ||
  element instanceof HTMLSelectElement ||
  (element instanceof HTMLElement && element.isContentEditable);

/**
 * The file manager's keyboard, listening on the document so it works wherever the focus is on
 * the page (except in a field, a dialog or a menu):
 * arrows / Home / End / PageUp / PageDown move (Shift extends, Ctrl/Cmd only moves the focus),
 * Space toggles, Enter opens, Delete trashes, F2 renames, Ctrl+A selects all, Esc clears,
 * Ctrl+C / Ctrl+X / Ctrl+V copy, cut and paste, Shift+F10 or the menu key opens the menu,
 * Shift+V switches list and grid.
 */
export function createBrowserKeys(options: BrowserKeyOptions) {
  const { selection, commands } = options;

  function moveTo(index: number, event: KeyboardEvent) {
    const list = options.items();
    if (!list.length) return;
    const clamped = Math.max(0, Math.min(list.length - 1, index));
    const id = list[clamped]!.id;
    if (event.shiftKey) selection.extendTo(id);
    else if (event.ctrlKey || event.metaKey) selection.focus(id);
    else selection.only(id);
    options.scrollTo(clamped);
  }

  return (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.altKey || options.busy()) return;
    const target = event.target as Element;
    if (target.closest("dialog, [role=menu]") || isTyping(target)) return;
    if (target !== document.body && !options.root().contains(target)) return;
    // Enter and Space on a button or link are that control's own.
    const onControl = target !== options.scroller() && !!target.closest("button, a, summary");
    const mod = event.ctrlKey || event.metaKey;
    const current = selection.focusedIndex();
    const columns = options.columns();
    const step = (delta: number) => moveTo(current < 0 ? 0 : current + delta, event);

    switch (event.key) {
      case "ArrowDown":
        step(columns);
        break;
      case "ArrowUp":
        step(-columns);
        break;
      case "ArrowRight":
        if (columns === 1) return;
        step(1);
        break;
      case "ArrowLeft":
        if (columns === 1) return;
        step(-1);
        break;
      case "Home":
        moveTo(0, event);
        break;
      case "End":
        moveTo(options.items().length - 1, event);
        break;
      case "PageDown":
        step(PAGE * columns);
        break;
      case "PageUp":
        step(-PAGE * columns);
        break;
      case "Enter":
        if (onControl) return;
        commands.open();
        break;
      case " ":
        if (onControl || current < 0) return;
        selection.toggle(options.items()[current]!.id);
        break;
      case "Delete":
        commands.trash();
        break;
      case "Backspace":
        if (!event.metaKey) return; // Cmd+Backspace on a Mac
        commands.trash();
        break;
      case "F2":
        commands.rename();
        break;
      case "Escape":
        if (selection.count() === 0) return;
        selection.clear();
        break;
      case "ContextMenu":
        commands.openMenu();
        break;
      case "F10":
        if (!event.shiftKey) return;
        commands.openMenu();
        break;
      default: {
        const key = event.key.toLowerCase();
        if (mod && key === "a") selection.all();
        else if (mod && key === "c" && !window.getSelection()?.toString()) commands.clipboard("copy");
        else if (mod && key === "x") commands.clipboard("cut");
        else if (mod && key === "v" && commands.paste) commands.paste();
        else if (!mod && event.shiftKey && key === "v") toggleViewMode();
        else return;
      }
    }
    event.preventDefault();
  };
}
