/**
 * The fixed parts of tus 1.0 as Hearth speaks it: the version, the extensions and limits it
 * announces, the headers every response carries, and parsing of the numeric request headers.
 * See https://tus.io/protocols/resumable-upload.
 */
import type { MiddlewareHandler } from "hono";
import { badRequest, HttpError } from "../../lib/errors";
import { CHECKSUM_ALGORITHMS } from "./checksum";

export const TUS_VERSION = "1.0.0";

export const TUS_EXTENSIONS = [
  "creation",
  "creation-with-upload",
  "creation-defer-length",
  "termination",
  "expiration",
  "checksum",
];

/** The largest upload accepted: 1 TiB, far past any household file and inside R2's object limit. */
export const MAX_UPLOAD_BYTES = 1024 ** 4;

/** The only content type a PATCH (or a POST with data) may have. */
export const OFFSET_OCTET_STREAM = "application/offset+octet-stream";

/** Response header naming the file a finished upload became. */
export const FILE_ID_HEADER = "Hearth-File-Id";

// Browsers only let scripts read response headers that are listed here.
const EXPOSED_HEADERS = [
  FILE_ID_HEADER,
  "Upload-Offset",
  "Location",
  "Upload-Length",
  "Tus-Resumable",
  "Upload-Expires",
  "Upload-Defer-Length",
  "Upload-Metadata",
];

/** Adds the headers every tus response carries, errors included. */
export const tusResponseHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.res.headers.set("Tus-Resumable", TUS_VERSION);
  c.res.headers.set("Access-Control-Expose-Headers", EXPOSED_HEADERS.join(", "));
  if (c.res.status === 412) c.res.headers.set("Tus-Version", TUS_VERSION);
};

/** Refuses (412) requests for another protocol version; OPTIONS is how a client finds the version, so it passes. */
export const requireTusVersion: MiddlewareHandler = async (c, next) => {
  if (c.req.method !== "OPTIONS" && c.req.header("tus-resumable") !== TUS_VERSION) {
    throw new HttpError(
      412,
      "unsupported_tus_version",
      `This server speaks tus ${TUS_VERSION}; send the header Tus-Resumable: ${TUS_VERSION}.`,
    );
  }
  await next();
};

/** `OPTIONS`: what this server supports. */
export function describeServer(): Response {
  return new Response(null, {
    status: 204,
    headers: {
      "Tus-Version": TUS_VERSION,
      "Tus-Extension": TUS_EXTENSIONS.join(","),
      "Tus-Max-Size": String(MAX_UPLOAD_BYTES),
      "Tus-Checksum-Algorithm": CHECKSUM_ALGORITHMS.join(","),
    },
  });
}

/** A header holding a byte count or offset; undefined when absent, 400 when malformed. */
export function byteCountHeader(value: string | undefined, header: string): number | undefined {
  if (value === undefined) return undefined;
  const count = /^\d{1,16}$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isSafeInteger(count)) throw badRequest("invalid_header", `${header} must be a whole number of bytes.`);
  return count;
}

/** Throws 413 when an upload of `length` bytes is larger than any this server takes. */
export function assertUploadSize(length: number): void {
  if (length > MAX_UPLOAD_BYTES)
    throw new HttpError(413, "upload_too_large", `Uploads can be at most ${MAX_UPLOAD_BYTES / 1024 ** 3} GiB.`);
}

/** Throws 415 unless the request says its body is tus upload data. */
export function assertOffsetOctetStream(contentType: string | undefined): void {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== OFFSET_OCTET_STREAM)
    throw new HttpError(415, "unsupported_media_type", `Send upload data as ${OFFSET_OCTET_STREAM}.`);
}

/** The HTTP date a tus client reads from Upload-Expires. */
export function expiresHeader(expiresAt: number): string {
  return new Date(expiresAt).toUTCString();
}
