/**
 * The `uploads` table: resumable (tus) uploads in progress (workers/upload/tus/). One row per
 * upload; `multipart_id` is the blob store's multipart upload that collects the bytes, and `parts`
 * holds what is stored so far, in order, as JSON [{name, size, start, part?}]: parts of that
 * multipart upload, then perhaps one "tail" object of its own (bytes short of a whole part; see
 * upload/tus/chunk-store.ts). The chunks up to `offset` are the bytes the client may build on;
 * chunks past that carry `completingSince` and belong to a completion in progress (see
 * upload/tus/completion.ts).
 *
 * Several requests may act on one upload at once (a client retrying while its earlier request is
 * still running), so every write is conditional on the row being as the writer read it: same
 * offset, same `parts` text, not finished. The loser sees `undefined` and backs out.
 */
import { and, eq, isNull, lte } from "drizzle-orm";
import { schema, type Database } from "./database";

const { uploads, blobs, files } = schema;

/** The Upload-Metadata a client sent, decoded (a key may stand alone: null). */
export type UploadMetadata = Record<string, string | null>;
type UploadRow = typeof uploads.$inferSelect;

/** One stored piece of an upload's bytes (see upload/tus/chunk-store.ts). */
export interface Chunk {
  /** A part's etag, or the name of a tail object. */
  name: string;
  size: number;
  /** Where its bytes start in the file. */
  start: number;
  /** Set on a part of the multipart upload (its number); a tail object has none. */
  part?: number;
  /** When a completion claimed this chunk (ms); only on chunks past the offset. */
  completingSince?: number;
}

export interface TusUpload {
  id: string;
  ownerId: string;
  parentId: string | null;
  name: string;
  mime: string;
  /** Null while the client defers the length. */
  length: number | null;
  offset: number;
  /** Where the finished file's bytes go, chosen at creation so a retried completion writes the same key. */
  blobKey: string;
  /** The multipart upload collecting the bytes at `blobKey` ("" for uploads made before there was one). */
  multipartId: string;
  chunks: Chunk[];
  metadata: UploadMetadata;
  createdAt: number;
  expiresAt: number;
  fileId: string | null;
  /** The stored `parts` text: conditional writes compare it. */
  version: string;
}

function toTusUpload(row: UploadRow): TusUpload {
  return {
    id: row.id,
    ownerId: row.ownerId,
    parentId: row.parentId,
    name: row.name,
    mime: row.mime ?? "application/octet-stream",
    length: row.length,
    offset: row.offset,
    blobKey: row.blobKey,
    multipartId: row.multipartId,
    chunks: JSON.parse(row.parts) as Chunk[],
    metadata: JSON.parse(row.metadata) as UploadMetadata,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    fileId: row.fileId,
    version: row.parts,
  };
}

/** The chunks that make up the bytes up to `offset`. */
export function committedChunks(upload: TusUpload): Chunk[] {
  return upload.chunks.filter((chunk) => chunk.completingSince === undefined);
}

/** Chunks a completion has claimed (empty unless one is running or was interrupted). */
export function claimedChunks(upload: TusUpload): Chunk[] {
  return upload.chunks.filter((chunk) => chunk.completingSince !== undefined);
}

export interface NewUpload {
  id: string;
  ownerId: string;
  parentId: string | null;
  name: string;
  mime: string;
  length: number | null;
  blobKey: string;
  multipartId: string;
  metadata: UploadMetadata;
  now: number;
  expiresAt: number;
}

export async function insertUpload(db: Database, upload: NewUpload): Promise<TusUpload> {
  const [row] = await db
    .insert(uploads)
    .values({
      id: upload.id,
      ownerId: upload.ownerId,
      parentId: upload.parentId,
      name: upload.name,
      mime: upload.mime,
      length: upload.length,
      offset: 0,
      blobKey: upload.blobKey,
      multipartId: upload.multipartId,
      parts: "[]",
      metadata: JSON.stringify(upload.metadata),
      createdAt: upload.now,
      expiresAt: upload.expiresAt,
    })
    .returning();
  if (!row) throw new Error("insert into uploads returned nothing");
  return toTusUpload(row);
}

/** The owner's upload with this id; other users' uploads are not found. */
export async function findUpload(db: Database, ownerId: string, id: string): Promise<TusUpload | undefined> {
  const row = await db.query.uploads.findFirst({ where: and(eq(uploads.id, id), eq(uploads.ownerId, ownerId)) });
  return row && toTusUpload(row);
}

/** Writes `changes` if the row is still exactly as `upload` was read; the new row, or undefined. */
async function updateIfUnchanged(
  db: Database,
  upload: TusUpload,
  changes: Partial<UploadRow>,
): Promise<TusUpload | undefined> {
  const [row] = await db
    .update(uploads)
    .set(changes)
    .where(
      and(
        eq(uploads.id, upload.id),
        eq(uploads.ownerId, upload.ownerId),
        eq(uploads.offset, upload.offset),
        eq(uploads.parts, upload.version),
        isNull(uploads.fileId),
      ),
    )
    .returning();
  return row && toTusUpload(row);
}

/**
 * Adds stored chunks to the upload (in order, the first starting at or before its offset) and
 * moves its offset to their end. A committed chunk the new ones cover (a tail whose bytes went
 * into a whole part) leaves the list; `replacedBy` names it for deletion.
 */
export function appendChunks(db: Database, upload: TusUpload, chunks: Chunk[], expiresAt: number) {
  const last = chunks[chunks.length - 1];
  const from = chunks[0]?.start ?? upload.offset;
  return updateIfUnchanged(db, upload, {
    offset: last ? last.start + last.size : upload.offset,
    parts: JSON.stringify([...committedChunks(upload).filter((chunk) => chunk.start < from), ...chunks]),
    expiresAt,
  });
}

/** Committed chunks that `chunks` take the place of (see appendChunks). */
export function replacedBy(upload: TusUpload, chunks: Chunk[]): Chunk[] {
  const from = chunks[0]?.start;
  return from === undefined ? [] : committedChunks(upload).filter((chunk) => chunk.start >= from);
}

/** Records the client's declared length (creation-defer-length). */
export function declareLength(db: Database, upload: TusUpload, length: number, expiresAt: number) {
  return updateIfUnchanged(db, upload, { length, expiresAt });
}

/**
 * Marks the last chunks as claimed by a completion starting now; the offset stays where it is
 * until the file exists, so a client that asks meanwhile sends the last chunk again.
 */
export function claimCompletion(db: Database, upload: TusUpload, chunks: Chunk[], now: number, expiresAt: number) {
  // A claim must show in `parts`; when no bytes are left to add, a size-0 marker (no object) stands in.
  const claimed = (chunks.length > 0 ? chunks : [{ name: "", size: 0, start: upload.offset }]).map((chunk) => ({
    ...chunk,
    completingSince: now,
  }));
  return updateIfUnchanged(db, upload, { parts: JSON.stringify([...committedChunks(upload), ...claimed]), expiresAt });
}

/** Gives claimed chunks up again (a completion failed or was abandoned). */
export function releaseClaim(db: Database, upload: TusUpload) {
  return updateIfUnchanged(db, upload, { parts: JSON.stringify(committedChunks(upload)) });
}

/** The upload became `fileId`: its offset reaches its length and its chunks are no longer needed. */
export function markFinished(db: Database, upload: TusUpload, fileId: string, expiresAt: number) {
  return updateIfUnchanged(db, upload, { offset: upload.length ?? upload.offset, parts: "[]", fileId, expiresAt });
}

/** Deletes the owner's upload row. */
export async function deleteUpload(db: Database, upload: TusUpload): Promise<boolean> {
  const deleted = await db
    .delete(uploads)
    .where(and(eq(uploads.id, upload.id), eq(uploads.ownerId, upload.ownerId)))
    .returning({ id: uploads.id });
  return deleted.length > 0;
}

/** Up to `limit` uploads whose time ran out at `now`. */
export async function expiredUploads(db: Database, now: number, limit: number): Promise<TusUpload[]> {
  const rows = await db.select().from(uploads).where(lte(uploads.expiresAt, now)).limit(limit);
  return rows.map(toTusUpload);
}

/** Deletes an expired upload's row, unless it was touched (and so extended) since it was read. */
export async function deleteIfStillExpired(db: Database, id: string, now: number): Promise<boolean> {
  const deleted = await db
    .delete(uploads)
    .where(and(eq(uploads.id, id), lte(uploads.expiresAt, now)))
    .returning({ id: uploads.id });
  return deleted.length > 0;
}

/**
 * What an earlier, interrupted completion left under the upload's blob key: the file it made, or
 * nothing. A blob row no file uses (a crash between the two inserts) is removed so the completion
 * can record the blob again.
 */
export async function fileRecordedFor(db: Database, upload: TusUpload): Promise<string | undefined> {
  const blob = await db.query.blobs.findFirst({ where: eq(blobs.key, upload.blobKey) });
  if (!blob) return undefined;
  const [file] = await db
    .select({ id: files.id })
    .from(files)
    .where(and(eq(files.blobId, blob.id), eq(files.ownerId, upload.ownerId)))
    .limit(1);
  if (file) return file.id;
  await db.delete(blobs).where(eq(blobs.id, blob.id));
  return undefined;
}
