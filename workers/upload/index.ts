/**
 * The upload isolate: receives upload requests from the api isolate (a service binding, so bodies
 * stream straight through) and stores them. Resumable tus uploads will live here too.
 */
import { Hono } from "hono";
import type { UploadBindings } from "../lib/env";
import { onError } from "../lib/http";
import { requireUser, type AuthVariables } from "../lib/session";
import { putContent } from "./put-content";

const app = new Hono<{ Bindings: UploadBindings; Variables: AuthVariables }>();
app.onError(onError);
app.put("/api/files/content", requireUser, putContent);

export default app;
