/** Errors that end a request with a status and a `{error:{code,message}}` body. */
import type { ApiError } from "@hearth/contract";

export class HttpError extends Error {
  /** Seconds, sent as Retry-After (throttling). */
  retryAfter?: number;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string) => new HttpError(400, code, message);
export const unauthorized = (message = "Sign in to continue.") => new HttpError(401, "unauthorized", message);
export const forbidden = (message = "You are not allowed to do that.") => new HttpError(403, "forbidden", message);
export const notFound = (message = "Not found.") => new HttpError(404, "not_found", message);
export const conflict = (code: string, message: string) => new HttpError(409, code, message);

/** The JSON response for an error; anything that is not an HttpError becomes a 500 without details. */
export function errorResponse(error: unknown): Response {
  const known = error instanceof HttpError;
  if (!known) console.error("unexpected error:", error instanceof Error ? (error.stack ?? error.message) : error);
  const status = known ? error.status : 500;
  const body: ApiError = {
    error: known
      ? { code: error.code, message: error.message }
      : { code: "internal", message: "Something went wrong on the server. Try again." },
  };
  const headers: HeadersInit = known && error.retryAfter !== undefined ? { "retry-after": String(error.retryAfter) } : {};
  return Response.json(body, { status, headers });
}
