/**
 * WebDAV addresses and what they name. A request path under `/dav/` is decoded once, segment by
 * segment, and every segment must be an acceptable name (lib/names.ts): `..`, `.`, an encoded `/`
 * or `\`, NUL and control characters are refused, so no path can climb out of the user's Drive.
 * Paths are then walked from the user's own top level by name, with the owner in every lookup, so
 * another user's items (or their ids) are never reachable. A Destination header must name this
 * server and a path under `/dav/`.
 */
import { HttpError, badRequest, forbidden } from "../lib/errors";
import { validateName } from "../lib/names";
import { findByName, type FileRow } from "../repositories/files";
import type { Services } from "./services";

/** Where WebDAV is served. */
export const DAV_PREFIX = "/dav";

/** A WebDAV path: the names from the top of the user's Drive down, already decoded and checked. */
export type DavPath = string[];

/**
 * The names in a raw (still percent-encoded) URL path such as `/dav/Photos/IMG%201.jpg`. Throws
 * 400 for a malformed or hostile path, 404 for a path outside `/dav/`.
 */
export function parseDavPath(rawPath: string): DavPath {
  if (rawPath !== DAV_PREFIX && !rawPath.startsWith(`${DAV_PREFIX}/`))
    throw new HttpError(404, "not_found", "WebDAV lives under /dav/.");
  const segments = rawPath
    .slice(DAV_PREFIX.length)
    .split("/")
    .filter((s) => s.length > 0);
  return segments.map((segment) => {
    let name: string;
    try {
      name = decodeURIComponent(segment);
    } catch {
      throw badRequest("invalid_path", "The path is not correctly encoded.");
    }
    if (name === "." || name === "..") throw forbidden("Paths cannot contain “.” or “..”.");
    return validateName(name);
  });
}

/** The key a path's locks are stored under: "/" for the top, else "/a/b", lower-cased (names compare case-insensitively). */
export function lockPathOf(path: DavPath): string {
  return `/${path.join("/")}`.toLowerCase();
}

/** The URL path (percent-encoded) of a WebDAV path; folders end in "/". */
export function hrefOf(path: DavPath, isFolder: boolean): string {
  const encoded = path.map((name) => encodeURIComponent(name)).join("/");
  if (path.length === 0) return `${DAV_PREFIX}/`;
  return `${DAV_PREFIX}/${encoded}${isFolder ? "/" : ""}`;
}

/**
 * The path a Destination header names. It may be absolute or a path; either way it must be on
 * this server (the request's own origin or PUBLIC_URL's) and under `/dav/`. Another server is
 * 502 Bad Gateway, as RFC 4918 says; anything else outside WebDAV is 403.
 */
export function parseDestination(header: string | undefined, requestUrl: string, publicUrl?: string): DavPath {
  if (!header) throw badRequest("missing_destination", "COPY and MOVE need a Destination header.");
  let url: URL;
  try {
    url = new URL(header, requestUrl);
  } catch {
    throw badRequest("invalid_destination", "The Destination header is not a URL.");
  }
  const own = new URL(requestUrl);
  const origins = new Set([own.origin]);
  if (publicUrl) origins.add(new URL(publicUrl).origin);
  if (!origins.has(url.origin) || url.username || url.password)
    throw new HttpError(502, "other_server", "The Destination is on another server.");
  if (url.pathname !== DAV_PREFIX && !url.pathname.startsWith(`${DAV_PREFIX}/`))
    throw forbidden("The Destination must be under /dav/.");
  return parseDavPath(url.pathname);
}

/** What a path names: the top of the Drive, one of the owner's live items, or nothing yet. */
export type Resolved =
  | { kind: "root" }
  | { kind: "item"; item: FileRow; parentId: string | null }
  /** Nothing there; `parentId` is the folder it would go in, or undefined when that folder is missing. */
  | { kind: "missing"; parentId: string | null | undefined; name: string };

/** Walks a path from the owner's top level, one name at a time. */
export async function resolvePath(services: Pick<Services, "db">, ownerId: string, path: DavPath): Promise<Resolved> {
  if (path.length === 0) return { kind: "root" };
  let parentId: string | null = null;
  for (let i = 0; i < path.length; i++) {
    const name = path[i]!;
    const found = await findByName(services.db, ownerId, parentId, name);
    const last = i === path.length - 1;
    if (!found) return { kind: "missing", parentId: last ? parentId : undefined, name: path.at(-1)! };
    if (last) return { kind: "item", item: found, parentId };
    if (found.kind !== "folder") return { kind: "missing", parentId: undefined, name: path.at(-1)! };
    parentId = found.id;
  }
  throw new Error("unreachable");
}

/** True when `inner` is `outer` or lies below it (compared as lock paths are: case-insensitively). */
export function isWithin(inner: DavPath, outer: DavPath): boolean {
  const a = lockPathOf(inner);
  const b = lockPathOf(outer);
  return a === b || b === "/" || a.startsWith(`${b}/`);
}
