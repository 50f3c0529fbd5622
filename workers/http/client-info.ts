/** Who is asking: the client's address and a readable name for their device. */
import type { Context } from "hono";

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

const BROWSERS: [RegExp, string][] = [
  [/Edg\//, "Edge"],
  [/OPR\//, "Opera"],
  [/Firefox\//, "Firefox"],
  [/Chrome\//, "Chrome"],
  [/Safari\//, "Safari"],
  [/curl\//, "curl"],
];
const SYSTEMS: [RegExp, string][] = [
  [/Android/, "Android"],
  [/iPhone|iPad|iPod/, "iOS"],
  [/Windows/, "Windows"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/CrOS/, "ChromeOS"],
  [/Linux/, "Linux"],
];

/** "Firefox on Linux" from a User-Agent; "Unknown device" when it says nothing useful. */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const browser = BROWSERS.find(([re]) => re.test(userAgent))?.[1];
  const system = SYSTEMS.find(([re]) => re.test(userAgent))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? "Unknown device";
}
