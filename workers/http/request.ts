/** Request plumbing shared by the edge isolates: JSON bodies, same-origin checks, error mapping. */
import type { Context, ErrorHandler, MiddlewareHandler } from "hono";
import { badRequest, errorResponse, forbidden, HttpError } from "../lib/errors";

/** JSON bodies are small; anything bigger is refused before it is read whole. */
export const JSON_BODY_LIMIT = 64 * 1024;

/** Reads a body as text, stopping (413) as soon as it passes `limit` bytes: never buffers more. */
async function readCapped(body: ReadableStream<Uint8Array> | null, limit: number): Promise<string> {
  if (!body) return "";
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new HttpError(413, "body_too_large", "The request body is too large.");
    }
    chunks.push(value);
  }
  const joined = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(joined);
  } catch {
    throw badRequest("invalid_json", "The request body is not valid UTF-8 JSON.");
  }
}

/** Reads a JSON object body, refusing wrong content types, oversized and malformed bodies. */
export async function readJson<T extends object>(c: Context): Promise<Partial<T>> {
  const type = c.req.header("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/json"))
    throw new HttpError(415, "unsupported_media_type", "Send JSON (Content-Type: application/json).");
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > JSON_BODY_LIMIT) throw new HttpError(413, "body_too_large", "The request body is too large.");
  const text = await readCapped(c.req.raw.body, JSON_BODY_LIMIT);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest("invalid_json", "The request body is not valid JSON.");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw badRequest("invalid_json", "Send a JSON object.");
  return value as Partial<T>;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request forgery guard: a state-changing request that a browser marks as coming
 * from another site is refused. Clients that are not browsers send no Origin and pass.
 */
export const sameOriginOnly: MiddlewareHandler = async (c, next) => {
  if (!SAFE_METHODS.has(c.req.method)) {
    const origin = c.req.header("origin");
    const site = c.req.header("sec-fetch-site");
    const own = new URL(c.req.url).origin;
    const publicUrl = (c.env as { PUBLIC_URL?: string } | undefined)?.PUBLIC_URL;
    const allowed =
      origin === undefined || origin === own || (publicUrl !== undefined && origin === new URL(publicUrl).origin);
    if (!allowed || site === "cross-site") throw forbidden("Requests from other sites are not accepted.");
  }
  await next();
};

/**
 * Refuses request bodies over JSON_BODY_LIMIT everywhere but the upload paths: by the declared
 * length at once, and by counting when the length is not declared (chunked bodies).
 */
export function capBodies(uploadPaths: string[]): MiddlewareHandler {
  return async (c, next) => {
    const isUpload = uploadPaths.some((p) =>
      p.endsWith("/*") ? c.req.path.startsWith(p.slice(0, -1)) : c.req.path === p,
    );
    if (isUpload || SAFE_METHODS.has(c.req.method)) return next();
    const declared = c.req.header("content-length");
    if (declared !== undefined && Number(declared) > JSON_BODY_LIMIT)
      throw new HttpError(413, "body_too_large", "The request body is too large.");
    await next();
  };
}

export const onError: ErrorHandler = (error) => errorResponse(error);
