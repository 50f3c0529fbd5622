/**
 * What goes in a ZIP download of folders and files: every live item under the chosen ones, each
 * at its path inside the selection (folders as `name/` entries), and nothing else. Paths are built
 * from the tree and names were validated on the way in, so no entry can climb out of the folder it
 * unzips into. Streaming the archive is http/serve-zip.ts.
 */
import { SUBTREE_CHUNK, selectLiveSubtrees, type SubtreeRow } from "../repositories/tree-walks";
import type { Services } from "./services";

export type ZipEntryPlan =
  | { kind: "folder"; name: string; lastModified: Date }
  | { kind: "file"; name: string; lastModified: Date; size: number; blobKey: string };

export interface ZipPlan {
  /** The archive's file name, ending in `.zip`. */
  filename: string;
  /** In path order; a file's bytes are read from the blob store only while the archive is sent. */
  entries: ZipEntryPlan[];
}

/**
 * The ZIP of the owner's items `ids` (and everything inside them), named after `archiveName`.
 * @returns null when none of the ids is a live item of the owner (nothing to download)
 */
export async function planZip(
  services: Services,
  selection: { ownerId: string; ids: string[]; archiveName: string },
): Promise<ZipPlan | null> {
  // Read a chunk at a time: a folder of 20,000 photos is more than sqld answers in one response.
  const rows: SubtreeRow[] = [];
  for (;;) {
    const chunk = await selectLiveSubtrees(services.db, selection.ownerId, selection.ids, rows.at(-1));
    rows.push(...chunk);
    if (chunk.length < SUBTREE_CHUNK) break;
  }
  if (rows.length === 0) return null;
  const entries: ZipEntryPlan[] = [];
  for (const row of rows) {
    const lastModified = new Date(row.updatedAt);
    if (row.kind === "folder") entries.push({ kind: "folder", name: `${row.path}/`, lastModified });
    else if (row.blobKey !== null) {
      entries.push({ kind: "file", name: row.path, lastModified, size: row.size, blobKey: row.blobKey });
    }
  }
  const { archiveName } = selection;
  return { filename: archiveName.endsWith(".zip") ? archiveName : `${archiveName}.zip`, entries };
}
