/**
 * Every API route, taken from the router itself, checked for who may use it: without a session
 * it is 401, a second ordinary user gets 404 (or 403) on the first user's objects, and a member
 * gets 403 on admin routes. A route missing from ACCESS below fails this suite, so a new route
 * cannot ship without deciding who may call it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Client } from "./harness/client";
import { removeDataDir, ROOT, startHearth, type RunningHearth } from "./harness/hearth";

// The built api isolate's router (the same bundle workerd runs), for its list of routes.
const app = (await import(pathToFileURL(join(ROOT, "dist", "workers", "api.js")).href)).default as {
  routes: { method: string; path: string }[];
};

/** "dav": WebDAV, which signs in with HTTP Basic and an app password only (never a session cookie). */
type Access = "public" | "user" | "admin" | "dav";

/** Who may call each route. `:id` params are filled with an object owned by the first user. */
const ACCESS: Record<string, Access> = {
  "GET /health": "public",
  "GET /api/setup": "public",
  "GET /api/invites/:token": "public",
  "POST /api/auth/register": "public",
  "POST /api/auth/login": "public",
  "POST /api/auth/login/two-factor": "public",
  "GET /api/public/:token": "public",
  "POST /api/public/:token/unlock": "public",
  "GET /api/public/:token/files": "public",
  "GET /api/public/:token/files/:id": "public",
  "GET /api/public/:token/files/:id/content": "public",
  "HEAD /api/public/:token/files/:id/content": "public",
  "GET /api/public/:token/files/:id/thumbnail": "public",
  "GET /api/public/:token/files/:id/preview": "public",
  "HEAD /api/public/:token/files/:id/preview": "public",
  "GET /api/public/:token/zip": "public",
  "PUT /api/files/content": "user",
  "POST /api/uploads": "user",
  "OPTIONS /api/uploads": "user",
  "HEAD /api/uploads/:id": "user",
  "PATCH /api/uploads/:id": "user",
  "DELETE /api/uploads/:id": "user",
  "OPTIONS /api/uploads/:id": "user",
  "POST /api/auth/logout": "user",
  "POST /api/auth/logout-everywhere": "user",
  "GET /api/me": "user",
  "GET /api/status": "user",
  "PATCH /api/me": "user",
  "POST /api/me/password": "user",
  "GET /api/me/sessions": "user",
  "DELETE /api/me/sessions/:id": "user",
  "POST /api/me/two-factor/setup": "user",
  "POST /api/me/two-factor/enable": "user",
  "POST /api/me/two-factor/disable": "user",
  "POST /api/me/two-factor/recovery-codes": "user",
  "GET /api/events": "user",
  "GET /api/files": "user",
  "GET /api/photos": "user",
  "GET /api/photos/months": "user",
  "GET /api/photos/memories": "user",
  "GET /api/photos/archive": "user",
  "GET /api/photos/:id/neighbours": "user",
  "GET /api/photos/search": "user",
  "GET /api/photos/map": "user",
  "GET /api/photos/places": "user",
  "PUT /api/files/:id/archive": "user",
  "DELETE /api/files/:id/archive": "user",
  "POST /api/folders": "user",
  "GET /api/files/:id": "user",
  "PATCH /api/files/:id": "user",
  "DELETE /api/files/:id": "user",
  "GET /api/files/:id/content": "user",
  "HEAD /api/files/:id/content": "user",
  "GET /api/files/:id/thumbnail": "user",
  "GET /api/files/:id/preview": "user",
  "HEAD /api/files/:id/preview": "user",
  "POST /api/files/:id/reprocess": "user",
  "PUT /api/files/:id/star": "user",
  "DELETE /api/files/:id/star": "user",
  "POST /api/files/:id/copy": "user",
  "POST /api/files/:id/restore": "user",
  "GET /api/trash": "user",
  "DELETE /api/trash": "user",
  "DELETE /api/trash/:id": "user",
  "GET /api/search": "user",
  "GET /api/recent": "user",
  "GET /api/starred": "user",
  "GET /api/zip": "user",
  "GET /api/people": "user",
  "GET /api/albums": "user",
  "POST /api/albums": "user",
  "GET /api/albums/:id": "user",
  "PATCH /api/albums/:id": "user",
  "DELETE /api/albums/:id": "user",
  "POST /api/albums/:id/items": "user",
  "DELETE /api/albums/:id/items": "user",
  "PUT /api/albums/:id/members/:userId": "user",
  "DELETE /api/albums/:id/members/:userId": "user",
  "GET /api/albums/:id/items/:fileId/thumbnail": "user",
  "GET /api/albums/:id/items/:fileId/content": "user",
  "HEAD /api/albums/:id/items/:fileId/content": "user",
  "GET /api/albums/:id/items/:fileId/preview": "user",
  "HEAD /api/albums/:id/items/:fileId/preview": "user",
  "GET /api/partners": "user",
  "PUT /api/partners/:userId": "user",
  "PATCH /api/partners/:userId": "user",
  "DELETE /api/partners/:userId": "user",
  "GET /api/partners/:userId/photos": "user",
  "GET /api/partners/:userId/photos/months": "user",
  "GET /api/partners/:userId/photos/:fileId/neighbours": "user",
  "GET /api/partners/:userId/photos/:fileId/thumbnail": "user",
  "GET /api/partners/:userId/photos/:fileId/content": "user",
  "HEAD /api/partners/:userId/photos/:fileId/content": "user",
  "GET /api/partners/:userId/photos/:fileId/preview": "user",
  "HEAD /api/partners/:userId/photos/:fileId/preview": "user",
  "POST /api/shares": "user",
  "GET /api/shares": "user",
  "DELETE /api/shares/:id": "user",
  "GET /api/admin/users": "admin",
  "POST /api/admin/users": "admin",
  "PATCH /api/admin/users/:id": "admin",
  "DELETE /api/admin/users/:id": "admin",
  "GET /api/admin/invites": "admin",
  "POST /api/admin/invites": "admin",
  "DELETE /api/admin/invites/:id": "admin",
  "GET /api/admin/settings": "admin",
  "PATCH /api/admin/settings": "admin",
  "GET /api/admin/audit": "admin",
  "GET /api/me/app-passwords": "user",
  "POST /api/me/app-passwords": "user",
  "DELETE /api/me/app-passwords/:id": "user",
  "GET /api/admin/jobs": "admin",
  "GET /api/admin/storage": "admin",
  "GET /api/admin/version": "admin",
  "GET /api/admin/update/releases": "admin",
  "POST /api/admin/update/start": "admin",
  "GET /api/admin/update/status": "admin",
  "GET /api/admin/update/stream": "admin",
  "POST /api/admin/update/cancel": "admin",
  "POST /api/admin/update/rollback": "admin",
  "PUT /api/admin/update/settings": "admin",
  "POST /api/admin/jobs/:id/retry": "admin",
  "POST /api/admin/storage/collect": "admin",
};
// WebDAV's methods on /dav, /dav/ and every path below. OPTIONS says what the server speaks, to anyone.
const DAV_METHODS = [
  "OPTIONS",
  "GET",
  "HEAD",
  "PUT",
  "DELETE",
  "PROPFIND",
  "PROPPATCH",
  "MKCOL",
  "COPY",
  "MOVE",
  "LOCK",
  "UNLOCK",
];
for (const method of DAV_METHODS)
  for (const path of ["/dav", "/dav/", "/dav/:path{.+}"])
    ACCESS[`${method} ${path}`] = method === "OPTIONS" ? "public" : "dav";

/** The API routes the router knows, as "METHOD /path" (middleware and catch-alls left out). */
function routerRoutes(): string[] {
  const routes = new Set<string>();
  for (const route of app.routes) {
    if (route.method === "ALL" || route.path.includes("*")) continue;
    routes.add(`${route.method} ${route.path}`);
  }
  return [...routes].sort();
}

describe("authorization of every route", () => {
  let hearth: RunningHearth;
  const owner = {
    client: null as unknown as Client,
    fileId: "",
    folderId: "",
    sessionId: "",
    albumId: "",
    photoId: "",
  };
  let otherId = "";
  let other: Client;
  let anonymous: Client;

  beforeAll(async () => {
    hearth = await startHearth();
    owner.client = new Client(hearth.url);
    await owner.client.register("first@example.com", "first user password", "First");
    owner.fileId = (
      await owner.client.upload("secret.txt", new TextEncoder().encode("only mine") as Uint8Array<ArrayBuffer>)
    ).body.id;
    owner.folderId = (await owner.client.json("POST", "/api/folders", { parentId: "root", name: "Private" })).body.id;
    owner.sessionId = (await owner.client.json("GET", "/api/me/sessions")).body.sessions[0].id;
    const created = await owner.client.json("POST", "/api/admin/users", {
      email: "second@example.com",
      password: "second user password",
      name: "Second",
    });
    expect(created.status).toBe(201);
    otherId = created.body.id;
    // An album of the first user's, with a photo in it: the second user is no member.
    const png = new Uint8Array(readFileSync(join(ROOT, "tests", "fixtures", "small.png"))) as Uint8Array<ArrayBuffer>;
    owner.photoId = (await owner.client.upload("photo.png", png)).body.id;
    owner.albumId = (
      await owner.client.json("POST", "/api/albums", { name: "Ours", fileIds: [owner.photoId] })
    ).body.id;
    expect(owner.albumId).toBeTruthy();
    other = new Client(hearth.url);
    expect((await other.login("second@example.com", "second user password")).status).toBe(200);
    anonymous = new Client(hearth.url);
  });
  afterAll(async () => {
    await hearth?.stop();
    if (hearth) removeDataDir(hearth.dataDir);
  });

  it("every route the router has is listed here, and every listed route exists", () => {
    const routes = routerRoutes();
    expect(routes.filter((r) => !(r in ACCESS))).toEqual([]);
    expect(Object.keys(ACCESS).filter((r) => !routes.includes(r))).toEqual([]);
  });

  const fill = (path: string) =>
    path
      .replace("/api/me/sessions/:id", `/api/me/sessions/${owner.sessionId}`)
      .replace("/api/files/:id", `/api/files/${owner.fileId}`)
      .replace("/api/albums/:id", `/api/albums/${owner.albumId}`)
      .replace(":fileId", owner.photoId)
      .replace(":userId", otherId)
      .replace("/api/photos/:id", `/api/photos/${owner.fileId}`)
      .replace("/dav/:path{.+}", "/dav/secret.txt")
      .replace(/:id|:token/, "someid");

  const call = (client: Client, key: string) => {
    const [method, path] = key.split(" ") as [string, string];
    const body =
      key === "PUT /api/files/content"
        ? { body: "x" }
        : ["POST", "PATCH", "PUT", "DELETE"].includes(method)
          ? { json: {} }
          : {};
    if (ACCESS[key] === "dav") return client.request(method, fill(path), davRequest(method));
    return client.request(
      method,
      fill(path) + (key === "PUT /api/files/content" ? "?parent=root&name=x.txt" : ""),
      body,
    );
  };

  /** What a WebDAV client would send with each method (a Destination, a depth, a body). */
  const davRequest = (method: string) => ({
    headers: {
      depth: method === "MOVE" ? "infinity" : "0",
      destination: `${hearth.url}/dav/copied.txt`,
      "lock-token": "<opaquelocktoken:x>",
      ...(method === "LOCK" || method === "PROPFIND" || method === "PROPPATCH"
        ? { "content-type": "application/xml" }
        : {}),
    },
    body:
      method === "PUT"
        ? "x"
        : method === "LOCK"
          ? '<?xml version="1.0"?><D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockinfo>'
          : undefined,
  });

  it("WebDAV takes an app password only: no session cookie, no account password, and another user's reaches nothing of the first's", async () => {
    const failures: string[] = [];
    const davKeys = Object.keys(ACCESS).filter((k) => ACCESS[k] === "dav");
    // The first user's own session cookie does not sign WebDAV in (it would make WebDAV forgeable cross-site).
    for (const key of davKeys) {
      const response = await call(owner.client, key);
      await response.body?.cancel();
      if (response.status !== 401 || !response.headers.get("www-authenticate")?.startsWith('Basic realm="Hearth"'))
        failures.push(`${key} with a session cookie → ${response.status}`);
    }
    // Nor does the account password.
    const withAccountPassword = new Client(hearth.url);
    for (const key of davKeys) {
      const [method, path] = key.split(" ") as [string, string];
      const init = davRequest(method);
      const basic = `Basic ${Buffer.from("first@example.com:first user password").toString("base64")}`;
      const response = await withAccountPassword.request(method, fill(path), {
        ...init,
        headers: { ...init.headers, authorization: basic },
      });
      await response.body?.cancel();
      // 429 once the refusals add up: WebDAV sign-in is throttled like the web's.
      if (response.status !== 401 && response.status !== 429)
        failures.push(`${key} with the account password → ${response.status}`);
    }
    // The second user's app password: every method on the first user's file's path finds nothing there.
    const created = await other.json("POST", "/api/me/app-passwords", { name: "probe" });
    const basic = `Basic ${Buffer.from(`second@example.com:${created.body.password}`).toString("base64")}`;
    for (const key of davKeys.filter((k) => k.endsWith(":path{.+}"))) {
      const [method, path] = key.split(" ") as [string, string];
      if (method === "PUT" || method === "MKCOL" || method === "LOCK") continue; // these create in the caller's own tree
      const init = davRequest(method);
      const response = await other.request(method, fill(path), {
        ...init,
        headers: { ...init.headers, authorization: basic },
      });
      const text = await response.text();
      if (response.status !== 404 && response.status !== 409)
        failures.push(`${key} as the second user → ${response.status}`);
      if (text.includes("only mine")) failures.push(`${key} as the second user showed the first user's bytes`);
    }
    expect(failures).toEqual([]);
    expect(await (await owner.client.request("GET", `/api/files/${owner.fileId}/content`)).text()).toBe("only mine");
  });

  it("without a session, every non-public route answers 401", async () => {
    const failures: string[] = [];
    for (const [key, access] of Object.entries(ACCESS)) {
      if (access === "public") continue;
      const response = await call(anonymous, key);
      await response.body?.cancel();
      if (response.status !== 401) failures.push(`${key} → ${response.status}`);
    }
    expect(failures).toEqual([]);
  });

  it("an ordinary member gets 403 on every admin route", async () => {
    const failures: string[] = [];
    for (const [key, access] of Object.entries(ACCESS)) {
      if (access !== "admin") continue;
      const response = await call(other, key);
      await response.body?.cancel();
      if (response.status !== 403) failures.push(`${key} → ${response.status}`);
    }
    expect(failures).toEqual([]);
  });

  it("partner sharing: someone the first user shares nothing with reaches none of the photos shared with a partner", async () => {
    // The first user shares their whole library with a third member, the partner.
    const created = await owner.client.json("POST", "/api/admin/users", {
      email: "partner@example.com",
      password: "partner user password",
      name: "Partner",
    });
    const partnerId = created.body.id as string;
    const partner = new Client(hearth.url);
    expect((await partner.login("partner@example.com", "partner user password")).status).toBe(200);
    expect((await owner.client.json("PUT", `/api/partners/${partnerId}`, {})).status).toBe(200);
    const ownerId = (await owner.client.json("GET", "/api/me")).body.user.id as string;
    const partnerRoutes = Object.keys(ACCESS).filter((k) => k.includes("/api/partners/:userId"));
    const path = (key: string) =>
      key.split(" ")[1]!.replace(":userId", ownerId).replace(":fileId", owner.photoId) +
      (key.includes("thumbnail") ? "?size=240" : "");
    // The partner reaches the shared photo (so the refusals below are about who asks, not what).
    expect((await partner.json("GET", path("GET /api/partners/:userId/photos"))).body.items).toHaveLength(1);
    expect((await partner.request("GET", path("GET /api/partners/:userId/photos/:fileId/content"))).status).toBe(200);
    // The second user, with no share from the first, gets 404 on every partner route naming the first user;
    // PUT would share the second user's own photos with the first, which is theirs to do, so it is left out.
    const failures: string[] = [];
    for (const key of partnerRoutes) {
      if (key.startsWith("PUT ")) continue;
      const [method] = key.split(" ") as [string];
      const response = await other.request(
        method,
        path(key),
        ["PATCH", "DELETE"].includes(method) ? { json: { showInTimeline: true } } : {},
      );
      const text = await response.text();
      if (response.status !== 404) failures.push(`${key} → ${response.status}`);
      if (text.includes(owner.photoId)) failures.push(`${key} showed the first user's photo`);
    }
    expect(failures).toEqual([]);
    // Every partner route was tried (PUT aside), and the second user's list holds nothing of the first's.
    expect(partnerRoutes.length).toBe(11);
    expect((await other.json("GET", "/api/partners")).body).toEqual({ sharedByMe: [], sharedWithMe: [] });
    // The share is unchanged: the partner still has it, not shown in the timeline.
    const listed = (await partner.json("GET", "/api/partners")).body.sharedWithMe;
    expect(listed).toMatchObject([{ user: { id: ownerId }, showInTimeline: false, from: null, folders: null }]);
    expect((await owner.client.request("DELETE", `/api/partners/${partnerId}`)).status).toBe(204);
  });

  it("a second user gets 404 on the first user's objects, and they stay unchanged", async () => {
    const failures: string[] = [];
    for (const key of Object.keys(ACCESS).filter((k) => ACCESS[k] === "user" && k.includes(":id"))) {
      const response = await call(other, key);
      await response.body?.cancel();
      if (response.status !== 404 && response.status !== 403) failures.push(`${key} → ${response.status}`);
    }
    expect(failures).toEqual([]);
    // The first user's album is unchanged, with its photo, and shared with no one.
    const album = await owner.client.json("GET", `/api/albums/${owner.albumId}`);
    expect(album.body.album).toMatchObject({ name: "Ours", count: 1, members: [] });
    // The first user's file, folder and session are all still there.
    expect((await owner.client.json("GET", `/api/files/${owner.fileId}`)).status).toBe(200);
    expect(await (await owner.client.request("GET", `/api/files/${owner.fileId}/content`)).text()).toBe("only mine");
    expect((await owner.client.json("GET", "/api/me")).status).toBe(200);
    // Nor can the second user list or write into the first user's folder.
    expect((await other.json("GET", `/api/files?parent=${owner.folderId}`)).status).toBe(404);
    expect((await other.json("POST", "/api/folders", { parentId: owner.folderId, name: "sneaky" })).status).toBe(404);
    expect(
      (await other.request("PUT", `/api/files/content?parent=${owner.folderId}&name=x.txt`, { body: "x" })).status,
    ).toBe(404);
    expect((await other.json("PATCH", `/api/files/${owner.fileId}`, { parentId: "root" })).status).toBe(404);
    // The second user's own listing shows nothing of the first user's.
    expect((await other.json("GET", "/api/files?parent=root")).body.items).toEqual([]);
  });
});
