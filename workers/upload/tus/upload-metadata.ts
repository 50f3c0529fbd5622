/**
 * The Upload-Metadata header: comma-separated `key base64(value)` pairs (a key may stand alone).
 * Hearth reads `filename` (required), `parentId` ("root" or absent for the top level) and
 * `onConflict`; other keys (tus-js-client sends `filetype`) are kept and echoed on HEAD.
 */
import { badRequest } from "../../lib/errors";
import { uploadDestination, type UploadDestination } from "../../http/params";
import type { UploadMetadata } from "../../repositories/uploads";

/** Headers past this are refused rather than stored. */
const MAX_METADATA_BYTES = 4096;
const KEY = /^[\x21-\x2b\x2d-\x7e]+$/; // printable ASCII without space or comma

/** Decodes the header; 400 on malformed pairs, bad base64 or values that are not UTF-8. */
export function parseUploadMetadata(header: string | undefined): UploadMetadata {
  const metadata: UploadMetadata = {};
  if (header === undefined || header.trim() === "") return metadata;
  if (header.length > MAX_METADATA_BYTES) throw badRequest("invalid_metadata", "Upload-Metadata is too long.");
  for (const pair of header.split(",")) {
    const [key, encoded, ...rest] = pair.trim().split(" ");
    if (!key || !KEY.test(key) || rest.length > 0 || key in metadata)
      throw badRequest("invalid_metadata", "Upload-Metadata is “key base64value” pairs separated by commas.");
    metadata[key] = encoded === undefined ? null : decodeValue(key, encoded);
  }
  return metadata;
}

function decodeValue(key: string, encoded: string): string {
  try {
    const bytes = Uint8Array.from(atob(encoded), (ch) => ch.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw badRequest("invalid_metadata", `Upload-Metadata “${key}” is not base64 of UTF-8 text.`);
  }
}

/** The header again, for HEAD responses. */
export function encodeUploadMetadata(metadata: UploadMetadata): string {
  const bytesToBase64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));
  return Object.entries(metadata)
    .map(([key, value]) => (value === null ? key : `${key} ${bytesToBase64(value)}`))
    .join(",");
}

/** Where the file goes and what it is called, checked as every upload's are; 400 for a missing or unsafe name. */
export function destinationOf(metadata: UploadMetadata): UploadDestination {
  return uploadDestination({
    parent: metadata.parentId,
    name: metadata.filename ?? undefined,
    onConflict: metadata.onConflict,
  });
}
