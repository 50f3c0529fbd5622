/**
 * `PUT /api/files/content?parent=&name=`: one request, the raw bytes as the body. The body streams
 * into the blob store while its SHA-256 is computed on the way; the file appears in its folder
 * only after every byte is stored and the checksum recorded, so an interrupted upload leaves no
 * file behind.
 */
import type { Context } from "hono";
import type { FileItem } from "../lib/api-types";
import { bucketOf } from "../lib/bucket";
import { schema } from "../lib/db";
import type { UploadBindings } from "../lib/env";
import { badRequest, HttpError } from "../lib/errors";
import { hashingPipe } from "../lib/hashing-pipe";
import { newId, originalKey } from "../lib/ids";
import { mediaJobKind, mimeFromName } from "../lib/mime";
import { validateName } from "../lib/names";
import { publishEvent } from "../lib/progress";
import { assertFolder, insertUploadedFile, toFileItem } from "../lib/repositories/files";
import { newJob } from "../lib/repositories/jobs";
import type { AuthVariables } from "../lib/session";

type Env = { Bindings: UploadBindings; Variables: AuthVariables };

export async function putContent(c: Context<Env>): Promise<Response> {
  const { db, user } = c.var;
  const parentParam = c.req.query("parent");
  const parentId = !parentParam || parentParam === "root" ? null : parentParam;
  const name = validateName(c.req.query("name"));
  await assertFolder(db, user.id, parentId);
  const body = c.req.raw.body;
  if (!body) throw badRequest("empty_body", "Send the file's bytes as the request body.");

  const declared = c.req.header("content-length");
  // A known length lets the store (and real R2) check that the whole body arrived.
  const hashed = hashingPipe(body, declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : undefined);

  const blobId = newId();
  const key = originalKey(blobId);
  const bucket = bucketOf(c.env);
  const mime = mimeFromName(name);
  let size: number;
  let sha256: string;
  try {
    await bucket.put(key, hashed.stream, { httpMetadata: { contentType: mime } });
    ({ size, sha256 } = await hashed.result);
  } catch (error) {
    await bucket.delete(key).catch(() => {});
    console.warn(`upload of ${name} interrupted:`, error);
    throw new HttpError(400, "upload_incomplete", "The upload did not arrive completely. Nothing was saved; try again.");
  }

  const now = Date.now();
  let item: FileItem;
  try {
    const file = await insertUploadedFile(
      db,
      { id: blobId, key, size, sha256, mime, createdAt: now },
      { id: newId(), ownerId: user.id, parentId, name, kind: "file", size, mime, blobId, createdAt: now, updatedAt: now },
    );
    const kind = mediaJobKind(mime);
    if (kind) await db.insert(schema.jobs).values(newJob({ kind, blobId, fileId: file.id, ownerId: user.id, now }));
    item = toFileItem(file, { id: blobId, key, size, sha256, mime, createdAt: now });
  } catch (error) {
    await bucket.delete(key).catch(() => {});
    throw error;
  }
  await publishEvent({ namespace: c.env.PROGRESS }, user.id, { type: "file.created", file: item });
  return c.json(item, 201);
}
