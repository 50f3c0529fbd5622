/** Admin: the household's accounts. The rules are in core/admin-users.ts. */
import { Hono, type Context } from "hono";
import type { CreateUserRequest, DeleteUserRequest, UpdateUserRequest } from "@hearth/contract";
import { createUser, deleteUser, updateUserAsAdmin, userList, type AdminRequest } from "../../core/admin-users";
import { clientOf } from "../../http/client-info";
import { readJson } from "../../http/request";
import type { AuthEnv } from "../../http/session";

const adminRequest = (c: Context<AuthEnv>): AdminRequest => ({
  actor: c.var.user,
  sessionId: c.var.sessionId,
  client: clientOf(c),
});

export const adminUserRoutes = new Hono<AuthEnv>()
  .get("/users", async (c) => c.json(await userList(c.var.services)))
  .post("/users", async (c) => {
    const body = await readJson<CreateUserRequest>(c);
    return c.json(await createUser(c.var.services, adminRequest(c), body), 201);
  })
  .patch("/users/:id", async (c) => {
    const body = await readJson<UpdateUserRequest>(c);
    return c.json(await updateUserAsAdmin(c.var.services, adminRequest(c), c.req.param("id"), body));
  })
  .delete("/users/:id", async (c) => {
    const body = await readJson<DeleteUserRequest>(c);
    await deleteUser(c.var.services, adminRequest(c), c.req.param("id"), body);
    return c.body(null, 204);
  });
