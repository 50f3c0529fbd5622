/**
 * The api isolate: the only public socket's service. It serves the API and the web app and
 * hands upload bodies to the upload isolate untouched (streamed, never buffered here).
 */
import { Hono } from "hono";
import type { ApiBindings } from "../lib/env";
import { notFound } from "../lib/errors";
import { DAV_METHODS } from "../lib/dav-methods";
import { capBodies, onError, sameOriginOnly } from "../http/request";
import { provideServices } from "../http/services";
import { requireAdmin, requireUser } from "../http/session";
import { accountRoutes } from "./account";
import { appPasswordRoutes } from "./app-passwords";
import { albumRoutes } from "./albums";
import { adminAuditRoutes } from "./admin/audit";
import { adminJobRoutes } from "./admin/jobs";
import { adminInviteRoutes } from "./admin/invites";
import { adminSettingsRoutes } from "./admin/settings";
import { adminStorageRoutes } from "./admin/storage";
import { adminUpdateRoutes } from "./admin/update";
import { adminUserRoutes } from "./admin/users";
import { serveAppFile } from "./app-shell";
import { authRoutes, sessionRoutes } from "./auth";
import { browseRoutes } from "./browse";
import { eventRoutes } from "./events";
import { fileRoutes } from "./files";
import { healthRoutes } from "./health";
import { partnerRoutes } from "./partners";
import { photoRoutes } from "./photos";
import { publicShareRoutes } from "./public-shares";
import { securityHeaders } from "./security-headers";
import { shareRoutes } from "./shares";
import { statusRoutes } from "./status";
import { trashRoutes } from "./trash";

/** Paths whose bodies are file content, streamed to the upload isolate without a size cap. */
export const UPLOAD_PATHS = ["/api/files/content", "/api/uploads", "/api/uploads/*"];

const app = new Hono<{ Bindings: ApiBindings }>();

app.use(securityHeaders);
app.use("/api/*", sameOriginOnly);
app.use("/api/*", capBodies(UPLOAD_PATHS));
app.use("/api/*", provideServices);
app.onError(onError);

app.route("/", healthRoutes);
app.put("/api/files/content", (c) => c.env.UPLOAD.fetch(c.req.raw));
const toUploadIsolate = (c: { env: ApiBindings; req: { raw: Request } }) => c.env.UPLOAD.fetch(c.req.raw);
app.on(["POST", "OPTIONS"], "/api/uploads", toUploadIsolate);
app.on(["HEAD", "PATCH", "DELETE", "OPTIONS"], "/api/uploads/:id", toUploadIsolate);
// hono routes HEAD requests to GET handlers, so the HEAD route above never sees one: forward it here.
app.use("/api/uploads/:id", async (c, next) => (c.req.method === "HEAD" ? toUploadIsolate(c) : next()));
// WebDAV (class 1 and 2) lives in the upload isolate: its PUT bodies stream, and it signs in with app passwords.
app.on([...DAV_METHODS], ["/dav", "/dav/", "/dav/:path{.+}"], toUploadIsolate);
app.route("/api", authRoutes);
app.route("/api/public", publicShareRoutes);
// Everything under /api registered after this line needs a signed-in user...
app.use("/api/*", requireUser);
app.route("/api", sessionRoutes);
app.route("/api", accountRoutes);
app.route("/api", appPasswordRoutes);
app.route("/api", eventRoutes);
app.route("/api", fileRoutes);
app.route("/api", photoRoutes);
app.route("/api", albumRoutes);
app.route("/api", partnerRoutes);
app.route("/api", browseRoutes);
app.route("/api", trashRoutes);
app.route("/api", shareRoutes);
app.route("/api", statusRoutes);
// ...and everything under /api/admin an admin.
app.use("/api/admin/*", requireAdmin);
app.route("/api/admin", adminUserRoutes);
app.route("/api/admin", adminInviteRoutes);
app.route("/api/admin", adminSettingsRoutes);
app.route("/api/admin", adminStorageRoutes);
app.route("/api/admin", adminAuditRoutes);
app.route("/api/admin", adminJobRoutes);
app.route("/api/admin", adminUpdateRoutes);
app.all("/api/*", () => {
  throw notFound("No such API route.");
});
app.get("*", provideServices, serveAppFile);

export default app;
