/**
 * The web app's files (assets.ts), with the app page's CSP opened to the map's street-detail origin
 * when an admin set one: the CSP of the page is what governs the map's requests, so only the HTML
 * needs it, and only the HTML pays the one settings read.
 */
import type { Context } from "hono";
import { mapTileOrigin } from "../core/household-settings";
import type { ServicesVariables } from "../http/services";
import type { ApiBindings } from "../lib/env";
import { serveAsset } from "./assets";
import { contentSecurityPolicy } from "./security-headers";

export async function serveAppFile(c: Context<{ Bindings: ApiBindings; Variables: ServicesVariables }>) {
  const response = await serveAsset(c);
  if (!response.headers.get("content-type")?.startsWith("text/html")) return response;
  const origin = await mapTileOrigin(c.var.services);
  if (origin) response.headers.set("content-security-policy", contentSecurityPolicy(origin));
  return response;
}
