/**
 * `PUT /api/files/content?parent=&name=`: one request, the raw bytes as the body. The body streams
 * into the blob store while its SHA-256 is computed on the way; the file appears in its folder
 * only after every byte is stored and the checksum recorded, so an interrupted upload leaves no
 * file behind. (Resumable uploads: tus, in ./tus.)
 */
import type { Context } from "hono";
import { bucketOf } from "../lib/bucket";
import type { UploadBindings } from "../lib/env";
import { badRequest, HttpError } from "../lib/errors";
import { hashingPipe } from "../lib/hashing-pipe";
import { originalKey } from "../lib/blob-keys";
import { newId } from "../lib/ids";
import { mimeFromName } from "../lib/mime";
import { assertFolder } from "../core/drive";
import { uploadDestination } from "../http/params";
import type { AuthVariables } from "../http/session";
import { assertQuota, recordUpload } from "../lib/uploads";

type Env = { Bindings: UploadBindings; Variables: AuthVariables };

export async function putContent(c: Context<Env>): Promise<Response> {
  const { db, user } = c.var;
  const { parentId, name, onConflict } = uploadDestination({
    parent: c.req.query("parent"),
    name: c.req.query("name"),
    onConflict: c.req.query("onConflict"),
  });
  await assertFolder(c.var.services, user.id, parentId);
  const body = c.req.raw.body;
  if (!body) throw badRequest("empty_body", "Send the file's bytes as the request body.");
  const declaredHeader = c.req.header("content-length");
  const declared = declaredHeader !== undefined && /^\d+$/.test(declaredHeader) ? Number(declaredHeader) : undefined;
  // Refuse before any byte flows when the declared size cannot fit.
  if (declared !== undefined) await assertQuota(db, user.id, declared);

  // A known length lets the store (and real R2) check that the whole body arrived.
  const hashed = hashingPipe(body, declared);
  const key = originalKey(newId());
  const bucket = bucketOf(c.env);
  let size: number;
  let sha256: string;
  try {
    await bucket.put(key, hashed.stream, { httpMetadata: { contentType: mimeFromName(name) } });
    ({ size, sha256 } = await hashed.result);
  } catch (error) {
    await bucket.delete(key).catch(() => {});
    console.warn(`upload of ${name} interrupted:`, error);
    throw new HttpError(400, "upload_incomplete", "The upload did not arrive completely. Nothing was saved; try again.");
  }
  const item = await recordUpload(db, bucket, c.var.services.events, { ownerId: user.id, parentId, name, mime: mimeFromName(name), key, size, sha256, onConflict });
  return c.json(item, 201);
}
