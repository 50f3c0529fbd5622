/** Share links: what people without an account see (`/api/public/:token/...`) — being written. */
import { Hono } from "hono";
import type { ApiBindings } from "../lib/env";

export const publicShareRoutes = new Hono<{ Bindings: ApiBindings }>();
