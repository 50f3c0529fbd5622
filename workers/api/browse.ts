/** Finding things: search by name, recent files, starred items, and ZIP downloads of a selection. */
import { Hono } from "hono";
import type { ItemsResponse } from "@hearth/contract";
import type { ApiBindings } from "../lib/env";
import { badRequest, notFound } from "../lib/errors";
import { listRecent, listStarred, search } from "../core/drive";
import type { AuthVariables } from "../http/session";
import { planZip } from "../core/zip";
import { serveZip } from "../http/serve-zip";

export const browseRoutes = new Hono<{ Bindings: ApiBindings; Variables: AuthVariables }>()
  .get("/search", async (c) =>
    c.json<ItemsResponse>({ items: await search(c.var.services, c.var.user.id, c.req.query("q") ?? "") }),
  )
  .get("/recent", async (c) => c.json<ItemsResponse>({ items: await listRecent(c.var.services, c.var.user.id) }))
  .get("/starred", async (c) => c.json<ItemsResponse>({ items: await listStarred(c.var.services, c.var.user.id) }))
  .get("/zip", async (c) => {
    const ids = (c.req.query("ids") ?? "").split(",").filter(Boolean);
    if (ids.length === 0 || ids.length > 1000)
      throw badRequest("invalid_ids", "Give 1 to 1000 ids: /api/zip?ids=a,b,c");
    const name = c.req.query("name") ?? "Hearth download";
    const plan = await planZip(c.var.services, { ownerId: c.var.user.id, ids, archiveName: name.slice(0, 100) });
    if (!plan) throw notFound("Nothing to download.");
    return serveZip(c.var.services.bucket, plan);
  });
