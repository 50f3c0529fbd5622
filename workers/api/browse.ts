/** Finding things: search by name, recent files, starred items, and ZIP downloads of a selection. */
import { Hono } from "hono";
import type { ItemsResponse } from "@hearth/contract";
import { bucketOf } from "../lib/bucket";
import type { ApiBindings } from "../lib/env";
import { badRequest, notFound } from "../lib/errors";
import { listRecent, listStarred, searchByName } from "../repositories/files";
import { toFileItems } from "../core/presenter";
import type { AuthVariables } from "../http/session";
import { zipResponse } from "../lib/zip";

export const browseRoutes = new Hono<{ Bindings: ApiBindings; Variables: AuthVariables }>()
  .get("/search", async (c) => {
    const q = (c.req.query("q") ?? "").trim();
    if (q.length === 0) return c.json<ItemsResponse>({ items: [] });
    if (q.length > 200) throw badRequest("query_too_long", "Search for at most 200 characters.");
    return c.json<ItemsResponse>({ items: toFileItems(await searchByName(c.var.db, c.var.user.id, q)) });
  })
  .get("/recent", async (c) => c.json<ItemsResponse>({ items: toFileItems(await listRecent(c.var.db, c.var.user.id)) }))
  .get("/starred", async (c) => c.json<ItemsResponse>({ items: toFileItems(await listStarred(c.var.db, c.var.user.id)) }))
  .get("/zip", async (c) => {
    const ids = (c.req.query("ids") ?? "").split(",").filter(Boolean);
    if (ids.length === 0 || ids.length > 1000) throw badRequest("invalid_ids", "Give 1 to 1000 ids: /api/zip?ids=a,b,c");
    const name = c.req.query("name") ?? "Hearth download";
    const response = await zipResponse(c.var.db, bucketOf(c.env), c.var.user.id, ids, name.slice(0, 100));
    if (!response) throw notFound("Nothing to download.");
    return response;
  });
