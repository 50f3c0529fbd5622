/**
 * Queries on blobs (stored bytes, shared by every file that points at them) and the media rows
 * learned from them. Deleting bytes is core's job (core/blobs.ts): these functions only say which
 * blobs no file uses any more.
 */
import { and, eq, inArray } from "drizzle-orm";
import { schema, type Database } from "./database";

const { blobs, files, jobs, media } = schema;

export type BlobRow = typeof blobs.$inferSelect;
export type MediaRow = typeof media.$inferSelect;

export async function insertBlob(db: Database, row: BlobRow): Promise<void> {
  await db.insert(blobs).values(row);
}

export async function deleteBlobRow(db: Database, id: string): Promise<void> {
  await db.delete(blobs).where(eq(blobs.id, id));
}

/** The blob stored at this key, if one was recorded. */
export async function findBlobByKey(db: Database, key: string): Promise<BlobRow | undefined> {
  return db.query.blobs.findFirst({ where: eq(blobs.key, key) });
}

/** A blob with these bytes that one of the user's files (trash included) already uses. */
export async function findOwnBlobWithSameBytes(
  db: Database,
  ownerId: string,
  sha256: string,
  size: number,
): Promise<BlobRow | undefined> {
  const [row] = await db
    .select({ blob: blobs })
    .from(blobs)
    .innerJoin(files, eq(files.blobId, blobs.id))
    .where(and(eq(blobs.sha256, sha256), eq(blobs.size, size), eq(files.ownerId, ownerId)))
    .limit(1);
  return row?.blob;
}

/** What the media process learned about a blob, once it has processed it. */
export async function findMediaOf(db: Database, blobId: string): Promise<MediaRow | undefined> {
  return db.query.media.findFirst({ where: eq(media.blobId, blobId) });
}

/**
 * Forgets the given blobs that no file references any more (their rows, media rows and jobs) and
 * returns them, for the caller to delete their bytes: rows first, so a crash in between leaves
 * unreferenced bytes (harmless) and never a file without its bytes.
 */
export async function forgetUnusedBlobs(db: Database, blobIds: string[]): Promise<BlobRow[]> {
  const forgotten: BlobRow[] = [];
  for (let i = 0; i < blobIds.length; i += 500) {
    const chunk = blobIds.slice(i, i + 500);
    const used = await db.selectDistinct({ blobId: files.blobId }).from(files).where(inArray(files.blobId, chunk));
    const orphaned = chunk.filter((id) => !used.some((u) => u.blobId === id));
    if (orphaned.length === 0) continue;
    const rows = await db.select().from(blobs).where(inArray(blobs.id, orphaned));
    await db.batch([
      db.delete(jobs).where(inArray(jobs.blobId, orphaned)),
      db.delete(media).where(inArray(media.blobId, orphaned)),
      db.delete(blobs).where(inArray(blobs.id, orphaned)),
    ]);
    forgotten.push(...rows);
  }
  return forgotten;
}
