/**
 * tus 1.0 resumable uploads at /api/uploads (behind requireUser): core protocol plus the
 * creation, creation-with-upload, creation-defer-length, termination, expiration and checksum
 * extensions. This file only wires routes; see append.ts (storing data), completion.ts (becoming
 * a file) and chunk-store.ts (where the bytes wait).
 */
import { Hono } from "hono";
import { loadOwnedUpload, type TusEnv } from "./context";
import { createUpload } from "./create";
import { patchUpload } from "./patch";
import { describeServer, requireTusVersion, tusResponseHeaders } from "./protocol";
import { uploadStatus } from "./status";
import { terminateUpload } from "./terminate";

export const tusRoutes = new Hono<TusEnv>();

tusRoutes.use("*", tusResponseHeaders);
// Ownership before the version check: someone else's upload id is simply not found.
tusRoutes.use("/:id", loadOwnedUpload);
tusRoutes.use("*", requireTusVersion);

tusRoutes.options("/", describeServer);
tusRoutes.options("/:id", describeServer);
tusRoutes.post("/", createUpload);
// hono answers HEAD with the GET route (and drops the body).
tusRoutes.get("/:id", uploadStatus);
tusRoutes.patch("/:id", patchUpload);
tusRoutes.delete("/:id", terminateUpload);
