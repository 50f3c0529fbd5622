/** The Drive routes: listing, folders, metadata, rename/move, trash, content and thumbnails. */
import { Hono } from "hono";
import type { CreateFolderRequest, FileListResponse, PatchFileRequest, PhotoListResponse } from "../lib/api-types";
import { bucketOf } from "../lib/bucket";
import type { ApiBindings } from "../lib/env";
import { badRequest, notFound } from "../lib/errors";
import { readJson } from "../lib/http";
import { newId, thumbnailKey } from "../lib/ids";
import { validateName } from "../lib/names";
import { publishEvent } from "../lib/progress";
import {
  assertFolder,
  getOwnedItem,
  insertItem,
  isInside,
  listChildren,
  listPhotos,
  toFileItem,
  trashItem,
  updateItem,
} from "../lib/repositories/files";
import { serveBlob } from "../lib/serve-blob";
import type { AuthVariables } from "../lib/session";

type Env = { Bindings: ApiBindings; Variables: AuthVariables };

/** `root` (or nothing) is the user's top folder. */
export function parentParam(value: string | undefined | null): string | null {
  return !value || value === "root" ? null : value;
}

export const fileRoutes = new Hono<Env>()
  .get("/files", async (c) => {
    const parentId = parentParam(c.req.query("parent"));
    await assertFolder(c.var.db, c.var.user.id, parentId);
    const response: FileListResponse = { items: await listChildren(c.var.db, c.var.user.id, parentId) };
    return c.json(response);
  })
  .get("/photos", async (c) => {
    const response: PhotoListResponse = { items: await listPhotos(c.var.db, c.var.user.id) };
    return c.json(response);
  })
  .post("/folders", async (c) => {
    const body = await readJson<CreateFolderRequest>(c);
    const parentId = body.parentId === undefined ? null : parentParam(body.parentId);
    const name = validateName(body.name);
    await assertFolder(c.var.db, c.var.user.id, parentId);
    const now = Date.now();
    const row = await insertItem(c.var.db, { id: newId(), ownerId: c.var.user.id, parentId, name, kind: "folder", size: 0, createdAt: now, updatedAt: now }, false);
    const item = toFileItem(row);
    await publishEvent({ namespace: c.env.PROGRESS }, c.var.user.id, { type: "file.created", file: item });
    return c.json(item, 201);
  })
  .get("/files/:id", async (c) => {
    const row = await getOwnedItem(c.var.db, c.var.user.id, c.req.param("id"));
    return c.json(toFileItem(row.file, row.blob, row.media));
  })
  .patch("/files/:id", async (c) => {
    const body = await readJson<PatchFileRequest>(c);
    const id = c.req.param("id");
    const { db, user } = c.var;
    await getOwnedItem(db, user.id, id);
    const changes: { name?: string; parentId?: string | null } = {};
    if (body.name !== undefined) changes.name = validateName(body.name);
    if (body.parentId !== undefined) {
      const target = parentParam(body.parentId);
      await assertFolder(db, user.id, target);
      if (target !== null && (await isInside(db, target, id))) throw badRequest("invalid_move", "A folder cannot be moved into itself.");
      changes.parentId = target;
    }
    if (Object.keys(changes).length === 0) throw badRequest("nothing_to_change", "Send a new name or parentId.");
    await updateItem(db, user.id, id, changes, Date.now());
    const row = await getOwnedItem(db, user.id, id);
    const item = toFileItem(row.file, row.blob, row.media);
    await publishEvent({ namespace: c.env.PROGRESS }, user.id, { type: "file.updated", file: item });
    return c.json(item);
  })
  .delete("/files/:id", async (c) => {
    const id = c.req.param("id");
    await trashItem(c.var.db, c.var.user.id, id, Date.now());
    await publishEvent({ namespace: c.env.PROGRESS }, c.var.user.id, { type: "file.trashed", fileId: id });
    return c.body(null, 204);
  })
  .on(["GET", "HEAD"], "/files/:id/content", async (c) => {
    const { file, blob } = await getOwnedItem(c.var.db, c.var.user.id, c.req.param("id"));
    if (file.kind !== "file" || !blob) throw notFound("Folders have no content; download them as a ZIP.");
    return serveBlob(
      bucketOf(c.env),
      { key: blob.key, size: blob.size, sha256: blob.sha256, mime: file.mime ?? "application/octet-stream", filename: file.name },
      c.req.raw,
      c.req.query("download") !== undefined,
    );
  })
  .get("/files/:id/thumbnail", async (c) => {
    const size = Number(c.req.query("size") ?? "240");
    if (size !== 240 && size !== 720) throw badRequest("invalid_size", "Thumbnail size must be 240 or 720.");
    const { file, media } = await getOwnedItem(c.var.db, c.var.user.id, c.req.param("id"));
    if (!file.blobId || !media?.thumbnails.split(",").includes(String(size))) throw notFound("The thumbnail is not ready yet.");
    const key = thumbnailKey(file.blobId, size);
    const head = await bucketOf(c.env).head(key);
    if (!head) throw notFound("The thumbnail is not ready yet.");
    return serveBlob(
      bucketOf(c.env),
      { key, size: head.size, sha256: `${file.blobId}-${size}`, mime: "image/jpeg", filename: `${file.name}.jpg`, immutable: true },
      c.req.raw,
    );
  });
