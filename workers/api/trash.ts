/** The trash: list, restore, delete forever, empty. */
import { Hono } from "hono";
import type { ItemsResponse } from "@hearth/contract";
import type { ApiBindings } from "../lib/env";
import { deleteForever, emptyTrash, listTrash, restoreFromTrash } from "../core/trash";
import type { AuthVariables } from "../http/session";

export const trashRoutes = new Hono<{ Bindings: ApiBindings; Variables: AuthVariables }>()
  .get("/trash", async (c) => c.json<ItemsResponse>({ items: await listTrash(c.var.services, c.var.user.id) }))
  .post("/files/:id/restore", async (c) =>
    c.json(await restoreFromTrash(c.var.services, c.var.user.id, c.req.param("id"))),
  )
  .delete("/trash/:id", async (c) => {
    await deleteForever(c.var.services, c.var.user.id, c.req.param("id"));
    return c.body(null, 204);
  })
  .delete("/trash", async (c) => c.json({ deleted: await emptyTrash(c.var.services, c.var.user.id) }));
