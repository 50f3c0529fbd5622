/** Share links, the owner's side: make a link to one of your files or folders, list, revoke. */
import { Hono } from "hono";
import type { CreateShareRequest, ShareListResponse } from "@hearth/contract";
import { audit } from "../lib/audit";
import type { ApiBindings } from "../lib/env";
import { badRequest, notFound } from "../lib/errors";
import { readJson } from "../http/request";
import { newId, newToken } from "../lib/ids";
import { hashPassword, PASSWORD_MAX_LENGTH } from "../lib/password";
import { deleteShare, insertShare, listShares, pathInsideShare, toShare } from "../repositories/shares";
import type { AuthVariables } from "../http/session";

type Env = { Bindings: ApiBindings; Variables: AuthVariables };

/** Null (never expires), or a time in the future as milliseconds. */
function parseExpiry(raw: unknown, now: number): number | null {
  if (raw === undefined || raw === null) return null;
  const at = typeof raw === "string" ? Date.parse(raw) : NaN;
  if (!Number.isFinite(at)) throw badRequest("invalid_expiry", "expiresAt must be an ISO date and time, or null.");
  if (at <= now) throw badRequest("invalid_expiry", "The expiry date is in the past.");
  return at;
}

/** Null (no password) or the password to hash. Any length from 1: it guards a link, not an account. */
function parseLinkPassword(raw: unknown): string | null {
  if (raw === undefined || raw === null || raw === "") return null;
  if (typeof raw !== "string" || raw.length > PASSWORD_MAX_LENGTH)
    throw badRequest("invalid_password", `A link password is text of at most ${PASSWORD_MAX_LENGTH} characters.`);
  return raw;
}

export const shareRoutes = new Hono<Env>()
  .post("/shares", async (c) => {
    const body = await readJson<CreateShareRequest>(c);
    const now = Date.now();
    const expiresAt = parseExpiry(body.expiresAt, now);
    const password = parseLinkPassword(body.password);
    if (body.allowDownload !== undefined && typeof body.allowDownload !== "boolean") throw badRequest("invalid_allow_download", "allowDownload must be true or false.");
    if (typeof body.fileId !== "string") throw badRequest("invalid_file_id", "Send the id of the file or folder to share.");
    const { db, user } = c.var;
    // The same walk the public side does: the item is the user's and nothing above it is trashed.
    if (!(await pathInsideShare(db, user.id, body.fileId, body.fileId))) throw notFound("No such file or folder.");
    const row = await insertShare(db, {
      id: newId(),
      token: newToken(),
      fileId: body.fileId,
      ownerId: user.id,
      createdAt: now,
      expiresAt,
      passwordHash: password === null ? null : await hashPassword(password),
      allowDownload: body.allowDownload ?? true,
    });
    await audit(c, db, {
      action: "share.create",
      actor: user,
      targetType: "share",
      targetId: row.id,
      detail: { fileId: row.fileId, expiresAt: body.expiresAt ?? null, hasPassword: password !== null, allowDownload: row.allowDownload },
    });
    return c.json(toShare(row, c.env.PUBLIC_URL), 201);
  })
  .get("/shares", async (c) => {
    const rows = await listShares(c.var.db, c.var.user.id, c.req.query("fileId") || undefined);
    return c.json<ShareListResponse>({ shares: rows.map((row) => toShare(row, c.env.PUBLIC_URL)) });
  })
  .delete("/shares/:id", async (c) => {
    const id = c.req.param("id");
    if (!(await deleteShare(c.var.db, c.var.user.id, id))) throw notFound("No such share link.");
    await audit(c, c.var.db, { action: "share.revoke", actor: c.var.user, targetType: "share", targetId: id });
    return c.body(null, 204);
  });
