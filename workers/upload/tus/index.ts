/** tus 1.0 resumable uploads at /api/uploads (being written). */
import { Hono } from "hono";
import type { UploadBindings } from "../../lib/env";
import type { AuthVariables } from "../../lib/session";

export const tusRoutes = new Hono<{ Bindings: UploadBindings; Variables: AuthVariables }>();
