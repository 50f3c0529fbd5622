/**
 * The api isolate: the only public socket's service. It serves the API and the web app and
 * hands upload bodies to the upload isolate untouched (streamed, never buffered here).
 */
import { Hono } from "hono";
import type { ApiBindings } from "../lib/env";
import { notFound } from "../lib/errors";
import { onError, sameOriginOnly } from "../lib/http";
import { requireUser } from "../lib/session";
import { serveAsset } from "./assets";
import { authRoutes, sessionRoutes } from "./auth";
import { eventRoutes } from "./events";
import { fileRoutes } from "./files";
import { healthRoutes } from "./health";
import { securityHeaders } from "./security-headers";

const app = new Hono<{ Bindings: ApiBindings }>();

app.use(securityHeaders);
app.use("/api/*", sameOriginOnly);
app.onError(onError);

app.route("/", healthRoutes);
app.put("/api/files/content", (c) => c.env.UPLOAD.fetch(c.req.raw));
app.route("/api", authRoutes);
// Everything under /api registered after this line needs a signed-in user.
app.use("/api/*", requireUser);
app.route("/api", sessionRoutes);
app.route("/api", eventRoutes);
app.route("/api", fileRoutes);
app.all("/api/*", () => {
  throw notFound("No such API route.");
});
app.get("*", serveAsset);

export default app;
