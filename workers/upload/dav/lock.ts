/** LOCK and UNLOCK (RFC 4918 §9.10–9.11): new locks, refreshes, lock-null resources, releases. */
import {
  parseTimeout,
  refreshLock,
  releaseLock,
  takeLock,
  type DavLockRow,
  type LockScope,
} from "../../core/webdav-locks";
import { hrefOf, lockPathOf } from "../../core/webdav-paths";
import { HttpError, badRequest } from "../../lib/errors";
import { readSmallBody, xmlResponse, type DavRequest } from "./context";
import { assertMayChange, checkIf } from "./conditions";
import { storeBody } from "./put";
import { child, DAV_NS, el, parseXml, storedValue, xmlDocument, type Node } from "./xml";

/** The <activelock> of a lock, as LOCK answers and lockdiscovery lists. */
export function activeLock(lock: DavLockRow): Node {
  const children: Node[] = [
    el("locktype", [el("write")]),
    el("lockscope", [el(lock.scope)]),
    el("depth", lock.depth === "infinity" ? "infinity" : "0"),
  ];
  if (lock.lockOwner) children.push({ "D:owner": parseOwner(lock.lockOwner) });
  children.push(
    el("timeout", `Second-${lock.timeoutSeconds}`),
    el("locktoken", [el("href", lock.token)]),
    el("lockroot", [el("href", lockRootHref(lock.path))]),
  );
  return el("activelock", children);
}

function parseOwner(stored: string): Node[] {
  const wrapped = parseXml(`<o xmlns:D="DAV:">${stored}</o>`);
  return wrapped ? ((wrapped.raw["o"] as Node[]) ?? []) : [];
}

const lockRootHref = (path: string) =>
  path === "/" ? "/dav/" : `/dav${path.split("/").map(encodeURIComponent).join("/")}`;

const lockAnswer = (status: number, lock: DavLockRow, withHeader: boolean) =>
  xmlResponse(
    status,
    xmlDocument(el("prop", [el("lockdiscovery", [activeLock(lock)])])),
    withHeader ? { "lock-token": `<${lock.token}>` } : {},
  );

export async function lock(dav: DavRequest): Promise<Response> {
  const timeoutSeconds = parseTimeout(dav.request.headers.get("timeout") ?? undefined);
  const text = await readSmallBody(dav.request);
  const path = lockPathOf(dav.path);
  if (text.trim() === "") {
    // A refresh: the lock's token comes in the If header.
    const tokens = await checkIf(dav);
    if (tokens.length === 0)
      throw badRequest("missing_lock_token", "Refresh a lock by sending its token in an If header.");
    const refreshed = await refreshLock(dav.services, dav.user.id, path, tokens[0]!, timeoutSeconds);
    return lockAnswer(200, refreshed, false);
  }
  const body = parseXml(text);
  if (!body || body.ns !== DAV_NS || body.local !== "lockinfo") throw badRequest("invalid_xml", "Send <lockinfo>.");
  const scopeElement = child(body, "lockscope")?.children[0];
  const scope: LockScope | undefined =
    scopeElement?.ns === DAV_NS && (scopeElement.local === "exclusive" || scopeElement.local === "shared")
      ? scopeElement.local
      : undefined;
  if (!scope || child(child(body, "locktype"), "write") === undefined)
    throw badRequest("invalid_lock", "Ask for an exclusive or shared write lock.");
  const depthHeader = (dav.request.headers.get("depth") ?? "infinity").toLowerCase();
  if (depthHeader !== "0" && depthHeader !== "infinity")
    throw badRequest("invalid_depth", "Lock with Depth 0 or infinity.");
  const owner = child(body, "owner");
  const tokens = await checkIf(dav);
  const creates = dav.resolved.kind === "missing";
  if (creates && dav.resolved.kind === "missing" && dav.resolved.parentId === undefined)
    throw new HttpError(409, "conflict", "The folder it would go in does not exist.");
  if (creates) await assertMayChange(dav, tokens, [{ path: dav.path, membership: true }]);
  const taken = await takeLock(dav.services, dav.user.id, {
    path,
    depth: depthHeader === "0" ? "0" : "infinity",
    scope,
    lockOwner: owner ? storedValue(owner) : null,
    timeoutSeconds,
  });
  // Locking an unmapped address makes an empty file there (RFC 4918 §7.3).
  if (creates) await storeBody(dav, null, 0);
  return lockAnswer(creates ? 201 : 200, taken, true);
}

export async function unlock(dav: DavRequest): Promise<Response> {
  const header = dav.request.headers.get("lock-token") ?? "";
  const token = /^\s*<([^>]+)>\s*$/.exec(header)?.[1];
  if (!token) throw badRequest("missing_lock_token", "Send the Lock-Token header: <token>.");
  await releaseLock(dav.services, dav.user.id, lockPathOf(dav.path), token);
  return new Response(null, { status: 204 });
}

export { hrefOf };
