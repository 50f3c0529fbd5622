/** What every WebDAV method handler gets: the request, its services, the signed-in user and the path. */
import type { User } from "@hearth/contract";
import type { Services } from "../../core/services";
import type { DavPath, Resolved } from "../../core/webdav-paths";
import type { UploadBindings } from "../../lib/env";

export interface DavRequest {
  request: Request;
  env: UploadBindings;
  services: Services;
  user: User;
  path: DavPath;
  resolved: Resolved;
}

/** Reads a small XML request body (PROPFIND, PROPPATCH, LOCK); bigger bodies are refused. */
export async function readSmallBody(request: Request, limit = 256 * 1024): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw Object.assign(new Error("too large"), { davStatus: 413 });
    }
    chunks.push(value);
  }
  const joined = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(joined);
}

export const xmlResponse = (status: number, xml: string, headers: Record<string, string> = {}) =>
  new Response(xml, { status, headers: { "content-type": 'application/xml; charset="utf-8"', ...headers } });
