/** PROPFIND and PROPPATCH: listing properties (live and dead) and changing the dead ones. */
import { HttpError } from "../../lib/errors";
import { etagOf, patchProperties, propfindEntries, quotaOf, type DavEntry } from "../../core/webdav";
import { locksOn, type DavLockRow } from "../../core/webdav-locks";
import { hrefOf, lockPathOf } from "../../core/webdav-paths";
import { readSmallBody, xmlResponse, type DavRequest } from "./context";
import { assertMayChange, checkIf } from "./conditions";
import { activeLock } from "./lock";
import {
  child,
  clarkName,
  DAV_NS,
  el,
  foreignEl,
  parseXml,
  splitClark,
  storedValue,
  streamedDocument,
  xmlDocument,
  type Node,
} from "./xml";

/** The live properties, in the order allprop lists them. */
const LIVE = [
  "resourcetype",
  "displayname",
  "getcontentlength",
  "getcontenttype",
  "getetag",
  "getlastmodified",
  "creationdate",
  "supportedlock",
  "lockdiscovery",
  "quota-used-bytes",
  "quota-available-bytes",
] as const;

type Wanted = { kind: "allprop" } | { kind: "propname" } | { kind: "prop"; names: string[] };

const finiteDepth = () => xmlResponse(403, xmlDocument(el("error", [el("propfind-finite-depth")])));

export async function propfind(dav: DavRequest): Promise<Response> {
  const depth = dav.request.headers.get("depth") ?? "infinity";
  if (depth.toLowerCase() === "infinity") return finiteDepth();
  if (depth !== "0" && depth !== "1") throw new HttpError(400, "invalid_depth", "Depth must be 0, 1 or infinity.");
  const body = parseXml(await readSmallBody(dav.request));
  let wanted: Wanted = { kind: "allprop" };
  if (body) {
    if (body.ns !== DAV_NS || body.local !== "propfind") throw new HttpError(400, "invalid_xml", "Send <propfind>.");
    const prop = child(body, "prop");
    if (prop) wanted = { kind: "prop", names: prop.children.map((p) => clarkName(p.ns, p.local)) };
    else if (child(body, "propname")) wanted = { kind: "propname" };
    else if (!child(body, "allprop")) throw new HttpError(400, "invalid_xml", "Send <prop>, <propname> or <allprop>.");
  }
  const { self, children } = await propfindEntries(dav.services, dav.user.id, dav.path, dav.resolved, depth);
  const locks = await locksOn(dav.services, dav.user.id, lockPathOf(dav.path), true);
  // Only a folder has folder children, and quota is shown on folders.
  const quota = !self.row || self.row.file.kind === "folder" ? await quotaOf(dav.services, dav.user.id) : undefined;
  async function* responses() {
    yield [responseFor(self, wanted, locks, quota)];
    for await (const entries of children) yield entries.map((entry) => responseFor(entry, wanted, locks, quota));
  }
  // Sent as it is read: a folder of 20,000 photos is one answer, never held whole.
  return new Response(streamedDocument("multistatus", responses()), {
    status: 207,
    headers: { "content-type": 'application/xml; charset="utf-8"' },
  });
}

type Quota = { used: number; available: number | null } | undefined;

function liveValue(name: string, entry: DavEntry, locks: DavLockRow[], quota: Quota): Node[] | string | undefined {
  const file = entry.row?.file;
  const folder = !file || file.kind === "folder";
  switch (name) {
    case "resourcetype":
      return folder ? [el("collection")] : [];
    case "displayname":
      return file?.name ?? "";
    case "getcontentlength":
      return folder ? undefined : String(file!.size);
    case "getcontenttype":
      return folder ? undefined : (file!.mime ?? "application/octet-stream");
    case "getetag":
      return etagOf(entry.row);
    case "getlastmodified":
      return new Date(file?.updatedAt ?? 0).toUTCString();
    case "creationdate":
      return new Date(file?.createdAt ?? 0).toISOString();
    case "supportedlock":
      return (["exclusive", "shared"] as const).map((scope) =>
        el("lockentry", [el("lockscope", [el(scope)]), el("locktype", [el("write")])]),
      );
    case "lockdiscovery": {
      const path = lockPathOf(entry.path);
      const covering = locks.filter(
        (l) => l.path === path || (l.depth === "infinity" && (l.path === "/" || path.startsWith(`${l.path}/`))),
      );
      return covering.map((l) => activeLock(l));
    }
    case "quota-used-bytes":
      return folder && quota ? String(quota.used) : undefined;
    case "quota-available-bytes":
      return folder && quota && quota.available !== null ? String(quota.available) : undefined;
  }
  return undefined;
}

function responseFor(entry: DavEntry, wanted: Wanted, locks: DavLockRow[], quota: Quota): Node {
  const isFolder = !entry.row || entry.row.file.kind === "folder";
  const found: Node[] = [];
  const missing: Node[] = [];
  const dead = new Map(entry.deadProperties.map((p) => [p.name, p.value]));
  let index = 0;
  const deadNode = (name: string, value: string | undefined) => {
    const { ns, local } = splitClark(name);
    return foreignEl(ns, local, value, index++);
  };
  if (wanted.kind === "propname") {
    for (const name of LIVE) if (liveValue(name, entry, locks, quota) !== undefined) found.push(el(name));
    for (const name of dead.keys()) found.push(deadNode(name, undefined));
  } else if (wanted.kind === "allprop") {
    for (const name of LIVE) {
      const value = liveValue(name, entry, locks, quota);
      if (value !== undefined) found.push(el(name, value));
    }
    for (const [name, value] of dead) found.push(deadNode(name, value));
  } else {
    for (const name of wanted.names) {
      const { ns, local } = splitClark(name);
      const value = ns === DAV_NS ? liveValue(local, entry, locks, quota) : undefined;
      if (value !== undefined) found.push(el(local, value));
      else if (dead.has(name)) found.push(deadNode(name, dead.get(name)));
      else missing.push(deadNode(name, undefined));
    }
  }
  const propstats: Node[] = [];
  if (found.length > 0 || missing.length === 0) propstats.push(propstat(found, "200 OK"));
  if (missing.length > 0) propstats.push(propstat(missing, "404 Not Found"));
  return el("response", [el("href", hrefOf(entry.path, isFolder)), ...propstats]);
}

const propstat = (props: Node[], status: string) =>
  el("propstat", [el("prop", props), el("status", `HTTP/1.1 ${status}`)]);

export async function proppatch(dav: DavRequest): Promise<Response> {
  if (dav.resolved.kind === "missing") throw new HttpError(404, "not_found", "Nothing is at that address.");
  const tokens = await checkIf(dav);
  await assertMayChange(dav, tokens, [{ path: dav.path }]);
  const body = parseXml(await readSmallBody(dav.request));
  if (!body || body.ns !== DAV_NS || body.local !== "propertyupdate")
    throw new HttpError(400, "invalid_xml", "Send <propertyupdate>.");
  // Instructions apply in document order; the last one for a name wins.
  const changes = new Map<string, { value?: string; element: Node }>();
  const refused: string[] = [];
  let index = 0;
  for (const instruction of body.children) {
    if (instruction.ns !== DAV_NS || (instruction.local !== "set" && instruction.local !== "remove")) continue;
    for (const prop of child(instruction, "prop")?.children ?? []) {
      const name = clarkName(prop.ns, prop.local);
      const element = foreignEl(prop.ns, prop.local, undefined, index++);
      if (prop.ns === DAV_NS) refused.push(name);
      changes.set(name, { value: instruction.local === "set" ? storedValue(prop) : undefined, element });
    }
  }
  const isFolder = dav.resolved.kind !== "item" || dav.resolved.item.kind === "folder";
  const all = [...changes.values()].map((c) => c.element);
  if (refused.length > 0) {
    // Live properties are not set by clients; the whole PROPPATCH fails (it is atomic).
    const stats = [...changes].map(([name, c]) =>
      propstat([c.element], refused.includes(name) ? "403 Forbidden" : "424 Failed Dependency"),
    );
    return xmlResponse(
      207,
      xmlDocument(el("multistatus", [el("response", [el("href", hrefOf(dav.path, isFolder)), ...stats])])),
    );
  }
  const set = [...changes].flatMap(([name, c]) => (c.value !== undefined ? [{ name, value: c.value }] : []));
  const remove = [...changes].flatMap(([name, c]) => (c.value === undefined ? [name] : []));
  await patchProperties(dav.services, dav.user.id, dav.resolved, set, remove);
  return xmlResponse(
    207,
    xmlDocument(el("multistatus", [el("response", [el("href", hrefOf(dav.path, isFolder)), propstat(all, "200 OK")])])),
  );
}
