/** Share links: the owner's side (`/api/shares`) — being written. */
import { Hono } from "hono";
import type { ApiBindings } from "../lib/env";
import type { AuthVariables } from "../lib/session";

export const shareRoutes = new Hono<{ Bindings: ApiBindings; Variables: AuthVariables }>();
