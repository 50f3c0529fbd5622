/**
 * The upload isolate: receives upload requests from the api isolate (a service binding, so bodies
 * stream straight through) and stores them: single-request uploads and resumable tus uploads.
 */
import { Hono } from "hono";
import type { UploadBindings } from "../lib/env";
import { onError } from "../http/request";
import { provideServices } from "../http/services";
import { requireUser, type AuthVariables } from "../http/session";
import { uploadTurns } from "../http/upload-gate";
import { handleDav } from "./dav";
import { putContent } from "./put-content";
import { tusRoutes } from "./tus";

const app = new Hono<{ Bindings: UploadBindings; Variables: AuthVariables }>();
app.onError(onError);
// File bodies take turns, so listings and pages stay quick while many uploads run (upload-gate.ts).
app.use("*", uploadTurns);
app.use("/api/*", provideServices);
app.use("/api/*", requireUser);
app.put("/api/files/content", putContent);
app.route("/api/uploads", tusRoutes);
app.all("/dav", handleDav);
app.all("/dav/*", handleDav);

export default app;
