import type { FileItem } from "@hearth/contract";
import { createStore, reconcile } from "solid-js/store";
import { driveApi } from "../api/drive";

export interface Crumb {
  /** `null` is My Drive, the root. */
  id: string | null;
  name: string;
}

interface FolderRef {
  name: string;
  parentId: string | null;
}

const UNKNOWN = "…";
const MAX_DEPTH = 64;

// Folders seen in any listing or event, so breadcrumbs need no request while browsing down.
const [folders, setFolders] = createStore<Record<string, FolderRef>>({});
const requested = new Set<string>();

/** Records a folder's name and parent; files are ignored. */
export function rememberFolder(item: FileItem): void {
  if (item.kind !== "folder") return;
  const known = folders[item.id];
  if (known?.name === item.name && known.parentId === item.parentId) return;
  setFolders(item.id, { name: item.name, parentId: item.parentId });
}

/** Whether this id is a folder seen in some listing or event. */
export const isKnownFolder = (id: string): boolean => id in folders;

/** Drops everything remembered (on sign-out: the next user has other folders). */
export function forgetFolders(): void {
  requested.clear();
  setFolders(reconcile({}));
}

function request(id: string) {
  if (requested.has(id)) return;
  requested.add(id);
  driveApi.getFile(id).then(rememberFolder, () => {
    // Unknown stays "…"; the root crumb still leads home.
  });
}

/**
 * The path from My Drive to `folderId`, reactive: names update on rename, and a folder not seen
 * yet (a folder opened by URL) is fetched and filled in when it arrives.
 */
export function folderPath(folderId: string | null): Crumb[] {
  const path: Crumb[] = [];
  let id = folderId;
  for (let depth = 0; id && depth < MAX_DEPTH; depth++) {
    const folder = folders[id];
    if (!folder) {
      queueMicrotask(() => request(id as string));
      path.unshift({ id, name: UNKNOWN });
      break;
    }
    path.unshift({ id, name: folder.name });
    id = folder.parentId;
  }
  path.unshift({ id: null, name: "My Drive" });
  return path;
}
