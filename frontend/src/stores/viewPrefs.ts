import type { SortKey, SortOrder } from "@hearth/contract";
import { createSignal } from "solid-js";
import type { FolderSort } from "../api/drive";

export type ViewMode = "list" | "grid";

const SORT_KEY = "hearth.drive.sort";
const VIEW_KEY = "hearth.drive.view";

function read<T>(key: string, valid: (value: unknown) => value is T, fallback: T): T {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(key) ?? "null");
    return valid(value) ? value : fallback;
  } catch {
    return fallback;
  }
}

function write(key: string, value: unknown) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Private mode or full storage: the choice lasts for this visit only.
  }
}

const isSort = (value: unknown): value is FolderSort =>
  typeof value === "object" &&
  value !== null &&
  ["name", "modified", "size"].includes((value as FolderSort).key) &&
  ["asc", "desc"].includes((value as FolderSort).order);
const isView = (value: unknown): value is ViewMode => value === "list" || value === "grid";

// One choice for every folder, remembered on this device (as Drive does).
const [sort, setSortSignal] = createSignal<FolderSort>(read(SORT_KEY, isSort, { key: "name", order: "asc" }));
const [view, setViewSignal] = createSignal<ViewMode>(read(VIEW_KEY, isView, "list"));

export const folderSort = sort;
export const viewMode = view;

export function setFolderSort(next: FolderSort) {
  setSortSignal(next);
  write(SORT_KEY, next);
}

/** A column header click: the same column flips the order, another starts at its natural one. */
export function sortBy(key: SortKey) {
  const current = sort();
  const order: SortOrder =
    current.key === key ? (current.order === "asc" ? "desc" : "asc") : key === "name" ? "asc" : "desc";
  setFolderSort({ key, order });
}

export function setViewMode(next: ViewMode) {
  setViewSignal(next);
  write(VIEW_KEY, next);
}

export const toggleViewMode = () => setViewMode(view() === "list" ? "grid" : "list");
