/** Headers on every response of the app's origin: a strict CSP and the usual hardening. */
import type { MiddlewareHandler } from "hono";

/**
 * The app's CSP. `mapOrigin`: the one outside origin the Places map may load tiles and styles from,
 * set by an admin (household-settings.ts); without it the page reaches nothing but Hearth. MapLibre
 * runs its tile worker from a blob: URL, hence worker-src.
 */
export function contentSecurityPolicy(mapOrigin: string | null = null): string {
  const extra = mapOrigin ? ` ${mapOrigin}` : "";
  return [
    "default-src 'self'",
    "script-src 'self'",
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' blob: data:${extra}`,
    "media-src 'self' blob:",
    `connect-src 'self'${extra}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const CSP = contentSecurityPolicy();

export const securityHeaders: MiddlewareHandler<{ Bindings: { PUBLIC_URL: string } }> = async (c, next) => {
  const started = Date.now();
  await next();
  // Responses passed through from other isolates (uploads, events) have immutable headers.
  c.res = new Response(c.res.body, c.res);
  const h = c.res.headers;
  // User content responses carry their own, stricter sandbox policy.
  if (!h.has("content-security-policy")) h.set("content-security-policy", CSP);
  h.set("x-content-type-options", "nosniff");
  h.set("referrer-policy", "same-origin");
  h.set("x-frame-options", "DENY");
  if (c.env.PUBLIC_URL.startsWith("https:")) h.set("strict-transport-security", "max-age=31536000");
  // Time spent in the server until the response started (workerd's clock moves on I/O, which
  // is where a request's time goes); the benchmark reads it.
  if (!h.has("server-timing")) h.set("server-timing", `app;dur=${Date.now() - started}`);
};
