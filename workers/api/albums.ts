/** The album routes (rules: core/albums.ts), and the album-scoped reads of a member's photos. */
import { Hono } from "hono";
import type { AlbumItemsRequest, CreateAlbumRequest, PatchAlbumRequest, PutAlbumMemberRequest } from "@hearth/contract";
import {
  addItems,
  albumPhoto,
  createAlbum,
  deleteAlbum,
  getAlbum,
  listAlbums,
  listPeople,
  patchAlbum,
  putMember,
  removeItems,
  removeMember,
} from "../core/albums";
import type { ApiBindings } from "../lib/env";
import { readJson } from "../http/request";
import { serveFileContent, serveThumbnail, serveVideoPreview } from "../http/serve-blob";
import type { AuthVariables } from "../http/session";

type Env = { Bindings: ApiBindings; Variables: AuthVariables };

export const albumRoutes = new Hono<Env>()
  .get("/people", async (c) => c.json(await listPeople(c.var.services, c.var.user.id)))
  .get("/albums", async (c) => c.json(await listAlbums(c.var.services, c.var.user.id)))
  .post("/albums", async (c) => {
    const body = await readJson<CreateAlbumRequest>(c);
    return c.json(await createAlbum(c.var.services, c.var.user.id, body), 201);
  })
  .get("/albums/:id", async (c) =>
    c.json(
      await getAlbum(c.var.services, c.var.user.id, c.req.param("id"), {
        after: c.req.query("after"),
        limit: c.req.query("limit"),
      }),
    ),
  )
  .patch("/albums/:id", async (c) => {
    const body = await readJson<PatchAlbumRequest>(c);
    return c.json(await patchAlbum(c.var.services, c.var.user.id, c.req.param("id"), body));
  })
  .delete("/albums/:id", async (c) => {
    await deleteAlbum(c.var.services, c.var.user.id, c.req.param("id"));
    return c.body(null, 204);
  })
  .post("/albums/:id/items", async (c) => {
    const body = await readJson<AlbumItemsRequest>(c);
    return c.json(await addItems(c.var.services, c.var.user.id, c.req.param("id"), body));
  })
  .delete("/albums/:id/items", async (c) => {
    const body = await readJson<AlbumItemsRequest>(c);
    return c.json(await removeItems(c.var.services, c.var.user.id, c.req.param("id"), body));
  })
  .put("/albums/:id/members/:userId", async (c) => {
    const body = await readJson<PutAlbumMemberRequest>(c);
    const { id, userId } = c.req.param();
    return c.json(await putMember(c.var.services, c.var.user.id, id, userId, body));
  })
  .delete("/albums/:id/members/:userId", async (c) => {
    const { id, userId } = c.req.param();
    await removeMember(c.var.services, c.var.user.id, id, userId);
    return c.body(null, 204);
  })
  // A member reads the album's photos here, whoever owns them (the per-owner /api/files routes stay per-owner).
  .get("/albums/:id/items/:fileId/thumbnail", async (c) => {
    const { id, fileId } = c.req.param();
    return serveThumbnail(
      c.var.services.bucket,
      await albumPhoto(c.var.services, c.var.user.id, id, fileId),
      c.req.raw,
    );
  })
  .on(["GET", "HEAD"], "/albums/:id/items/:fileId/content", async (c) => {
    const { id, fileId } = c.req.param();
    return serveFileContent(
      c.var.services.bucket,
      await albumPhoto(c.var.services, c.var.user.id, id, fileId),
      c.req.raw,
    );
  })
  .on(["GET", "HEAD"], "/albums/:id/items/:fileId/preview", async (c) => {
    const { id, fileId } = c.req.param();
    return serveVideoPreview(
      c.var.services.bucket,
      await albumPhoto(c.var.services, c.var.user.id, id, fileId),
      c.req.raw,
    );
  });
