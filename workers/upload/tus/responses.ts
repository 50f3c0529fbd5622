/** Headers that describe an upload's state in tus responses. */
import { expiresHeader, FILE_ID_HEADER } from "./protocol";
import type { TusUpload } from "../../repositories/uploads";
import { encodeUploadMetadata } from "./upload-metadata";

/** Where the upload stands: Upload-Offset, Upload-Expires, and Hearth-File-Id once it is a file. */
export function progressHeaders(upload: TusUpload): Record<string, string> {
  const headers: Record<string, string> = {
    "Upload-Offset": String(upload.offset),
    "Upload-Expires": expiresHeader(upload.expiresAt),
  };
  if (upload.fileId !== null) headers[FILE_ID_HEADER] = upload.fileId;
  return headers;
}

/** Everything HEAD reports: progress, the length (or that it is deferred) and the metadata. */
export function statusHeaders(upload: TusUpload): Record<string, string> {
  const headers = progressHeaders(upload);
  if (upload.length === null) headers["Upload-Defer-Length"] = "1";
  else headers["Upload-Length"] = String(upload.length);
  const metadata = encodeUploadMetadata(upload.metadata);
  if (metadata) headers["Upload-Metadata"] = metadata;
  // A cached offset would make a client resume from the wrong byte.
  headers["Cache-Control"] = "no-store";
  return headers;
}

/** The upload's URL, relative to the server (tus clients resolve it against the endpoint). */
export function uploadLocation(upload: TusUpload): string {
  return `/api/uploads/${upload.id}`;
}
