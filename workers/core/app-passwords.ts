/**
 * App passwords and WebDAV sign-in. WebDAV clients cannot do two-factor, so each user makes named
 * app passwords (shown once, revocable) and clients send them with HTTP Basic over the user's
 * email. Only the SHA-256 of each password is stored: the password is 128 random bits, so a fast
 * hash is as safe as a slow one (there is nothing to guess by brute force; slow hashes protect
 * short human passwords), and a fast hash keeps every WebDAV request (each carries the password)
 * cheap. The account password never works over WebDAV, with or without two-factor: it would sit
 * in plain text in rclone configs and phone apps, could not be revoked per device, and checking
 * it (a deliberately slow hash) on every request would make each one slow. Failures are throttled like sign-in; uses are audited once per
 * password and client each day, so a syncing client does not flood the log.
 */
import {
  APP_PASSWORD_NAME_MAX,
  APP_PASSWORDS_MAX,
  type AppPasswordInfo,
  type CreatedAppPassword,
  type User,
} from "@hearth/contract";
import { badRequest, conflict, HttpError, notFound } from "../lib/errors";
import { newId, sha256Hex } from "../lib/ids";
import * as repo from "../repositories/app-passwords";
import { readSettings } from "../repositories/settings";
import { findUserByEmail } from "../repositories/users";
import { toUser } from "./accounts-presenter";
import { recordAudit } from "./audit";
import type { Services } from "./services";
import type { ClientInfo } from "./sessions";
import { assertNotThrottled, clearFailures, recordFailure, type ThrottleKey } from "./sign-in-throttle";

const DAY_MS = 24 * 3600_000;
/** A use is written back at most this often per password (each WebDAV request is a use). */
const TOUCH_AFTER_MS = 60_000;
/** App passwords look like this; anything else is not even hashed. */
const APP_PASSWORD_SHAPE = /^[a-z0-9]{4}(-[a-z0-9]{4}){5}$/;

/** 24 random base32 characters (120 bits) in dash-separated groups of four, easy to type on a phone. */
function newAppPassword(): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  const chars = [...bytes].map((b) => alphabet[b & 31]).join("");
  return chars.match(/.{4}/g)!.join("-");
}

export async function createAppPassword(
  services: Services,
  user: User,
  input: { name?: unknown },
  client: ClientInfo,
): Promise<CreatedAppPassword> {
  const name = typeof input.name === "string" ? input.name.trim() : "";
  if (!name || name.length > APP_PASSWORD_NAME_MAX || /[\u0000-\u001f\u007f]/.test(name))
    throw badRequest("invalid_name", `Give the app password a name of 1 to ${APP_PASSWORD_NAME_MAX} characters.`);
  const existing = await repo.listAppPasswords(services.db, user.id);
  if (existing.length >= APP_PASSWORDS_MAX)
    throw conflict("too_many_app_passwords", `You have ${APP_PASSWORDS_MAX} app passwords; revoke one first.`);
  const password = newAppPassword();
  const id = newId();
  await repo.insertAppPassword(services.db, {
    id,
    userId: user.id,
    name,
    tokenHash: await sha256Hex(password),
    createdAt: services.now(),
  });
  await recordAudit(services, {
    action: "app_password.create",
    actor: user,
    targetType: "app_password",
    targetId: id,
    detail: { name },
    ip: client.ip,
  });
  return { id, name, password };
}

export async function listAppPasswords(services: Services, userId: string): Promise<AppPasswordInfo[]> {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return (await repo.listAppPasswords(services.db, userId)).map((row) => ({
    id: row.id,
    name: row.name,
    createdAt: new Date(row.createdAt).toISOString(),
    lastUsedAt: iso(row.lastUsedAt),
    lastUsedClient: row.lastUsedClient,
    lastUsedIp: row.lastUsedIp,
  }));
}

/** Revokes one of the user's app passwords: the next request that sends it is refused. */
export async function revokeAppPassword(services: Services, user: User, id: string, client: ClientInfo): Promise<void> {
  if (!(await repo.deleteAppPassword(services.db, user.id, id))) throw notFound("No such app password.");
  await recordAudit(services, {
    action: "app_password.revoke",
    actor: user,
    targetType: "app_password",
    targetId: id,
    ip: client.ip,
  });
}

/** 401 for WebDAV: the handler adds `WWW-Authenticate: Basic realm="Hearth"`. */
export const davUnauthorized = (message = "Sign in with your email and an app password.") =>
  new HttpError(401, "unauthorized", message);

/** The email and password of an `Authorization: Basic` header, or undefined when there is none. */
export function parseBasicAuth(header: string | undefined): { email: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!match) return undefined;
  let decoded: string;
  try {
    decoded = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(
      Uint8Array.from(atob(match[1]!), (c) => c.charCodeAt(0)),
    );
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { email: decoded.slice(0, colon).trim().toLowerCase().slice(0, 254), password: decoded.slice(colon + 1) };
}

/**
 * The user a WebDAV request's Basic credentials sign in: the email with one of the user's app
 * passwords (never the account password). Throws 401 (or 429 while
 * throttled); every refusal counts against the account and the address.
 */
export async function authenticateDav(
  services: Services,
  credentials: { email: string; password: string } | undefined,
  client: ClientInfo,
): Promise<User> {
  if (!credentials) throw davUnauthorized();
  const { email, password } = credentials;
  // Counted apart from web sign-in ("dav:" keys): an old phone still sending a revoked password
  // slows WebDAV down for that account and address, but does not lock the family out of the web app.
  const keys: ThrottleKey[] = [{ kind: "account", value: `dav:${email}` }];
  if (client.ip) keys.push({ kind: "ip", value: `dav:${client.ip}` });
  await assertNotThrottled(services, keys);
  const user = email ? await findUserByEmail(services.db, email) : undefined;
  const { requireTwoFactor } = await readSettings(services.db);

  const appPassword =
    user && APP_PASSWORD_SHAPE.test(password)
      ? await repo.findAppPasswordByHash(services.db, user.id, await sha256Hex(password))
      : undefined;
  if (!user || !appPassword || user.disabledAt !== null) {
    await recordFailure(services, keys);
    const actor = user ? { id: user.id, email: user.email } : null;
    const reason = !user ? "unknown email" : !appPassword ? "not an app password of this account" : "disabled";
    await recordAudit(services, {
      action: "webdav.login",
      success: false,
      actor,
      detail: { email, reason },
      ip: client.ip,
    });
    throw davUnauthorized();
  }
  await clearFailures(services, keys);
  await noteUse(services, user, appPassword, client);
  return toUser(user, requireTwoFactor);
}

/**
 * Records a successful WebDAV sign-in: the password's last use (at most once a minute), and an
 * audit entry when this client is new to the password or was last seen on another day.
 */
async function noteUse(
  services: Services,
  user: repo.UserRow,
  appPassword: repo.AppPasswordRow,
  client: ClientInfo,
): Promise<void> {
  const now = services.now();
  const agent = client.userAgent?.slice(0, 200) ?? null;
  const newClient = appPassword.lastUsedClient !== agent;
  const newDay =
    appPassword.lastUsedAt === null || Math.floor(appPassword.lastUsedAt / DAY_MS) !== Math.floor(now / DAY_MS);
  if (newClient || newDay)
    await recordAudit(services, {
      action: "webdav.login",
      actor: user,
      targetType: "app_password",
      targetId: appPassword.id,
      detail: { with: "app password", name: appPassword.name, client: agent },
      ip: client.ip,
    });
  if (
    newClient ||
    appPassword.lastUsedAt === null ||
    now - appPassword.lastUsedAt > TOUCH_AFTER_MS ||
    appPassword.lastUsedIp !== client.ip
  )
    await repo.markAppPasswordUsed(services.db, appPassword.id, { at: now, client: agent, ip: client.ip });
}
