/**
 * Share links: the owner's side (create, list, revoke) and the rule every visitor passes first,
 * "may this visitor open this link?" (openShare). What an opened link shows is share-visits.ts.
 *
 * A link is refused, in this order: unknown or revoked → 404 `share_not_found`; expired → 410
 * `share_expired`; the shared item (or a folder above it) in the trash → 404 (it opens again once
 * the owner restores it); a password not yet given → 401 `password_required`.
 *
 * Unlocking a password link hands the visitor an unlock proof (the route keeps it in a cookie):
 * `<expiry ms>.<base64url HMAC-SHA256 of "hearth-share-unlock:<link id>:<expiry>">`, keyed with
 * the link's stored scrypt hash. It is checked without a table, cannot be forged without the
 * database, opens no other link, and stops working when the link is deleted.
 */
import type { CreateShareRequest, Share } from "@hearth/contract";
import { badRequest, HttpError, notFound } from "../lib/errors";
import { newId, newToken } from "../lib/ids";
import { hashPassword, PASSWORD_MAX_LENGTH, verifyPassword } from "../lib/password";
import { recordAudit } from "./audit";
import type { ClientInfo } from "./sessions";
import { assertNotThrottled, clearFailures, recordFailure, type ThrottleKey } from "./sign-in-throttle";
import {
  deleteShare,
  findShareByToken,
  insertShare,
  insertShareFiles,
  listShares,
  type ShareRow,
} from "../repositories/shares";
import type { Services } from "./services";
import { isShareLive, kindOf, selectionCounts, shareTargetOf } from "./share-targets";

export type { ShareRow };
export { trailInsideShare } from "./share-targets";

/** How long one unlock lasts in a browser (never past the link's own expiry). */
export const UNLOCK_LIFETIME_MS = 7 * 24 * 3600_000;

export const shareNotFound = () => new HttpError(404, "share_not_found", "This link does not exist or was turned off.");
const shareExpired = () => new HttpError(410, "share_expired", "This link has expired.");
const passwordRequired = () => new HttpError(401, "password_required", "This link is protected by a password.");

/**
 * The owner's view of a link; `publicUrl` is PUBLIC_URL (the link is `<publicUrl>/s/<token>`).
 * `photoCount`: how many photos a selection link holds now.
 */
export function toShare(row: ShareRow, publicUrl: string, photoCount: number | null = null): Share {
  const kind = kindOf(row);
  return {
    id: row.id,
    kind,
    fileId: row.fileId,
    albumId: row.albumId,
    photoCount: kind === "selection" ? (photoCount ?? 0) : null,
    token: row.token,
    url: `${publicUrl.replace(/\/+$/, "")}/s/${row.token}`,
    createdAt: new Date(row.createdAt).toISOString(),
    expiresAt: row.expiresAt === null ? null : new Date(row.expiresAt).toISOString(),
    hasPassword: row.passwordHash !== null,
    allowDownload: row.allowDownload,
    opens: row.opens,
  };
}

/** Null (never expires), or a time after `now` as milliseconds. */
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

/**
 * Makes a link to one of the owner's live items, an album they own, or a selection of their
 * photos (share-targets.ts): optional expiry (in the future), optional
 * password (stored as a scrypt hash), view-only when `allowDownload` is false.
 * @throws 400 `invalid_expiry`, `invalid_password`, `invalid_allow_download`, `invalid_share_target`,
 *   `invalid_file_id`, `invalid_file_ids`; 404 for an item, album or photo that is not the owner's,
 *   unknown, or in the trash; 403 `owner_only` for an album the caller is only a member of
 */
export async function createShareLink(
  services: Services,
  ownerId: string,
  request: Partial<CreateShareRequest>,
  audit?: AuditedBy,
): Promise<ShareRow> {
  const now = services.now();
  const expiresAt = parseExpiry(request.expiresAt, now);
  const password = parseLinkPassword(request.password);
  if (request.allowDownload !== undefined && typeof request.allowDownload !== "boolean")
    throw badRequest("invalid_allow_download", "allowDownload must be true or false.");
  const target = await shareTargetOf(services, ownerId, request);
  const row = await insertShare(services.db, {
    id: newId(),
    token: newToken(),
    ownerId,
    fileId: target.fileId,
    albumId: target.albumId,
    createdAt: now,
    expiresAt,
    passwordHash: password === null ? null : await hashPassword(password),
    allowDownload: request.allowDownload ?? true,
  });
  if (target.fileIds.length > 0) await insertShareFiles(services.db, row.id, target.fileIds);
  if (audit) {
    const detail = {
      fileId: row.fileId,
      albumId: row.albumId,
      photoCount: target.fileIds.length || undefined,
      expiresAt: row.expiresAt,
      hasPassword: row.passwordHash !== null,
      allowDownload: row.allowDownload,
    };
    await recordAudit(services, {
      action: "share.create",
      actor: audit.actor,
      ip: audit.client.ip,
      targetType: "share",
      targetId: row.id,
      detail,
    });
  }
  return row;
}

/** Who made a change through the web app, for the audit log. */
export interface AuditedBy {
  actor: { id: string; email: string };
  client: ClientInfo;
}

/** The owner's links, newest first; only those of one item (or album) when given. */
export function listShareLinks(
  services: Services,
  ownerId: string,
  of: { fileId?: string; albumId?: string } | string = {},
): Promise<ShareRow[]> {
  return listShares(services.db, ownerId, typeof of === "string" ? { fileId: of } : of);
}

/** The links as their owner sees them (selection links with their photo counts). */
export async function toShares(services: Services, rows: ShareRow[], publicUrl: string): Promise<Share[]> {
  const counts = await selectionCounts(services, rows);
  return rows.map((row) => toShare(row, publicUrl, counts.get(row.id) ?? null));
}

/** Turns a link off for everyone at once. @throws 404 when the owner has no such link */
export async function revokeShareLink(
  services: Services,
  ownerId: string,
  id: string,
  audit?: AuditedBy,
): Promise<void> {
  if (!(await deleteShare(services.db, ownerId, id))) throw notFound("No such share link.");
  if (audit)
    await recordAudit(services, {
      action: "share.revoke",
      actor: audit.actor,
      ip: audit.client.ip,
      targetType: "share",
      targetId: id,
    });
}

/** What a visitor brings: the token from the URL and, for a password link, their unlock proof. */
export interface ShareVisit {
  token: string;
  /** The proof `unlockShare` gave this browser (kept in a cookie by the route), if any. */
  unlockProof?: string | null;
}

export interface OpenedShare {
  share: ShareRow;
  /** The display name (never the email) of the person who shared it. */
  ownerName: string;
}

/**
 * May this visitor open this link now? Returns the link, or throws the refusal described in the
 * header. `allowLocked` lets a password link through without a proof (for unlocking it).
 */
export async function openShare(
  services: Services,
  visit: ShareVisit,
  options: { allowLocked?: boolean } = {},
): Promise<OpenedShare> {
  if (visit.token.length > 100) throw shareNotFound();
  const found = await findShareByToken(services.db, visit.token);
  if (!found) throw shareNotFound();
  const { share } = found;
  const now = services.now();
  if (share.expiresAt !== null && share.expiresAt <= now) throw shareExpired();
  if (!(await isShareLive(services, share))) throw shareNotFound();
  if (share.passwordHash !== null && !options.allowLocked && !(await isUnlockProofValid(share, visit.unlockProof, now)))
    throw passwordRequired();
  return found;
}

export interface Unlocked {
  /** Hand this back as `ShareVisit.unlockProof`. */
  proof: string;
  /** When the proof stops working (ms): a week from now, or the link's expiry if sooner. */
  expiresAt: number;
}

/**
 * Checks a password link's password. Wrong guesses slow down per link (the sign-in throttle).
 * @returns the unlock proof, or null when the link has no password (nothing to unlock)
 * @throws 401 `wrong_password`, 429 `too_many_attempts`, and every refusal of openShare but the password
 */
export async function unlockShare(
  services: Services,
  token: string,
  password: unknown,
  visitorAddress: string | null = null,
): Promise<Unlocked | null> {
  const { share } = await openShare(services, { token }, { allowLocked: true });
  if (share.passwordHash === null) return null;
  // Wrong guesses slow down the visitor who made them, not everyone with the link; a ceiling over
  // all visitors still slows many addresses guessing together.
  const visitor: ThrottleKey = { kind: "account", value: `share:${share.id}:${visitorAddress ?? "unknown"}` };
  const ceiling: ThrottleKey = { kind: "ceiling", value: `share:${share.id}` };
  const keys: ThrottleKey[] = [visitor, ceiling];
  const now = services.now();
  await assertNotThrottled(services, keys);
  if (typeof password !== "string" || !(await verifyPassword(password, share.passwordHash))) {
    await recordFailure(services, keys);
    throw new HttpError(401, "wrong_password", "That password is not right.");
  }
  await clearFailures(services, [visitor]);
  const expiresAt = Math.min(now + UNLOCK_LIFETIME_MS, share.expiresAt ?? Infinity);
  return { proof: await signUnlockProof(share, expiresAt), expiresAt };
}

function base64url(bytes: ArrayBuffer): string {
  return btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(text)) return null;
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}

function unlockKey(share: ShareRow, usage: "sign" | "verify"): Promise<CryptoKey> {
  const secret = new TextEncoder().encode(share.passwordHash ?? "");
  return crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, [usage]);
}

const unlockMessage = (share: ShareRow, expiresAt: number) =>
  new TextEncoder().encode(`hearth-share-unlock:${share.id}:${expiresAt}`);

async function signUnlockProof(share: ShareRow, expiresAt: number): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await unlockKey(share, "sign"), unlockMessage(share, expiresAt));
  return `${expiresAt}.${base64url(mac)}`;
}

/** True for a live proof made for this link (crypto.subtle.verify compares in constant time). */
async function isUnlockProofValid(share: ShareRow, proof: string | null | undefined, now: number): Promise<boolean> {
  const [expiresText, macText] = (proof ?? "").split(".");
  const expiresAt = Number(expiresText);
  const mac = fromBase64url(macText ?? "");
  if (!mac || !Number.isSafeInteger(expiresAt) || expiresAt <= now) return false;
  return crypto.subtle.verify("HMAC", await unlockKey(share, "verify"), mac, unlockMessage(share, expiresAt));
}
