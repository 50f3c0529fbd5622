/** `GET /api/status`: whether Hearth can save anything right now (the web app's read-only and disk-full banner). */
import { Hono } from "hono";
import type { ServerStatusResponse } from "@hearth/contract";
import { serverStatus } from "../core/disk-space";
import type { AuthEnv } from "../http/session";

export const statusRoutes = new Hono<AuthEnv>().get("/status", async (c) =>
  c.json<ServerStatusResponse>(await serverStatus(c.var.services), 200, { "cache-control": "no-store" }),
);
