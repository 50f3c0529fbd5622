/**
 * What happens when an upload's bytes are all stored (from `PUT /api/files/content` or a finished
 * tus upload): the quota is enforced, bytes the user already has are not kept twice, the file
 * appears in its folder, media processing is queued, and the user's other tabs hear about it.
 */
import { and, eq, sql } from "drizzle-orm";
import type { FileItem, OnConflict } from "@hearth/contract";
import { schema, type Database } from "../repositories/database";
import { HttpError } from "./errors";
import { newId } from "./ids";
import { mediaJobKind } from "./mime";
import type { EventSink } from "./events";
import { insertItem } from "../repositories/files";
import { withNameRule } from "../core/name-clash";
import { toFileItem } from "../core/presenter";
import { newJob } from "../repositories/jobs";
import { findUser, usedBytesOf } from "../repositories/users";

const { blobs, files, media } = schema;

export class QuotaExceeded extends HttpError {
  constructor(quota: number, used: number, wanted: number) {
    const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
    super(413, "quota_exceeded", `Not enough space: this needs ${mib(wanted)}, and ${mib(Math.max(0, quota - used))} of your ${mib(quota)} is free.`);
  }
}

/** Throws 413 when `bytes` more would take the user over their quota. */
export async function assertQuota(db: Database, userId: string, bytes: number): Promise<void> {
  const user = await findUser(db, userId);
  if (user?.quotaBytes === null || user?.quotaBytes === undefined) return;
  const used = await usedBytesOf(db, userId);
  if (used + bytes > user.quotaBytes) throw new QuotaExceeded(user.quotaBytes, used, bytes);
}

/** A blob with these bytes that one of the user's files (trash included) already uses. */
async function ownBlobWithSameBytes(db: Database, ownerId: string, sha256: string, size: number) {
  const [row] = await db
    .select({ blob: blobs })
    .from(blobs)
    .innerJoin(files, eq(files.blobId, blobs.id))
    .where(and(eq(blobs.sha256, sha256), eq(blobs.size, size), eq(files.ownerId, ownerId)))
    .limit(1);
  return row?.blob;
}

export interface StoredUpload {
  ownerId: string;
  parentId: string | null;
  name: string;
  mime: string;
  /** Where the bytes were stored; deleted again when they turn out to be a duplicate or over quota. */
  key: string;
  size: number;
  sha256: string;
  onConflict?: OnConflict;
}

export async function recordUpload(db: Database, bucket: R2Bucket, progress: EventSink, upload: StoredUpload): Promise<FileItem> {
  try {
    await assertQuota(db, upload.ownerId, upload.size);
  } catch (error) {
    await bucket.delete(upload.key);
    throw error;
  }
  const now = Date.now();
  let blob = await ownBlobWithSameBytes(db, upload.ownerId, upload.sha256, upload.size);
  if (blob) {
    await bucket.delete(upload.key);
  } else {
    blob = { id: newId(), key: upload.key, size: upload.size, sha256: upload.sha256, mime: upload.mime, createdAt: now };
    await db.insert(blobs).values(blob);
  }
  let file;
  try {
    const row = { id: newId(), ownerId: upload.ownerId, parentId: upload.parentId, kind: "file" as const, size: upload.size, mime: upload.mime, blobId: blob.id, createdAt: now, updatedAt: now };
    const services = { db, bucket, events: progress, now: Date.now };
    file = await withNameRule(services, { ownerId: upload.ownerId, parentId: upload.parentId, name: upload.name }, upload.onConflict ?? "keepBoth", (name) =>
      insertItem(db, { ...row, name }),
    );
  } catch (error) {
    if (blob.key === upload.key) {
      await db.delete(blobs).where(eq(blobs.id, blob.id));
      await bucket.delete(upload.key);
    }
    throw error;
  }
  const mediaRow = await db.query.media.findFirst({ where: eq(media.blobId, blob.id) });
  const kind = mediaJobKind(upload.mime);
  // Bytes already processed (a duplicate) need no second job.
  if (kind && !mediaRow) {
    const pending = await db.select({ n: sql<number>`count(*)` }).from(schema.jobs).where(and(eq(schema.jobs.blobId, blob.id), sql`${schema.jobs.state} in ('queued','running')`));
    if (Number(pending[0]?.n ?? 0) === 0) await db.insert(schema.jobs).values(newJob({ kind, blobId: blob.id, fileId: file.id, ownerId: upload.ownerId, now }));
  }
  const item = toFileItem(file, blob, mediaRow ?? null);
  await progress.publish(upload.ownerId, { type: "file.created", file: item });
  return item;
}
