import type { FileItem } from "@hearth/contract";
import { createSignal } from "solid-js";

export interface ClipboardContents {
  mode: "copy" | "cut";
  items: FileItem[];
}

// Ctrl+C / Ctrl+X in one folder, Ctrl+V in another: held for the tab, across pages.
const [contents, setContents] = createSignal<ClipboardContents | null>(null);

export const fileClipboard = contents;
export const putOnClipboard = (next: ClipboardContents | null) => setContents(next);
export const isCut = (id: string) => {
  const current = contents();
  return current?.mode === "cut" && current.items.some((item) => item.id === id);
};
