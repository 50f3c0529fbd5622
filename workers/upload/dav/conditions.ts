/**
 * The glue between a request's `If:` header and the lock rules (core/webdav-locks.ts): the header
 * is evaluated against the current locks and entity tags (412 when no list holds), and each path a
 * method changes is checked against the locks on it (423 without the lock's token).
 */
import { etagOf } from "../../core/webdav";
import {
  assertUnlocked,
  evaluateIf,
  locksOn,
  parseIfHeader,
  preconditionFailed,
  submittedTokens,
  type ResourceState,
} from "../../core/webdav-locks";
import { lockPathOf, parseDavPath, resolvePath, type DavPath } from "../../core/webdav-paths";
import { findLiveItem } from "../../repositories/files";
import type { DavRequest } from "./context";

/** Evaluates the If header (when sent) and returns the lock tokens it submits. */
export async function checkIf(dav: DavRequest): Promise<string[]> {
  const header = dav.request.headers.get("if");
  if (!header) return [];
  const lists = parseIfHeader(header);
  const states = new Map<string | undefined, ResourceState>();
  for (const list of lists) {
    if (states.has(list.resource)) continue;
    states.set(list.resource, await stateOf(dav, list.resource));
  }
  if (!evaluateIf(lists, (resource) => states.get(resource)!)) throw preconditionFailed();
  return submittedTokens(lists);
}

async function stateOf(dav: DavRequest, resource: string | undefined): Promise<ResourceState> {
  let path: DavPath;
  try {
    path = resource === undefined ? dav.path : parseDavPath(new URL(resource, dav.request.url).pathname);
  } catch {
    // A tag naming something outside WebDAV has no locks and no entity tag here.
    return { lockTokens: [], etag: null };
  }
  const { services, user } = dav;
  const locks = await locksOn(services, user.id, lockPathOf(path));
  const resolved = await resolvePath(services, user.id, path);
  let etag: string | null = null;
  if (resolved.kind === "root") etag = etagOf(undefined);
  else if (resolved.kind === "item") etag = etagOf(await findLiveItem(services.db, user.id, resolved.item.id));
  return { lockTokens: locks.map((l) => l.token), etag };
}

/** The path of the folder holding `path` (the top for a top-level item). */
export const parentOf = (path: DavPath): DavPath => path.slice(0, -1);

/**
 * Throws 423 unless the request holds the locks on what it changes: the paths themselves (and
 * what is below them, for `deep` ones) and the folders whose members it adds or removes.
 */
export async function assertMayChange(
  dav: DavRequest,
  tokens: string[],
  changes: { path: DavPath; deep?: boolean; membership?: boolean }[],
): Promise<void> {
  for (const change of changes) {
    await assertUnlocked(dav.services, dav.user.id, lockPathOf(change.path), tokens, change.deep ?? false);
    if (change.membership && change.path.length > 0)
      await assertUnlocked(dav.services, dav.user.id, lockPathOf(parentOf(change.path)), tokens, false);
  }
}
