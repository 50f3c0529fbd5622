/** The Drive routes: listing, folders, metadata, rename/move/copy, stars, trash, content and thumbnails. */
import { Hono } from "hono";
import type { CopyFileRequest, CreateFolderRequest, FileListResponse, OnConflict, PatchFileRequest, PhotoListResponse, SortKey, SortOrder } from "@hearth/contract";
import { bucketOf } from "../lib/bucket";
import type { ApiBindings } from "../lib/env";
import { badRequest, notFound } from "../lib/errors";
import { readJson } from "../http/request";
import { newId } from "../lib/ids";
import { validateName } from "../lib/names";
import { copyContents } from "../repositories/copy";
import { insertItem, isInside, listChildren, listPhotos, pathTo, setStarred, updateItem } from "../repositories/files";
import { assertFolder, createFolder, getOwnedItem } from "../core/drive";
import { withNameRule } from "../core/name-clash";
import { toFileItem, toFileItems } from "../core/presenter";
import { moveToTrash } from "../core/trash";
import { serveFileContent, serveThumbnail } from "../http/serve-blob";
import type { AuthVariables } from "../http/session";

type Env = { Bindings: ApiBindings; Variables: AuthVariables };

/** Most items in one listing response; bigger folders are paged with `limit` and `cursor`. */
const MAX_LISTING = 10_000;

/** `root` (or nothing) is the user's top folder. */
export function parentParam(value: string | undefined | null): string | null {
  return !value || value === "root" ? null : value;
}

export function onConflictParam(value: unknown, fallback: OnConflict): OnConflict {
  if (value === undefined) return fallback;
  if (value !== "fail" && value !== "keepBoth" && value !== "replace") throw badRequest("invalid_on_conflict", "onConflict is fail, keepBoth or replace.");
  return value;
}

export const fileRoutes = new Hono<Env>()
  .get("/files", async (c) => {
    const parentId = parentParam(c.req.query("parent"));
    const sort = (c.req.query("sort") ?? "name") as SortKey;
    const order = (c.req.query("order") ?? "asc") as SortOrder;
    if (!["name", "modified", "size"].includes(sort) || !["asc", "desc"].includes(order)) throw badRequest("invalid_sort", "sort is name, modified or size; order is asc or desc.");
    const folder = parentId === null ? null : await getOwnedItem(c.var.services, c.var.user.id, parentId);
    if (folder && folder.file.kind !== "folder") throw notFound("That is not a folder.");
    const limitParam = c.req.query("limit");
    const limit = limitParam === undefined ? MAX_LISTING : Number(limitParam);
    const offset = Number(c.req.query("cursor") ?? "0");
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LISTING || !Number.isInteger(offset) || offset < 0)
      throw badRequest("invalid_page", `limit is 1 to ${MAX_LISTING}; cursor is the nextCursor of the previous page.`);
    // One row more than asked tells whether another page follows.
    const [rows, path] = await Promise.all([listChildren(c.var.db, c.var.user.id, parentId, { sort, order, limit: limit + 1, offset }), pathTo(c.var.db, parentId)]);
    const items = toFileItems(rows.slice(0, limit));
    const nextCursor = rows.length > limit ? String(offset + limit) : null;
    const response: FileListResponse = { items, folder: folder ? toFileItem(folder.file) : null, path, nextCursor };
    return c.json(response);
  })
  .get("/photos", async (c) => {
    const response: PhotoListResponse = { items: toFileItems(await listPhotos(c.var.db, c.var.user.id)) };
    return c.json(response);
  })
  .post("/folders", async (c) => {
    const body = await readJson<CreateFolderRequest>(c);
    const parentId = body.parentId === undefined ? null : parentParam(body.parentId);
    const name = validateName(body.name);
    const item = await createFolder(c.var.services, c.var.user.id, { parentId, name, onConflict: onConflictParam(body.onConflict, "fail") });
    return c.json(item, 201);
  })
  .get("/files/:id", async (c) => {
    const row = await getOwnedItem(c.var.services, c.var.user.id, c.req.param("id"));
    return c.json(toFileItem(row.file, row.blob, row.media));
  })
  .patch("/files/:id", async (c) => {
    const body = await readJson<PatchFileRequest>(c);
    const id = c.req.param("id");
    const { db, user } = c.var;
    const current = await getOwnedItem(c.var.services, user.id, id);
    const changes: { name?: string; parentId?: string | null } = {};
    if (body.name !== undefined) changes.name = validateName(body.name);
    if (body.parentId !== undefined) {
      const target = parentParam(body.parentId);
      await assertFolder(c.var.services, user.id, target);
      if (target !== null && (await isInside(db, target, id))) throw badRequest("invalid_move", "A folder cannot be moved into itself.");
      changes.parentId = target;
    }
    if (Object.keys(changes).length === 0) throw badRequest("nothing_to_change", "Send a new name or parentId.");
    const parentId = changes.parentId !== undefined ? changes.parentId : current.file.parentId;
    const destination = { ownerId: user.id, parentId, name: changes.name ?? current.file.name };
    const updated = await withNameRule(c.var.services, destination, onConflictParam(body.onConflict, "fail"), (name) =>
      updateItem(db, user.id, id, { ...changes, name }, Date.now()),
    );
    if (!updated) throw notFound("No such file or folder.");
    const row = await getOwnedItem(c.var.services, user.id, id);
    const item = toFileItem(row.file, row.blob, row.media);
    await c.var.services.events.publish(user.id, { type: "file.updated", file: item });
    return c.json(item);
  })
  .post("/files/:id/copy", async (c) => {
    const body = await readJson<CopyFileRequest>(c);
    const { db, user } = c.var;
    const source = await getOwnedItem(c.var.services, user.id, c.req.param("id"));
    const parentId = body.parentId === undefined ? source.file.parentId : parentParam(body.parentId);
    await assertFolder(c.var.services, user.id, parentId);
    if (source.file.kind === "folder" && parentId !== null && (await isInside(db, parentId, source.file.id))) throw badRequest("invalid_copy", "A folder cannot be copied into itself.");
    const name = body.name === undefined ? source.file.name : validateName(body.name);
    const now = Date.now();
    const { file } = source;
    const top = { id: newId(), ownerId: user.id, parentId, kind: file.kind, size: file.size, mime: file.mime, blobId: file.blobId, createdAt: now, updatedAt: now };
    const copied = await withNameRule(c.var.services, { ownerId: user.id, parentId, name }, onConflictParam(body.onConflict, "keepBoth"), (free) =>
      insertItem(db, { ...top, name: free }),
    );
    if (file.kind === "folder") await copyContents(db, user.id, file.id, copied.id, now);
    const row = await getOwnedItem(c.var.services, user.id, copied.id);
    const item = toFileItem(row.file, row.blob, row.media);
    await c.var.services.events.publish(user.id, { type: "file.created", file: item });
    return c.json(item, 201);
  })
  .on(["PUT", "DELETE"], "/files/:id/star", async (c) => {
    const id = c.req.param("id");
    if (!(await setStarred(c.var.db, c.var.user.id, id, c.req.method === "PUT", Date.now()))) throw notFound("No such file or folder.");
    const row = await getOwnedItem(c.var.services, c.var.user.id, id);
    const item = toFileItem(row.file, row.blob, row.media);
    await c.var.services.events.publish(c.var.user.id, { type: "file.updated", file: item });
    return c.json(item);
  })
  .delete("/files/:id", async (c) => {
    const id = c.req.param("id");
    await moveToTrash(c.var.services, c.var.user.id, id);
    return c.body(null, 204);
  })
  .on(["GET", "HEAD"], "/files/:id/content", async (c) =>
    serveFileContent(bucketOf(c.env), await getOwnedItem(c.var.services, c.var.user.id, c.req.param("id")), c.req.raw),
  )
  .get("/files/:id/thumbnail", async (c) => serveThumbnail(bucketOf(c.env), await getOwnedItem(c.var.services, c.var.user.id, c.req.param("id")), c.req.raw));
