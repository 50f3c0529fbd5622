/**
 * Downloading folders and selections as one ZIP, streamed: entries are read from the blob store
 * one after another while the archive is being sent, never gathered in memory (client-zip writes
 * Zip64 records when the archive passes 4 GiB). Paths inside are built from the tree, and names
 * were validated on the way in, so no entry can climb out of the folder it unzips into.
 */
import { downloadZip } from "client-zip";
import { sql } from "drizzle-orm";
import type { Database } from "../repositories/database";
import { contentDisposition } from "../http/serve-blob";

interface ZipRow {
  id: string;
  path: string;
  kind: "file" | "folder";
  size: number;
  updated_at: number;
  key: string | null;
}

/** Every live item under (and including) the given ids, with its path relative to the selection. */
async function selectionTree(db: Database, ownerId: string, ids: string[]): Promise<ZipRow[]> {
  const list = sql.join(ids.map((id) => sql`${id}`), sql`, `);
  return db.all<ZipRow>(sql`
    WITH RECURSIVE tree(id, path) AS (
      SELECT id, name FROM files WHERE id IN (${list}) AND owner_id = ${ownerId} AND trashed_at IS NULL
      UNION ALL SELECT f.id, tree.path || '/' || f.name FROM files f JOIN tree ON f.parent_id = tree.id WHERE f.trashed_at IS NULL
    ) SELECT tree.id, tree.path, f.kind, f.size, f.updated_at, b.key FROM tree JOIN files f USING (id) LEFT JOIN blobs b ON b.id = f.blob_id
    ORDER BY tree.path`);
}

export async function zipResponse(db: Database, bucket: R2Bucket, ownerId: string, ids: string[], archiveName: string): Promise<Response | null> {
  const rows = await selectionTree(db, ownerId, ids);
  if (rows.length === 0) return null;
  async function* entries() {
    for (const row of rows) {
      const lastModified = new Date(row.updated_at);
      if (row.kind === "folder") {
        yield { name: `${row.path}/`, lastModified };
        continue;
      }
      const object = row.key ? await bucket.get(row.key) : null;
      if (!object || !("body" in object)) continue;
      yield { name: row.path, lastModified, size: row.size, input: object.body };
    }
  }
  const zip = downloadZip(entries());
  return new Response(zip.body, {
    headers: {
      "content-type": "application/zip",
      "content-disposition": contentDisposition("attachment", archiveName.endsWith(".zip") ? archiveName : `${archiveName}.zip`),
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
