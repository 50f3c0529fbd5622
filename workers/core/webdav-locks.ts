/**
 * WebDAV locks (RFC 4918 §6–7, §10.4): taking, refreshing and releasing them, the `If:` header,
 * and the rule that a write to a locked path needs the lock's token. Locks live in the database
 * (repositories/dav.ts) so every isolate sees them, and belong to one user's tree: a token never
 * reaches another user's paths.
 */
import { HttpError, badRequest } from "../lib/errors";
import * as dav from "../repositories/dav";
import type { DavLockRow } from "../repositories/dav";
import type { Services } from "./services";

/** Longest lock a client may ask for, and what it gets when it asks for none or "Infinite". */
export const MAX_LOCK_SECONDS = 3600;
export const DEFAULT_LOCK_SECONDS = 600;

export type LockScope = "exclusive" | "shared";
export type LockDepth = "0" | "infinity";
export type { DavLockRow };

/** 423 Locked. */
export const locked = (message = "The resource is locked.") => new HttpError(423, "locked", message);
/** 412 Precondition Failed. */
export const preconditionFailed = (message = "The If header's condition is not met.") =>
  new HttpError(412, "precondition_failed", message);

/** The seconds a `Timeout:` header asks for (`Second-600`, `Infinite`, a list), capped. */
export function parseTimeout(header: string | undefined): number {
  for (const part of (header ?? "").split(",").map((p) => p.trim())) {
    const seconds = /^Second-(\d+)$/i.exec(part);
    if (seconds) return Math.max(1, Math.min(MAX_LOCK_SECONDS, Number(seconds[1])));
    if (/^Infinite$/i.test(part)) return MAX_LOCK_SECONDS;
  }
  return DEFAULT_LOCK_SECONDS;
}

/** One condition of an If header list: a state token or an entity tag, perhaps negated. */
export interface IfCondition {
  not: boolean;
  token?: string;
  etag?: string;
}
/** One list of conditions, tagged with the resource it is about (undefined: the request's own). */
export interface IfList {
  resource?: string;
  conditions: IfCondition[];
}

/** Parses an If header (RFC 4918 §10.4) into its lists; 400 when it is malformed. */
export function parseIfHeader(header: string): IfList[] {
  const lists: IfList[] = [];
  let resource: string | undefined;
  let i = 0;
  const fail = () => badRequest("invalid_if", "The If header is malformed.");
  const skip = () => {
    while (i < header.length && /\s/.test(header[i]!)) i++;
  };
  for (skip(); i < header.length; skip()) {
    const ch = header[i];
    if (ch === "<") {
      const end = header.indexOf(">", i);
      if (end < 0) throw fail();
      resource = header.slice(i + 1, end);
      i = end + 1;
    } else if (ch === "(") {
      const conditions: IfCondition[] = [];
      i++;
      for (skip(); header[i] !== ")"; skip()) {
        if (i >= header.length) throw fail();
        let not = false;
        if (/^not\b/i.test(header.slice(i, i + 4))) {
          not = true;
          i += 3;
          skip();
        }
        if (header[i] === "<") {
          const end = header.indexOf(">", i);
          if (end < 0) throw fail();
          conditions.push({ not, token: header.slice(i + 1, end) });
          i = end + 1;
        } else if (header[i] === "[") {
          const end = header.indexOf("]", i);
          if (end < 0) throw fail();
          conditions.push({ not, etag: header.slice(i + 1, end) });
          i = end + 1;
        } else throw fail();
      }
      i++;
      if (conditions.length === 0) throw fail();
      lists.push({ resource, conditions });
    } else throw fail();
  }
  if (lists.length === 0) throw fail();
  return lists;
}

/** What a condition is checked against: the locks covering a resource and its entity tag. */
export interface ResourceState {
  lockTokens: string[];
  etag: string | null;
}

/** True when one of the lists holds for the resources they name (RFC 4918 §10.4.3). */
export function evaluateIf(lists: IfList[], stateOf: (resource: string | undefined) => ResourceState): boolean {
  return lists.some((list) => {
    const state = stateOf(list.resource);
    return list.conditions.every((c) => {
      const holds =
        c.token !== undefined ? state.lockTokens.includes(c.token) : state.etag !== null && c.etag === state.etag;
      return c.not ? !holds : holds;
    });
  });
}

/** Every token the If header submits (un-negated), which is how a client shows it holds a lock. */
export function submittedTokens(lists: IfList[]): string[] {
  return lists.flatMap((l) => l.conditions.filter((c) => !c.not && c.token !== undefined).map((c) => c.token!));
}

/** The live locks that cover `path` (its own, and depth-infinity locks above it), and optionally those below. */
export function locksOn(
  services: Pick<Services, "db" | "now">,
  ownerId: string,
  path: string,
  withDescendants = false,
) {
  return dav.locksAffecting(services.db, ownerId, path, services.now(), withDescendants);
}

/**
 * Throws 423 unless every lock covering `path` (and, for a delete or move of a folder, every lock
 * below it) is one whose token the request submitted. One shared lock's token covers the shared ones.
 */
export async function assertUnlocked(
  services: Pick<Services, "db" | "now">,
  ownerId: string,
  path: string,
  tokens: string[],
  withDescendants = false,
): Promise<void> {
  const held = await locksOn(services, ownerId, path, withDescendants);
  const exclusive = held.filter((l) => l.scope === "exclusive");
  const shared = held.filter((l) => l.scope === "shared");
  if (exclusive.some((l) => !tokens.includes(l.token))) throw locked();
  if (shared.length > 0 && !shared.some((l) => tokens.includes(l.token))) throw locked();
}

/** Takes a new lock on `path`; 423 when an exclusive lock (or any lock, for an exclusive request) is in the way. */
export async function takeLock(
  services: Pick<Services, "db" | "now">,
  ownerId: string,
  input: { path: string; depth: LockDepth; scope: LockScope; lockOwner: string | null; timeoutSeconds: number },
): Promise<DavLockRow> {
  const held = await locksOn(services, ownerId, input.path, input.depth === "infinity");
  if (held.some((l) => l.scope === "exclusive" || input.scope === "exclusive")) throw locked();
  const row: DavLockRow = {
    token: `opaquelocktoken:${crypto.randomUUID()}`,
    ownerId,
    path: input.path,
    depth: input.depth,
    scope: input.scope,
    lockOwner: input.lockOwner,
    timeoutSeconds: input.timeoutSeconds,
    expiresAt: services.now() + input.timeoutSeconds * 1000,
  };
  await dav.deleteExpiredLocks(services.db, services.now());
  await dav.insertLock(services.db, row);
  return row;
}

/** Refreshes a lock that covers `path`, given its token; 412 when the token is not a lock there. */
export async function refreshLock(
  services: Pick<Services, "db" | "now">,
  ownerId: string,
  path: string,
  token: string,
  timeoutSeconds: number,
): Promise<DavLockRow> {
  const covering = await locksOn(services, ownerId, path);
  const lock = covering.find((l) => l.token === token);
  if (!lock) throw preconditionFailed("That lock token is not a lock on this resource.");
  const expiresAt = services.now() + timeoutSeconds * 1000;
  await dav.refreshLock(services.db, token, timeoutSeconds, expiresAt);
  return { ...lock, timeoutSeconds, expiresAt };
}

/** Releases a lock covering `path`; 409 when the token is not one of them (RFC 4918 §9.11.1). */
export async function releaseLock(
  services: Pick<Services, "db" | "now">,
  ownerId: string,
  path: string,
  token: string,
): Promise<void> {
  const covering = await locksOn(services, ownerId, path);
  if (!covering.some((l) => l.token === token))
    throw new HttpError(409, "lock_token_mismatch", "That lock token does not lock this resource.");
  await dav.deleteLock(services.db, ownerId, token);
}

/** Forgets the locks on a path and below, once what they locked is gone (deleted, or moved away). */
export async function dropLocksAt(services: Pick<Services, "db">, ownerId: string, path: string): Promise<void> {
  await dav.deleteLocksAt(services.db, ownerId, path);
}
