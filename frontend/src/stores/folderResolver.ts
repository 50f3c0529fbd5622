import type { FileItem } from "@hearth/contract";
import { ApiError } from "../api/client";
import { driveApi } from "../api/drive";

/**
 * Finds or makes the folders an uploaded directory tree needs. An existing folder of the same
 * name is reused (uploading "Holiday" twice fills one folder, as a file manager would), each
 * folder is asked for once however many files go into it, and a file holding the name gets a
 * "Holiday (1)" folder beside it.
 */
export function createFolderResolver() {
  const folders = new Map<string, Promise<string>>();
  const listings = new Map<string, Promise<FileItem[]>>();
  const made = new Set<string>();

  const listKey = (parentId: string | null) => parentId ?? "root";

  const children = (parentId: string | null) => {
    const key = listKey(parentId);
    // A folder made in this batch starts empty: no need to ask.
    if (parentId !== null && made.has(parentId)) return Promise.resolve([]);
    let listing = listings.get(key);
    if (!listing) {
      listing = driveApi.listFolder(parentId).then((response) => response.items);
      listings.set(key, listing);
    }
    return listing;
  };

  const folderNamed = (items: FileItem[], name: string) =>
    items.find((item) => item.kind === "folder" && item.name === name);

  async function findOrCreate(parentId: string | null, name: string): Promise<string> {
    const existing = folderNamed(await children(parentId), name);
    if (existing) return existing.id;
    try {
      const folder = await driveApi.createFolder({ parentId, name, onConflict: "fail" });
      made.add(folder.id);
      return folder.id;
    } catch (error) {
      if (!(error instanceof ApiError && error.code === "name_taken")) throw error;
      // Someone made it meanwhile (another tab), or a file has the name.
      const fresh = await driveApi.listFolder(parentId);
      const found = folderNamed(fresh.items, name);
      if (found) return found.id;
      const folder = await driveApi.createFolder({ parentId, name, onConflict: "keepBoth" });
      made.add(folder.id);
      return folder.id;
    }
  }

  function child(parentId: string | null, name: string): Promise<string> {
    const key = `${listKey(parentId)}/${name}`;
    let folder = folders.get(key);
    if (!folder) {
      folder = findOrCreate(parentId, name);
      // A failure is not remembered: the next file (or a retry) asks again.
      folder.catch(() => folders.delete(key));
      folders.set(key, folder);
    }
    return folder;
  }

  return {
    /** The id of `dirs` (e.g. ["Holiday", "Day 1"]) under `parentId`, making what is missing. */
    async resolve(parentId: string | null, dirs: string[]): Promise<string | null> {
      let id = parentId;
      for (const name of dirs) id = await child(id, name);
      return id;
    },
  };
}

export type FolderResolver = ReturnType<typeof createFolderResolver>;
