/**
 * WebDAV at /dav/ (class 1 and 2), served by the upload isolate because PUT bodies stream. Each
 * request signs in with HTTP Basic (the user's email and an app password: core/app-passwords.ts),
 * its path is resolved inside that user's Drive (core/webdav-paths.ts), and the method runs
 * through the same core rules as the web app.
 */
import type { Context } from "hono";
import { authenticateDav, parseBasicAuth } from "../../core/app-passwords";
import { parseDavPath, resolvePath } from "../../core/webdav-paths";
import { clientOf } from "../../http/client-info";
import { servicesFor } from "../../http/services";
import { DAV_METHODS } from "../../lib/dav-methods";
import type { UploadBindings } from "../../lib/env";
import { errorResponse, HttpError } from "../../lib/errors";
import type { DavRequest } from "./context";
import { lock, unlock } from "./lock";
import { propfind, proppatch } from "./properties";
import { get, put } from "./put";
import { copyOrMove, mkcol, remove } from "./tree";

const HANDLERS: Record<string, (dav: DavRequest) => Promise<Response>> = {
  GET: get,
  HEAD: get,
  PUT: put,
  DELETE: remove,
  PROPFIND: propfind,
  PROPPATCH: proppatch,
  MKCOL: mkcol,
  COPY: (dav) => copyOrMove(dav, "copy"),
  MOVE: (dav) => copyOrMove(dav, "move"),
  LOCK: lock,
  UNLOCK: unlock,
};

const options = () =>
  new Response(null, {
    headers: {
      dav: "1, 2",
      allow: DAV_METHODS.join(", "),
      "ms-author-via": "DAV",
    },
  });

export async function handleDav(c: Context<{ Bindings: UploadBindings }>): Promise<Response> {
  const request = c.req.raw;
  try {
    // Clients probe with OPTIONS before they send credentials; what it says is no secret.
    if (request.method === "OPTIONS") return options();
    const handler = HANDLERS[request.method];
    if (!handler) throw new HttpError(405, "method_not_allowed", `${request.method} is not a WebDAV method here.`);
    const services = servicesFor(c.env);
    const user = await authenticateDav(
      services,
      parseBasicAuth(request.headers.get("authorization") ?? undefined),
      clientOf(c),
    );
    const path = parseDavPath(new URL(request.url).pathname);
    const resolved = await resolvePath(services, user.id, path);
    return await handler({ request, env: c.env, services, user, path, resolved });
  } catch (error) {
    // A body nobody read must not keep the connection waiting.
    await request.body?.cancel().catch(() => {});
    const response = errorResponse(error);
    if (response.status === 401) response.headers.set("www-authenticate", 'Basic realm="Hearth", charset="UTF-8"');
    if (response.status === 405) response.headers.set("allow", DAV_METHODS.join(", "));
    return response;
  }
}
