/**
 * Recursive walks of the file tree: up from an item to the top of its owner's Drive, and down
 * through folders. Rows only; what a walk means (inside a share? what goes in a ZIP?) is core's.
 */
import { sql } from "drizzle-orm";
import type { Database } from "./database";

// Trees are shallow; the cap only guards against a (corrupt) cycle in parent_id.
const MAX_DEPTH = 512;

export interface TrailRow {
  id: string;
  name: string;
  ownerId: string;
  trashedAt: number | null;
}

/**
 * The item and every folder above it, from the top of the Drive down to the item (empty when
 * there is no such item). Trashed rows are included: the caller decides what they mean.
 */
export async function selectTrailFromTop(db: Database, itemId: string): Promise<TrailRow[]> {
  const rows = await db.all<{ id: string; name: string; owner_id: string; trashed_at: number | null }>(sql`
    WITH RECURSIVE up(id, name, owner_id, parent_id, trashed_at, depth) AS (
      SELECT id, name, owner_id, parent_id, trashed_at, 0 FROM files WHERE id = ${itemId}
      UNION ALL
      SELECT f.id, f.name, f.owner_id, f.parent_id, f.trashed_at, up.depth + 1
        FROM files f JOIN up ON f.id = up.parent_id WHERE up.depth < ${MAX_DEPTH}
    ) SELECT id, name, owner_id, trashed_at FROM up ORDER BY depth DESC`);
  return rows.map((r) => ({ id: r.id, name: r.name, ownerId: r.owner_id, trashedAt: r.trashed_at }));
}

export interface SubtreeRow {
  id: string;
  /** Relative to the selection: `Trip/Day 1/beach.jpg` for a file two folders below `Trip`. */
  path: string;
  kind: "file" | "folder";
  size: number;
  updatedAt: number;
  /** The blob store key of a file's bytes; null for folders. */
  blobKey: string | null;
}

/** Most rows one subtree query returns (sqld refuses responses over its size limit). */
export const SUBTREE_CHUNK = 2000;

/**
 * Live items of `ownerId` under (and including) the given ids, with their paths built from the
 * names on the way down, ordered by (path, id): up to SUBTREE_CHUNK rows after `after`. Call
 * again from the last row until fewer come back.
 */
export async function selectLiveSubtrees(
  db: Database,
  ownerId: string,
  ids: string[],
  after?: { path: string; id: string },
): Promise<SubtreeRow[]> {
  const list = sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
  type Row = {
    id: string;
    path: string;
    kind: "file" | "folder";
    size: number;
    updated_at: number;
    key: string | null;
  };
  const past = after ? sql`WHERE (tree.path, tree.id) > (${after.path}, ${after.id})` : sql``;
  const rows = await db.all<Row>(sql`
    WITH RECURSIVE tree(id, path) AS (
      SELECT id, name FROM files WHERE id IN (${list}) AND owner_id = ${ownerId} AND trashed_at IS NULL
      UNION ALL SELECT f.id, tree.path || '/' || f.name FROM files f JOIN tree ON f.parent_id = tree.id
        WHERE f.trashed_at IS NULL
    ) SELECT tree.id, tree.path, f.kind, f.size, f.updated_at, b.key
      FROM tree JOIN files f USING (id) LEFT JOIN blobs b ON b.id = f.blob_id
      ${past}
      ORDER BY tree.path, tree.id LIMIT ${SUBTREE_CHUNK}`);
  return rows.map((r) => ({
    id: r.id,
    path: r.path,
    kind: r.kind,
    size: r.size,
    updatedAt: r.updated_at,
    blobKey: r.key,
  }));
}
