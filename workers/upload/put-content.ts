/**
 * `PUT /api/files/content?parent=&name=&onConflict=`: one request, the raw bytes as the body. The
 * body streams into the blob store, which computes its SHA-256 on the way (lib/store-bytes.ts); the file appears in
 * its folder only after every byte is stored and the checksum recorded (core/uploads.ts), so an
 * interrupted upload leaves no file behind. (Resumable uploads: tus, in ./tus.)
 */
import type { Context } from "hono";
import type { UploadBindings } from "../lib/env";
import { badRequest, HttpError } from "../lib/errors";
import { storeBytes, StoreFailed, type StoredBytes } from "../lib/store-bytes";
import { originalKey } from "../lib/blob-keys";
import { newId } from "../lib/ids";
import { mimeFromName } from "../lib/mime";
import { assertFolder } from "../core/drive";
import { assertNameAvailable } from "../core/name-clash";
import { assertQuota, recordUpload } from "../core/uploads";
import { assertRoomOnDisk, storeFailure } from "../core/disk-space";
import { uploadDestination } from "../http/params";
import type { AuthVariables } from "../http/session";

type Env = { Bindings: UploadBindings; Variables: AuthVariables };

export async function putContent(c: Context<Env>): Promise<Response> {
  const { services, user } = c.var;
  const { parentId, name, onConflict } = uploadDestination({
    parent: c.req.query("parent"),
    name: c.req.query("name"),
    onConflict: c.req.query("onConflict"),
  });
  await assertFolder(services, user.id, parentId);
  await assertNameAvailable(services, { ownerId: user.id, parentId, name }, onConflict);
  const body = c.req.raw.body;
  if (!body) throw badRequest("empty_body", "Send the file's bytes as the request body.");
  const declaredHeader = c.req.header("content-length");
  const declared = declaredHeader !== undefined && /^\d+$/.test(declaredHeader) ? Number(declaredHeader) : undefined;
  // Refuse before any byte flows when the declared size cannot fit.
  if (declared !== undefined) await assertQuota(services, user.id, declared);
  await assertRoomOnDisk(services, declared ?? 0);

  const key = originalKey(newId());
  const mime = mimeFromName(name);
  let stored: StoredBytes;
  try {
    stored = await storeBytes(services.bucket, key, body, {
      ...(declared === undefined ? {} : { length: declared }),
      contentType: mime,
    });
  } catch (error) {
    if (!(error instanceof StoreFailed)) throw error;
    console.warn(`upload of ${name} interrupted:`, error.reason);
    throw await storeFailure(
      services,
      error.bytesReceived,
      new HttpError(400, "upload_incomplete", "The upload did not arrive completely. Nothing was saved; try again."),
    );
  }
  const { size, sha256 } = stored;
  const item = await recordUpload(services, { ownerId: user.id, parentId, name, mime, key, size, sha256, onConflict });
  return c.json(item, 201);
}
