/** Who is asking: the client's address and User-Agent, as the rules in core/ record them. */
import type { Context } from "hono";
import type { ClientInfo } from "../core/sessions";

/**
 * The client's IP address. workerd reports the peer as `request.cf.clientIp` ("ip:port"). Behind
 * a reverse proxy every request comes from the proxy, so with TRUST_PROXY=true the first
 * X-Forwarded-For entry is used instead (only set that when a proxy always overwrites it).
 */
export function clientIp(c: Context): string | null {
  const env = c.env as { TRUST_PROXY?: string } | undefined;
  if (env?.TRUST_PROXY === "true") {
    const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  const peer = (c.req.raw as Request & { cf?: { clientIp?: string } }).cf?.clientIp;
  if (!peer) return null;
  // "127.0.0.1:4711" or "[::1]:4711" → the address without the port.
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(peer);
  if (bracketed) return bracketed[1]!;
  return peer.replace(/:\d+$/, "");
}

/** The request's address and User-Agent, for sessions and the audit log. */
export function clientOf(c: Context): ClientInfo {
  return { ip: clientIp(c), userAgent: c.req.header("user-agent") ?? null };
}
