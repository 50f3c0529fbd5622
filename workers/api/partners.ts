/** The partner-sharing routes (rules: core/partners.ts): the shares, and a partner's photos browsed apart. */
import { Hono } from "hono";
import type { PatchPartnerRequest, PutPartnerRequest } from "@hearth/contract";
import {
  listPartnerMonths,
  listPartnerPhotos,
  listPartners,
  partnerNeighbours,
  partnerPhoto,
  setShowInTimeline,
  sharePhotos,
  stopSharing,
} from "../core/partners";
import type { ApiBindings } from "../lib/env";
import { readJson } from "../http/request";
import { serveFileContent, serveThumbnail, serveVideoPreview } from "../http/serve-blob";
import type { AuthVariables } from "../http/session";

type Env = { Bindings: ApiBindings; Variables: AuthVariables };

export const partnerRoutes = new Hono<Env>()
  .get("/partners", async (c) => c.json(await listPartners(c.var.services, c.var.user.id)))
  .put("/partners/:userId", async (c) => {
    const body = await readJson<PutPartnerRequest>(c);
    return c.json(await sharePhotos(c.var.services, c.var.user.id, c.req.param("userId"), body));
  })
  .patch("/partners/:userId", async (c) => {
    const body = await readJson<PatchPartnerRequest>(c);
    return c.json(await setShowInTimeline(c.var.services, c.var.user.id, c.req.param("userId"), body));
  })
  .delete("/partners/:userId", async (c) => {
    await stopSharing(c.var.services, c.var.user.id, c.req.param("userId"), c.req.query("direction"));
    return c.body(null, 204);
  })
  .get("/partners/:userId/photos", async (c) =>
    c.json(
      await listPartnerPhotos(c.var.services, c.var.user.id, c.req.param("userId"), {
        month: c.req.query("month"),
        before: c.req.query("before"),
        limit: c.req.query("limit"),
      }),
    ),
  )
  .get("/partners/:userId/photos/months", async (c) =>
    c.json(await listPartnerMonths(c.var.services, c.var.user.id, c.req.param("userId"))),
  )
  .get("/partners/:userId/photos/:fileId/neighbours", async (c) => {
    const { userId, fileId } = c.req.param();
    return c.json(await partnerNeighbours(c.var.services, c.var.user.id, userId, fileId, c.req.query("count")));
  })
  // The partner reads the shared photos' bytes here, only while the share covers them.
  .get("/partners/:userId/photos/:fileId/thumbnail", async (c) => {
    const { userId, fileId } = c.req.param();
    return serveThumbnail(
      c.var.services.bucket,
      await partnerPhoto(c.var.services, c.var.user.id, userId, fileId),
      c.req.raw,
    );
  })
  .on(["GET", "HEAD"], "/partners/:userId/photos/:fileId/content", async (c) => {
    const { userId, fileId } = c.req.param();
    return serveFileContent(
      c.var.services.bucket,
      await partnerPhoto(c.var.services, c.var.user.id, userId, fileId),
      c.req.raw,
    );
  })
  .on(["GET", "HEAD"], "/partners/:userId/photos/:fileId/preview", async (c) => {
    const { userId, fileId } = c.req.param();
    return serveVideoPreview(
      c.var.services.bucket,
      await partnerPhoto(c.var.services, c.var.user.id, userId, fileId),
      c.req.raw,
    );
  });
