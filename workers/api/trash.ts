/** The trash: list, restore, delete forever, empty. */
import { Hono } from "hono";
import type { ItemsResponse } from "@hearth/contract";
import { bucketOf } from "../lib/bucket";
import type { ApiBindings } from "../lib/env";
import { getOwnedItem } from "../repositories/files";
import { toFileItem, toTrashItem } from "../core/presenter";
import { deleteForever, emptyTrash, listTrash, restoreItem } from "../repositories/trash";
import type { AuthVariables } from "../http/session";

export const trashRoutes = new Hono<{ Bindings: ApiBindings; Variables: AuthVariables }>()
  .get("/trash", async (c) => c.json<ItemsResponse>({ items: (await listTrash(c.var.db, c.var.user.id)).map(toTrashItem) }))
  .post("/files/:id/restore", async (c) => {
    const id = c.req.param("id");
    await restoreItem(c.var.db, c.var.user.id, id, Date.now());
    const row = await getOwnedItem(c.var.db, c.var.user.id, id);
    const item = toFileItem(row.file, row.blob, row.media);
    await c.var.services.events.publish(c.var.user.id, { type: "file.restored", file: item });
    return c.json(item);
  })
  .delete("/trash/:id", async (c) => {
    const id = c.req.param("id");
    await deleteForever(c.var.db, bucketOf(c.env), c.var.user.id, id);
    await c.var.services.events.publish(c.var.user.id, { type: "file.deleted", fileId: id });
    return c.body(null, 204);
  })
  .delete("/trash", async (c) => {
    const deleted = await emptyTrash(c.var.db, bucketOf(c.env), c.var.user.id);
    return c.json({ deleted });
  });
