import type { FileItem, SortKey, SortOrder } from "@hearth/contract";

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

export type FileComparator = (a: FileItem, b: FileItem) => number;

/** Names the way people count ("img 2" before "img 10"), case and accents aside. */
export const compareNames = (a: string, b: string) => collator.compare(a, b);

/**
 * Folders first, then by the chosen column; ties by name, then id, so the order is total and an
 * item arriving by event lands where a reload would put it.
 */
export function fileComparator(key: SortKey = "name", order: SortOrder = "asc"): FileComparator {
  const direction = order === "desc" ? -1 : 1;
  return (a, b) => {
    if (a.kind !== b.kind) return a.kind === "folder" ? -1 : 1;
    let result = 0;
    if (key === "modified") result = Date.parse(a.updatedAt) - Date.parse(b.updatedAt);
    else if (key === "size") result = a.size - b.size;
    result = result || collator.compare(a.name, b.name);
    return direction * result || a.id.localeCompare(b.id);
  };
}

/** The historical default: folders first, by name. */
export const compareFiles = fileComparator("name", "asc");

/** Newest change first (Recent). */
export const newestFirst: FileComparator = (a, b) =>
  Date.parse(b.updatedAt) - Date.parse(a.updatedAt) || a.id.localeCompare(b.id);
