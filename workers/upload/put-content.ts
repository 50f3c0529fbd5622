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
import { newId, originalKey, toHex } from "../lib/ids";
import { mediaJobKind, mimeFromName } from "../lib/mime";
import { validateName } from "../lib/names";
import { publishEvent } from "../lib/progress";
import { assertFolder, insertUploadedFile, toFileItem } from "../lib/repositories/files";
import { newJob } from "../lib/repositories/jobs";
import type { AuthVariables } from "../lib/session";

type Env = { Bindings: UploadBindings; Variables: AuthVariables };

/** Passes bytes through unchanged while hashing and counting them. */
function hashingCounter() {
  const digest = new crypto.DigestStream("SHA-256");
  const digestWriter = digest.getWriter();
  let size = 0;
  const stream = new TransformStream<Uint8Array, Uint8Array>({
    async transform(chunk, controller) {
      size += chunk.byteLength;
      await digestWriter.write(chunk);
      controller.enqueue(chunk);
    },
    async flush() {
      await digestWriter.close();
    },
  });
  return { stream, size: () => size, sha256: async () => toHex(await digest.digest) };
}

export async function putContent(c: Context<Env>): Promise<Response> {
  const { db, user } = c.var;
  const parentParam = c.req.query("parent");
  const parentId = !parentParam || parentParam === "root" ? null : parentParam;
  const name = validateName(c.req.query("name"));
  await assertFolder(db, user.id, parentId);
  const body = c.req.raw.body;
  if (!body) throw badRequest("empty_body", "Send the file's bytes as the request body.");

  const declared = c.req.header("content-length");
  const counter = hashingCounter();
  let stream = body.pipeThrough(counter.stream);
  // A known length lets the store (and real R2) check that the whole body arrived.
  if (declared !== undefined && /^\d+$/.test(declared)) stream = stream.pipeThrough(new FixedLengthStream(Number(declared)));

  const blobId = newId();
  const key = originalKey(blobId);
  const bucket = bucketOf(c.env);
  const mime = mimeFromName(name);
  try {
    await bucket.put(key, stream, { httpMetadata: { contentType: mime } });
  } catch (error) {
    await bucket.delete(key).catch(() => {});
    console.warn(`upload of ${name} interrupted:`, error);
    throw new HttpError(400, "upload_incomplete", "The upload did not arrive completely. Nothing was saved; try again.");
  }

  const now = Date.now();
  const sha256 = await counter.sha256();
  let item: FileItem;
  try {
    const file = await insertUploadedFile(
      db,
      { id: blobId, key, size: counter.size(), sha256, mime, createdAt: now },
      { id: newId(), ownerId: user.id, parentId, name, kind: "file", size: counter.size(), mime, blobId, createdAt: now, updatedAt: now },
    );
    const kind = mediaJobKind(mime);
    if (kind) await db.insert(schema.jobs).values(newJob({ kind, blobId, fileId: file.id, ownerId: user.id, now }));
    item = toFileItem(file, { id: blobId, key, size: counter.size(), sha256, mime, createdAt: now });
  } catch (error) {
    await bucket.delete(key).catch(() => {});
    throw error;
  }
  await publishEvent({ namespace: c.env.PROGRESS }, user.id, { type: "file.created", file: item });
  return c.json(item, 201);
}
