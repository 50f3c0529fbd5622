/**
 * GET/HEAD and PUT. A PUT streams into the blob store through the upload isolate's hashing pipe
 * (lib/hashing-pipe.ts), exactly as `PUT /api/files/content` does, and only then becomes a file
 * (core/uploads.ts: quota, dedup, media jobs, live events): an interrupted PUT leaves nothing. A
 * PUT over an existing file gives it the new bytes and keeps its id, star and share links.
 */
import { etagOf, fileEtag, keepClientModifiedTime } from "../../core/webdav";
import { assertQuota, recordUpload, replaceUploadedContent } from "../../core/uploads";
import { serveFileContent } from "../../http/serve-blob";
import { originalKey } from "../../lib/blob-keys";
import { HttpError } from "../../lib/errors";
import { storeBytes } from "../../lib/store-bytes";
import { newId } from "../../lib/ids";
import { mimeFromName } from "../../lib/mime";
import { findLiveItem } from "../../repositories/files";
import type { DavRequest } from "./context";
import { assertMayChange, checkIf } from "./conditions";

export async function get(dav: DavRequest): Promise<Response> {
  const { resolved, services, user, request } = dav;
  if (resolved.kind === "missing") throw new HttpError(404, "not_found", "Nothing is at that address.");
  if (resolved.kind === "root" || resolved.item.kind === "folder") {
    const text = "This is a WebDAV folder. Connect to it with a WebDAV client (see Settings → Connect with WebDAV).\n";
    return new Response(request.method === "HEAD" ? null : text, {
      headers: { "content-type": "text/plain; charset=utf-8", etag: etagOf(undefined) },
    });
  }
  const row = await findLiveItem(services.db, user.id, resolved.item.id);
  if (!row) throw new HttpError(404, "not_found", "Nothing is at that address.");
  // serveBlob speaks in whole-SHA-256 ETags; WebDAV's are shorter (core/webdav.ts etagOf): translate both ways.
  const etag = etagOf(row);
  const full = row.blob ? `"${row.blob.sha256}"` : etag;
  const headers = new Headers(request.headers);
  for (const name of ["if-none-match", "if-range"]) {
    const value = headers.get(name);
    if (value)
      headers.set(
        name,
        value
          .split(",")
          .map((t) => (t.trim() === etag ? full : t.trim()))
          .join(", "),
      );
  }
  const response = await serveFileContent(
    services.bucket,
    row,
    new Request(request.url, { method: request.method, headers }),
  );
  const answer = new Response(response.body, response);
  answer.headers.set("etag", etag);
  answer.headers.set("last-modified", new Date(row.file.updatedAt).toUTCString());
  return answer;
}

export async function put(dav: DavRequest): Promise<Response> {
  const { resolved } = dav;
  if (resolved.kind === "root" || (resolved.kind === "item" && resolved.item.kind === "folder"))
    throw new HttpError(405, "is_folder", "A folder is at that address.");
  if (resolved.kind === "missing" && resolved.parentId === undefined)
    throw new HttpError(409, "conflict", "The folder it would go in does not exist.");
  const tokens = await checkIf(dav);
  await assertMayChange(dav, tokens, [{ path: dav.path, membership: resolved.kind === "missing" }]);
  const header = dav.request.headers.get("content-length");
  const declared = header !== null && /^\d+$/.test(header) ? Number(header) : undefined;
  const { created, etag, fileId } = await storeBody(dav, dav.request.body, declared);
  const headers: Record<string, string> = { etag };
  if (await keepClientModifiedTime(dav.services, dav.user.id, fileId, dav.request.headers.get("x-oc-mtime")))
    headers["x-oc-mtime"] = "accepted";
  return new Response(null, { status: created ? 201 : 204, headers });
}

/** Streams a body into the store and makes it the file at the request's path (new, or new bytes for the one there). */
export async function storeBody(
  dav: DavRequest,
  body: ReadableStream<Uint8Array> | null,
  declared: number | undefined,
): Promise<{ created: boolean; etag: string; fileId: string }> {
  const { services, user, resolved } = dav;
  if (declared !== undefined) await assertQuota(services, user.id, declared);
  const source = body ?? new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
  const name = dav.path.at(-1)!;
  const mime = mimeFromName(name);
  const key = originalKey(newId());
  let size: number;
  let sha256: string;
  try {
    const length = body ? declared : 0;
    ({ size, sha256 } = await storeBytes(services.bucket, key, source, {
      ...(length === undefined ? {} : { length }),
      contentType: mime,
    }));
  } catch (error) {
    console.warn(`WebDAV PUT of ${name} interrupted:`, error);
    throw new HttpError(400, "upload_incomplete", "The upload did not arrive completely. Nothing was saved.");
  }
  const stored = { ownerId: user.id, mime, key, size, sha256 };
  if (resolved.kind === "item") {
    const item = await replaceUploadedContent(services, resolved.item.id, stored);
    return { created: false, etag: fileEtag(item.sha256!), fileId: item.id };
  }
  const parentId = resolved.kind === "missing" ? (resolved.parentId ?? null) : null;
  const item = await recordUpload(services, { ...stored, parentId, name, onConflict: "fail" });
  return { created: true, etag: fileEtag(item.sha256!), fileId: item.id };
}
