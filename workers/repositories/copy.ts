/**
 * Copying a folder's contents within a user's Drive. A copied file shares the original's blob
 * (bytes are immutable, so no byte is copied and nothing is written to disk); the whole live
 * subtree is copied in one pass. The copy's top item is placed by core (core/name-clash.ts).
 */
import { sql } from "drizzle-orm";
import { schema, type Database } from "./database";
import { namingWrite } from "./files";
import { newId } from "../lib/ids";

const { files } = schema;

/** Rows read per query while copying (sqld caps one response's size). */
const COPY_CHUNK = 2000;

/** Copies everything live inside folder `sourceId` into the (new, empty) folder `copyId`. */
export async function copyContents(
  db: Database,
  ownerId: string,
  sourceId: string,
  copyId: string,
  now: number,
): Promise<void> {
  type Row = {
    id: string;
    parent_id: string;
    name: string;
    kind: "file" | "folder";
    size: number;
    mime: string | null;
    blob_id: string | null;
  };
  // Read by id a chunk at a time: sqld refuses one response for a folder of tens of thousands.
  const subtree: Row[] = [];
  for (;;) {
    const after = subtree.at(-1)?.id ?? "";
    const chunk = await db.all<Row>(sql`
      WITH RECURSIVE inside(id) AS (
        SELECT id FROM files WHERE parent_id = ${sourceId} AND trashed_at IS NULL
        UNION ALL SELECT f.id FROM files f JOIN inside ON f.parent_id = inside.id WHERE f.trashed_at IS NULL
      ) SELECT f.id, f.parent_id, f.name, f.kind, f.size, f.mime, f.blob_id FROM files f JOIN inside USING (id)
        WHERE f.id > ${after} ORDER BY f.id LIMIT ${COPY_CHUNK}`);
    subtree.push(...chunk);
    if (chunk.length < COPY_CHUNK) break;
  }
  const newIds = new Map<string, string>([[sourceId, copyId]]);
  for (const row of subtree) newIds.set(row.id, newId());
  const rows = subtree.map((row) => ({
    id: newIds.get(row.id)!,
    ownerId,
    parentId: newIds.get(row.parent_id)!,
    name: row.name,
    kind: row.kind,
    size: row.size,
    mime: row.mime,
    blobId: row.blob_id,
    createdAt: now,
    updatedAt: now,
  }));
  if (rows.length === 0) return;
  // One transaction: a copy the quota has no room for adds nothing at all (OverQuota).
  const insertFrom = (i: number) => db.insert(files).values(rows.slice(i, i + 200));
  const rest: ReturnType<typeof insertFrom>[] = [];
  for (let i = 200; i < rows.length; i += 200) rest.push(insertFrom(i));
  await namingWrite(() => db.batch([insertFrom(0), ...rest]));
}
