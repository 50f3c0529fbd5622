/** Errors that end a request with a status and a `{error:{code,message}}` body. */
import { READ_ONLY, type ApiError } from "@hearth/contract";

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

/** The database did not answer (down, restarting, or too slow): the request may succeed a little later. */
export class DatabaseUnavailable extends HttpError {
  constructor(cause?: unknown) {
    super(503, "database_unavailable", "Hearth's database is not answering right now. Try again in a few seconds.");
    this.retryAfter = 5;
    this.cause = cause;
  }
}

/**
 * Hearth's data folder cannot be written (remounted read-only, a failing disk): reads keep working,
 * every change answers this, and the web app shows a read-only banner instead of errors.
 */
export class ReadOnlyStorage extends HttpError {
  constructor(cause?: unknown) {
    super(
      503,
      READ_ONLY,
      "Hearth's data folder is read-only right now, so nothing can be saved. Files can still be viewed.",
    );
    this.retryAfter = 60;
    this.cause = cause;
  }
}

/** What SQLite (through sqld) and the filesystem say when the data folder cannot be written. */
const READ_ONLY_MESSAGE = /SQLITE_READONLY|readonly database|read-only file system|EROFS/i;

/** The HttpError somewhere in an error's cause chain (drizzle and libSQL wrap what the fetch threw). */
function knownCause(error: unknown): HttpError | undefined {
  for (let e = error, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof HttpError) return e;
    if (e instanceof Error && READ_ONLY_MESSAGE.test(e.message)) return new ReadOnlyStorage(e);
  }
  return undefined;
}

/** Whether the database did not answer, anywhere in the error's cause chain (drizzle wraps it). */
export function isDatabaseUnavailable(error: unknown): boolean {
  return knownCause(error) instanceof DatabaseUnavailable;
}

export const badRequest = (code: string, message: string) => new HttpError(400, code, message);
export const unauthorized = (message = "Sign in to continue.") => new HttpError(401, "unauthorized", message);
export const forbidden = (message = "You are not allowed to do that.") => new HttpError(403, "forbidden", message);
export const notFound = (message = "Not found.") => new HttpError(404, "not_found", message);
export const conflict = (code: string, message: string) => new HttpError(409, code, message);

/** The JSON response for an error; anything that is not an HttpError becomes a 500 without details. */
export function errorResponse(thrown: unknown): Response {
  const error = knownCause(thrown) ?? thrown;
  const known = error instanceof HttpError;
  if (error instanceof DatabaseUnavailable) console.warn("database unavailable:", String(error.cause ?? thrown));
  else if (!known) console.error("unexpected error:", error instanceof Error ? (error.stack ?? error.message) : error);
  const status = known ? error.status : 500;
  const body: ApiError = {
    error: known
      ? { code: error.code, message: error.message }
      : { code: "internal", message: "Something went wrong on the server. Try again." },
  };
  const headers: HeadersInit =
    known && error.retryAfter !== undefined ? { "retry-after": String(error.retryAfter) } : {};
  return Response.json(body, { status, headers });
}
