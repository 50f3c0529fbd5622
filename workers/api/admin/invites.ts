/** Admin: invitation links (single use, expiring). */
import { Hono } from "hono";
import type { CreatedInvite, CreateInviteRequest, InviteListResponse } from "@hearth/contract";
import { DEFAULT_ROLE, INVITE_DEFAULT_HOURS, INVITE_MAX_HOURS } from "@hearth/contract";
import { audit } from "../../lib/audit";
import { badRequest, notFound } from "../../lib/errors";
import { readJson } from "../../http/request";
import { newId, newToken, sha256Hex } from "../../lib/ids";
import { deleteInvite, insertInvite, listInvites, toInvite } from "../../repositories/invites";
import type { AuthEnv } from "../../http/session";
import { validEmail, validRole } from "../../lib/validation";


export const adminInviteRoutes = new Hono<AuthEnv>()
  .get("/invites", async (c) => c.json<InviteListResponse>({ invites: (await listInvites(c.var.db)).map(toInvite) }))
  .post("/invites", async (c) => {
    const body = await readJson<CreateInviteRequest>(c);
    const email = body.email === undefined || body.email === "" ? null : validEmail(body.email);
    const role = body.role === undefined ? DEFAULT_ROLE : validRole(body.role);
    const hours = body.expiresInHours ?? INVITE_DEFAULT_HOURS;
    if (typeof hours !== "number" || !Number.isFinite(hours) || hours <= 0 || hours > INVITE_MAX_HOURS)
      throw badRequest("invalid_expiry", `An invite can last from a few minutes up to ${INVITE_MAX_HOURS} hours.`);
    const token = newToken();
    const now = Date.now();
    const row = await insertInvite(c.var.db, { id: newId(), tokenHash: await sha256Hex(token), email, role, createdBy: c.var.user.id, createdAt: now, expiresAt: now + hours * 3600_000 });
    await audit(c, c.var.db, { action: "admin.invite.create", actor: c.var.user, targetType: "invite", targetId: row.id, detail: { email, role, hours } });
    const base = (c.env as { PUBLIC_URL: string }).PUBLIC_URL;
    return c.json<CreatedInvite>({ ...toInvite(row), url: `${base}/invite/${token}` }, 201);
  })
  .delete("/invites/:id", async (c) => {
    if (!(await deleteInvite(c.var.db, c.req.param("id")))) throw notFound("No such invite.");
    await audit(c, c.var.db, { action: "admin.invite.revoke", actor: c.var.user, targetType: "invite", targetId: c.req.param("id") });
    return c.body(null, 204);
  });
