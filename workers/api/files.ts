/** The Drive routes (the Photos routes are photos.ts): listing, folders, metadata, rename/move/copy, stars, trash, content and thumbnails. */
import { Hono } from "hono";
import type { CopyFileRequest, CreateFolderRequest, PatchFileRequest } from "@hearth/contract";
import type { ApiBindings } from "../lib/env";
import { onConflictParam, pageParams, parentParam, sortParams } from "../http/params";
import { readJson } from "../http/request";
import {
  copyItem,
  createFolder,
  getItem,
  getOwnedItem,
  listFolder,
  openFolder,
  renameOrMove,
  setStar,
} from "../core/drive";
import { streamListing } from "../http/stream-listing";
import { moveToTrash } from "../core/trash";
import { reprocessFile } from "../core/media-state";
import { serveFileContent, serveThumbnail, serveVideoPreview } from "../http/serve-blob";
import type { AuthVariables } from "../http/session";

type Env = { Bindings: ApiBindings; Variables: AuthVariables };

export const fileRoutes = new Hono<Env>()
  .get("/files", async (c) => {
    const parentId = parentParam(c.req.query("parent"));
    const { sort, order } = sortParams(c.req.query("sort"), c.req.query("order"));
    const { limit, cursor } = pageParams(c.req.query("limit"), c.req.query("cursor"));
    // No limit: the whole folder, however big, sent as it is read.
    if (limit === undefined)
      return streamListing(await openFolder(c.var.services, c.var.user.id, { parentId, sort, order }));
    return c.json(await listFolder(c.var.services, c.var.user.id, { parentId, sort, order, limit, cursor }));
  })
  .post("/folders", async (c) => {
    const body = await readJson<CreateFolderRequest>(c);
    const parentId = parentParam(body.parentId);
    const onConflict = onConflictParam(body.onConflict, "fail");
    return c.json(await createFolder(c.var.services, c.var.user.id, { parentId, name: body.name, onConflict }), 201);
  })
  .get("/files/:id", async (c) => c.json(await getItem(c.var.services, c.var.user.id, c.req.param("id"))))
  .post("/files/:id/reprocess", async (c) =>
    c.json(await reprocessFile(c.var.services, c.var.user.id, c.req.param("id")), 202),
  )
  .patch("/files/:id", async (c) => {
    const body = await readJson<PatchFileRequest>(c);
    const parentId = body.parentId === undefined ? undefined : parentParam(body.parentId);
    const onConflict = onConflictParam(body.onConflict, "fail");
    return c.json(
      await renameOrMove(c.var.services, c.var.user.id, c.req.param("id"), { name: body.name, parentId, onConflict }),
    );
  })
  .post("/files/:id/copy", async (c) => {
    const body = await readJson<CopyFileRequest>(c);
    const parentId = body.parentId === undefined ? undefined : parentParam(body.parentId);
    const onConflict = onConflictParam(body.onConflict, "keepBoth");
    return c.json(
      await copyItem(c.var.services, c.var.user.id, c.req.param("id"), { parentId, name: body.name, onConflict }),
      201,
    );
  })
  .on(["PUT", "DELETE"], "/files/:id/star", async (c) =>
    c.json(await setStar(c.var.services, c.var.user.id, c.req.param("id"), c.req.method === "PUT")),
  )
  .delete("/files/:id", async (c) => {
    await moveToTrash(c.var.services, c.var.user.id, c.req.param("id"));
    return c.body(null, 204);
  })
  .on(["GET", "HEAD"], "/files/:id/content", async (c) =>
    serveFileContent(
      c.var.services.bucket,
      await getOwnedItem(c.var.services, c.var.user.id, c.req.param("id")),
      c.req.raw,
    ),
  )
  .get("/files/:id/thumbnail", async (c) =>
    serveThumbnail(
      c.var.services.bucket,
      await getOwnedItem(c.var.services, c.var.user.id, c.req.param("id")),
      c.req.raw,
    ),
  )
  .on(["GET", "HEAD"], "/files/:id/preview", async (c) =>
    serveVideoPreview(
      c.var.services.bucket,
      await getOwnedItem(c.var.services, c.var.user.id, c.req.param("id")),
      c.req.raw,
    ),
  );
