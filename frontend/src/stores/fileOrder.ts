import type { FileItem } from "@hearth/api-types";

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

/** Folders first, then by name the way people count ("img 2" before "img 10"). */
export function compareFiles(a: FileItem, b: FileItem): number {
  if (a.kind !== b.kind) return a.kind === "folder" ? -1 : 1;
  return collator.compare(a.name, b.name) || a.id.localeCompare(b.id);
}
