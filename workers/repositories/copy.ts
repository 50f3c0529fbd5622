/**
 * Copying within a user's Drive. A copied file shares the original's blob (bytes are immutable,
 * so no byte is copied and nothing is written to disk); a copied folder copies its whole live
 * subtree in one pass.
 */
import { sql } from "drizzle-orm";
import type { OnConflict } from "@hearth/contract";
import { schema, type Database } from "./database";
import { newId } from "../lib/ids";
import { placeItem, type FileRow } from "./files";

const { files } = schema;

export async function copyItem(
  db: Database,
  source: FileRow,
  target: { parentId: string | null; name: string; onConflict: OnConflict },
  now: number,
): Promise<FileRow & { replacedId?: string }> {
  const top = await placeItem(
    db,
    { id: newId(), ownerId: source.ownerId, parentId: target.parentId, name: target.name, kind: source.kind, size: source.size, mime: source.mime, blobId: source.blobId, createdAt: now, updatedAt: now },
    target.onConflict,
    now,
  );
  if (source.kind !== "folder") return top;
  const subtree = await db.all<{ id: string; parent_id: string; name: string; kind: "file" | "folder"; size: number; mime: string | null; blob_id: string | null }>(sql`
    WITH RECURSIVE inside(id) AS (
      SELECT id FROM files WHERE parent_id = ${source.id} AND trashed_at IS NULL
      UNION ALL SELECT f.id FROM files f JOIN inside ON f.parent_id = inside.id WHERE f.trashed_at IS NULL
    ) SELECT f.id, f.parent_id, f.name, f.kind, f.size, f.mime, f.blob_id FROM files f JOIN inside USING (id)`);
  const newIds = new Map<string, string>([[source.id, top.id]]);
  for (const row of subtree) newIds.set(row.id, newId());
  const rows = subtree.map((row) => ({
    id: newIds.get(row.id)!,
    ownerId: source.ownerId,
    parentId: newIds.get(row.parent_id)!,
    name: row.name,
    kind: row.kind,
    size: row.size,
    mime: row.mime,
    blobId: row.blob_id,
    createdAt: now,
    updatedAt: now,
  }));
  for (let i = 0; i < rows.length; i += 200) await db.insert(files).values(rows.slice(i, i + 200));
  return top;
}

