/**
 * Share links, the public side: what someone holding a link (and no account) may see.
 *
 * Every request starts from the token: unknown or revoked → 404 `share_not_found`, expired → 410
 * `share_expired`, the shared item (or a folder above it) in the trash → 404, a password not yet
 * given → 401 `password_required`. An id in the URL is then served only when walking UP from it
 * reaches the shared item with nothing trashed on the way (pathInsideShare), so no id from
 * outside the share — the parent folder, a sibling, another user's file — is ever served.
 *
 * Unlocking a password-protected link sets a cookie scoped to `Path=/api/public/<token>` that
 * holds `<expiry ms>.<HMAC-SHA256 of link id and expiry>`, keyed with the link's stored scrypt
 * hash. It is checked without a table, cannot be forged without the database, and stops working
 * when the link is deleted.
 */
import { Hono, type Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { FileItem, FileListResponse, PublicShareResponse } from "@hearth/contract";
import { bucketOf } from "../lib/bucket";
import { openDatabase, type Database } from "../repositories/database";
import type { ApiBindings } from "../lib/env";
import { HttpError, notFound } from "../lib/errors";
import { readJson } from "../http/request";
import { verifyPassword } from "../lib/password";
import { listChildren } from "../repositories/files";
import { getOwnedItem } from "../core/drive";
import { toFileItem, toFileItems } from "../core/presenter";
import { countOpen, findShareByToken, pathInsideShare, type ShareRow } from "../repositories/shares";
import { serveFileContent, serveThumbnail } from "../http/serve-blob";
import { assertNotThrottled, clearFailures, recordFailure, type ThrottleKey } from "../lib/throttle";
import { zipResponse } from "../lib/zip";

type Env = { Bindings: ApiBindings };

const UNLOCK_COOKIE = "hearth_share_unlock";
const UNLOCK_LIFETIME_MS = 7 * 24 * 3600_000;

interface OpenedShare {
  db: Database;
  share: ShareRow;
  ownerName: string;
}

const downloadNotAllowed = () => new HttpError(403, "download_not_allowed", "This link lets you view, not download.");
const shareNotFound = () => new HttpError(404, "share_not_found", "This link does not exist or was turned off.");

function base64url(bytes: ArrayBuffer): string {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(text)) return null;
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}

async function unlockKey(share: ShareRow, usage: "sign" | "verify"): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", new TextEncoder().encode(share.passwordHash ?? ""), { name: "HMAC", hash: "SHA-256" }, false, [usage]);
}

const unlockMessage = (share: ShareRow, expires: number) => new TextEncoder().encode(`hearth-share-unlock:${share.id}:${expires}`);

async function unlockCookieValue(share: ShareRow, expires: number): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await unlockKey(share, "sign"), unlockMessage(share, expires));
  return `${expires}.${base64url(mac)}`;
}

/** True when the request carries a live unlock cookie for this link (crypto.subtle.verify compares in constant time). */
async function isUnlocked(c: Context<Env>, share: ShareRow, now: number): Promise<boolean> {
  const [expiresText, macText] = (getCookie(c, UNLOCK_COOKIE) ?? "").split(".");
  const expires = Number(expiresText);
  const mac = fromBase64url(macText ?? "");
  if (!mac || !Number.isSafeInteger(expires) || expires <= now) return false;
  return crypto.subtle.verify("HMAC", await unlockKey(share, "verify"), mac, unlockMessage(share, expires));
}

/** The link named by `:token`, if it may be used now; `locked` links pass only with an unlock cookie. */
async function openShare(c: Context<Env>, options: { allowLocked?: boolean } = {}): Promise<OpenedShare> {
  const token = c.req.param("token") ?? "";
  if (token.length > 100) throw shareNotFound();
  const { db } = openDatabase(c.env);
  const found = await findShareByToken(db, token);
  if (!found) throw shareNotFound();
  const { share, ownerName } = found;
  const now = Date.now();
  if (share.expiresAt !== null && share.expiresAt <= now) throw new HttpError(410, "share_expired", "This link has expired.");
  // A link to something in the trash opens again once the owner restores it.
  if (!(await pathInsideShare(db, share.ownerId, share.fileId, share.fileId))) throw shareNotFound();
  if (share.passwordHash !== null && !options.allowLocked && !(await isUnlocked(c, share, now)))
    throw new HttpError(401, "password_required", "This link is protected by a password.");
  return { db, share, ownerName };
}

/** An item of the share by id, with the trail from the shared item down to it; 404 for anything outside. */
async function itemInShare({ db, share }: OpenedShare, id: string) {
  const path = await pathInsideShare(db, share.ownerId, share.fileId, id);
  if (!path) throw notFound("No such file or folder in this share.");
  return { path, ...(await getOwnedItem({ db }, share.ownerId, id)) };
}

/**
 * What a visitor sees of an item: nothing pointing outside the share (the shared item's own
 * parent), nothing private to the owner (stars), and no photo location (often the family home).
 */
function toPublicItem(item: FileItem, share: ShareRow): FileItem {
  const shown: FileItem = { ...item, starred: false, parentId: item.id === share.fileId ? null : item.parentId };
  if (shown.media) shown.media = { ...shown.media, latitude: null, longitude: null };
  return shown;
}

export const publicShareRoutes = new Hono<Env>()
  .get("/:token", async (c) => {
    const opened = await openShare(c);
    const { file, blob, media } = await itemInShare(opened, opened.share.fileId);
    await countOpen(opened.db, opened.share.id);
    const { share } = opened;
    return c.json<PublicShareResponse>({
      item: toPublicItem(toFileItem(file, blob, media), share),
      allowDownload: share.allowDownload,
      expiresAt: share.expiresAt === null ? null : new Date(share.expiresAt).toISOString(),
      sharedBy: opened.ownerName,
    });
  })
  .post("/:token/unlock", async (c) => {
    const body = await readJson<{ password: string }>(c);
    const { db, share } = await openShare(c, { allowLocked: true });
    if (share.passwordHash === null) return c.body(null, 204);
    const keys: ThrottleKey[] = [{ kind: "account", value: `share:${share.id}` }];
    const now = Date.now();
    await assertNotThrottled(db, keys, now);
    if (typeof body.password !== "string" || !(await verifyPassword(body.password, share.passwordHash))) {
      await recordFailure(db, keys, now);
      throw new HttpError(401, "wrong_password", "That password is not right.");
    }
    await clearFailures(db, keys);
    const expires = Math.min(now + UNLOCK_LIFETIME_MS, share.expiresAt ?? Infinity);
    setCookie(c, UNLOCK_COOKIE, await unlockCookieValue(share, expires), {
      httpOnly: true,
      sameSite: "Lax",
      secure: c.env.PUBLIC_URL.startsWith("https:"),
      path: `/api/public/${share.token}`,
      maxAge: Math.max(1, Math.floor((expires - now) / 1000)),
    });
    return c.body(null, 204);
  })
  .get("/:token/files", async (c) => {
    const opened = await openShare(c);
    const { share } = opened;
    const parent = c.req.query("parent");
    const folderId = !parent || parent === "root" ? share.fileId : parent;
    const { path, file, blob, media } = await itemInShare(opened, folderId);
    if (file.kind !== "folder") throw notFound("That is not a folder.");
    const items = toFileItems(await listChildren(opened.db, share.ownerId, folderId));
    return c.json<FileListResponse>({
      items: items.map((item) => toPublicItem(item, share)),
      folder: toPublicItem(toFileItem(file, blob, media), share),
      path,
    });
  })
  .get("/:token/files/:id", async (c) => {
    const opened = await openShare(c);
    const { file, blob, media } = await itemInShare(opened, c.req.param("id"));
    return c.json(toPublicItem(toFileItem(file, blob, media), opened.share));
  })
  .on(["GET", "HEAD"], "/:token/files/:id/content", async (c) => {
    const opened = await openShare(c);
    const item = await itemInShare(opened, c.req.param("id"));
    if (!opened.share.allowDownload) throw downloadNotAllowed();
    return serveFileContent(bucketOf(c.env), item, c.req.raw);
  })
  .get("/:token/files/:id/thumbnail", async (c) => {
    const opened = await openShare(c);
    return serveThumbnail(bucketOf(c.env), await itemInShare(opened, c.req.param("id")), c.req.raw);
  })
  .get("/:token/zip", async (c) => {
    const opened = await openShare(c);
    if (!opened.share.allowDownload) throw downloadNotAllowed();
    const { file } = await itemInShare(opened, opened.share.fileId);
    const response = await zipResponse(opened.db, bucketOf(c.env), opened.share.ownerId, [file.id], file.name);
    if (!response) throw shareNotFound();
    return response;
  });
