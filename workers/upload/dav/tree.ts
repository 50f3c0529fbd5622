/** MKCOL, DELETE, COPY and MOVE: the tree-changing methods, each through core/webdav.ts. */
import { deleteResource, makeCollection, transfer } from "../../core/webdav";
import { parseDestination } from "../../core/webdav-paths";
import { HttpError } from "../../lib/errors";
import type { DavRequest } from "./context";
import { assertMayChange, checkIf } from "./conditions";

export async function mkcol(dav: DavRequest): Promise<Response> {
  const length = dav.request.headers.get("content-length");
  if ((length !== null && length !== "0") || dav.request.headers.has("transfer-encoding")) {
    await dav.request.body?.cancel();
    throw new HttpError(415, "unsupported_media_type", "MKCOL takes no body.");
  }
  if (dav.resolved.kind === "missing") {
    const tokens = await checkIf(dav);
    await assertMayChange(dav, tokens, [{ path: dav.path, membership: true }]);
  }
  await makeCollection(dav.services, dav.user.id, dav.resolved);
  return new Response(null, { status: 201 });
}

export async function remove(dav: DavRequest): Promise<Response> {
  const tokens = await checkIf(dav);
  if (dav.resolved.kind === "item")
    await assertMayChange(dav, tokens, [{ path: dav.path, deep: true, membership: true }]);
  await deleteResource(dav.services, dav.user.id, dav.path, dav.resolved);
  return new Response(null, { status: 204 });
}

export async function copyOrMove(dav: DavRequest, kind: "copy" | "move"): Promise<Response> {
  const destination = parseDestination(
    dav.request.headers.get("destination") ?? undefined,
    dav.request.url,
    dav.env.PUBLIC_URL,
  );
  const overwriteHeader = (dav.request.headers.get("overwrite") ?? "T").toUpperCase();
  if (overwriteHeader !== "T" && overwriteHeader !== "F")
    throw new HttpError(400, "invalid_overwrite", "Overwrite is T or F.");
  const depth = (dav.request.headers.get("depth") ?? "infinity").toLowerCase();
  if (depth !== "0" && depth !== "infinity") throw new HttpError(400, "invalid_depth", "Depth must be 0 or infinity.");
  if (kind === "move" && depth !== "infinity") throw new HttpError(400, "invalid_depth", "MOVE takes Depth: infinity.");
  const tokens = await checkIf(dav);
  const changes = [{ path: destination, deep: true, membership: true }];
  if (kind === "move") changes.push({ path: dav.path, deep: true, membership: true });
  await assertMayChange(dav, tokens, changes);
  const existed = await transfer(dav.services, dav.user.id, kind, {
    source: dav.path,
    destination,
    overwrite: overwriteHeader === "T",
    shallow: depth === "0",
  });
  return new Response(null, { status: existed ? 204 : 201 });
}
