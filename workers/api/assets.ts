/**
 * The web app's files, from a read-only disk service over the built bundle. Unknown paths get
 * index.html so the single-page app's own routes (/drive/..., /photos) survive a reload.
 */
import type { Context } from "hono";
import type { ApiBindings } from "../lib/env";

// workerd's disk service answers every file as application/octet-stream; browsers refuse
// scripts and styles served that way (nosniff), so the type comes from the extension.
const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  wasm: "application/wasm",
  webp: "image/webp",
  woff: "font/woff",
  css: "text/css; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  ico: "image/x-icon",
  json: "application/json",
  webmanifest: "application/manifest+json",
  woff2: "font/woff2",
  txt: "text/plain; charset=utf-8",
  map: "application/json",
};

export async function serveAsset<E extends { Bindings: ApiBindings }>(c: Context<E>): Promise<Response> {
  const path = new URL(c.req.url).pathname;
  const looksLikeFile = /\.[a-z0-9]+$/i.test(path);
  if (looksLikeFile && !path.includes("..")) {
    const file = await c.env.ASSETS.fetch(`http://assets${path}`, { method: c.req.method === "HEAD" ? "HEAD" : "GET" });
    if (file.ok) {
      const headers = new Headers(file.headers);
      headers.set(
        "content-type",
        TYPES[path.slice(path.lastIndexOf(".") + 1).toLowerCase()] ?? "application/octet-stream",
      );
      // Vite puts a content hash in every asset name under /assets/, so they never change.
      headers.set("cache-control", path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
      return new Response(file.body, { status: 200, headers });
    }
    await file.body?.cancel();
    return c.json({ error: { code: "not_found", message: "Not found." } }, 404);
  }
  const index = await c.env.ASSETS.fetch("http://assets/index.html");
  const headers = new Headers(index.headers);
  headers.set("content-type", "text/html; charset=utf-8");
  headers.set("cache-control", "no-cache");
  return new Response(index.body, { status: index.ok ? 200 : 503, headers });
}
