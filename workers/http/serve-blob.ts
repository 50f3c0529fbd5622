/**
 * Streaming a stored blob to the browser: single byte ranges, strong ETags from the SHA-256,
 * If-None-Match, and a Content-Disposition that is safe for any file name.
 */
import { isThumbnailSize, THUMBNAIL_SIZES } from "@hearth/contract";
import { previewKey, thumbnailKey } from "../lib/blob-keys";
import { isActiveContent } from "../lib/mime";
import { HttpError, notFound } from "../lib/errors";

export interface BlobToServe {
  key: string;
  size: number;
  sha256: string;
  mime: string;
  filename: string;
  /** Thumbnails and other derived files are immutable: cache them for a long time. */
  immutable?: boolean;
}

type ByteRange = { offset: number; length: number };

/** Parses one `bytes=` range against the size; null when absent, 416 when it cannot be satisfied. */
export function parseRange(header: string | null, size: number): ByteRange | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Multiple or malformed ranges: RFC 9110 lets a server ignore the header and send it all.
  if (!match || (match[1] === "" && match[2] === "")) return null;
  const unsatisfiable = new HttpError(416, "range_not_satisfiable", `The file is ${size} bytes long.`);
  if (match[1] === "") {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) throw unsatisfiable;
    const length = Math.min(suffix, size);
    return { offset: size - length, length };
  }
  const start = Number(match[1]);
  if (start >= size) throw unsatisfiable;
  const end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (end < start) throw unsatisfiable;
  return { offset: start, length: end - start + 1 };
}

/** `attachment; filename="x"; filename*=UTF-8''...` per RFC 6266 and RFC 5987. */
export function contentDisposition(kind: "inline" | "attachment", filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export async function serveBlob(
  bucket: R2Bucket,
  blob: BlobToServe,
  request: Request,
  forceDownload = false,
): Promise<Response> {
  const etag = `"${blob.sha256}"`;
  const headers = new Headers({
    etag,
    "accept-ranges": "bytes",
    "x-content-type-options": "nosniff",
    "cache-control": blob.immutable ? "private, max-age=31536000, immutable" : "private, no-cache",
  });
  const active = isActiveContent(blob.mime);
  // A user's HTML or SVG must never run script in the app's origin: download it, sandboxed.
  headers.set("content-type", active ? "application/octet-stream" : blob.mime);
  headers.set(
    "content-disposition",
    contentDisposition(active || forceDownload ? "attachment" : "inline", blob.filename),
  );
  headers.set(
    "content-security-policy",
    "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'",
  );

  const ifNoneMatch = request.headers.get("if-none-match");
  if (ifNoneMatch && ifNoneMatch.split(",").some((tag) => tag.trim() === etag || tag.trim() === "*")) {
    return new Response(null, { status: 304, headers });
  }
  // If-Range with a different validator means "the file changed: send all of it".
  const ifRange = request.headers.get("if-range");
  const range = ifRange && ifRange !== etag ? null : parseRange(request.headers.get("range"), blob.size);
  const object = await bucket.get(blob.key, range ? { range } : {});
  if (!object || !("body" in object)) throw notFound("The file's content is missing from storage.");
  if (range) {
    headers.set("content-range", `bytes ${range.offset}-${range.offset + range.length - 1}/${blob.size}`);
    headers.set("content-length", String(range.length));
    return new Response(request.method === "HEAD" ? null : object.body, { status: 206, headers });
  }
  headers.set("content-length", String(blob.size));
  return new Response(request.method === "HEAD" ? null : object.body, { status: 200, headers });
}

type ItemRows = {
  file: { kind: string; name: string; mime: string | null; blobId: string | null };
  blob: { key: string; size: number; sha256: string } | null;
  media?: { thumbnails: string; videoPreview: boolean } | null;
};

/** A file's bytes (Range, ETag, safe disposition); `?download` forces an attachment. */
export function serveFileContent(bucket: R2Bucket, { file, blob }: ItemRows, request: Request): Promise<Response> {
  if (file.kind !== "file" || !blob) throw notFound("Folders have no content; download them as a ZIP.");
  const download = new URL(request.url).searchParams.has("download");
  return serveBlob(
    bucket,
    {
      key: blob.key,
      size: blob.size,
      sha256: blob.sha256,
      mime: file.mime ?? "application/octet-stream",
      filename: file.name,
    },
    request,
    download,
  );
}

const SIZE_CHOICES = `${THUMBNAIL_SIZES.slice(0, -1).join(", ")} or ${THUMBNAIL_SIZES.at(-1)}`;

/**
 * A file's thumbnail in one of THUMBNAIL_SIZES (`?size=`, the smallest by default), or 404 until
 * the media process has made it.
 */
export async function serveThumbnail(bucket: R2Bucket, { file, media }: ItemRows, request: Request): Promise<Response> {
  const size = Number(new URL(request.url).searchParams.get("size") ?? THUMBNAIL_SIZES[0]);
  if (!isThumbnailSize(size)) throw new HttpError(400, "invalid_size", `Thumbnail size must be ${SIZE_CHOICES}.`);
  if (!file.blobId || !media?.thumbnails.split(",").includes(String(size)))
    throw notFound("The thumbnail is not ready yet.");
  const key = thumbnailKey(file.blobId, size);
  const head = await bucket.head(key);
  if (!head) throw notFound("The thumbnail is not ready yet.");
  return serveBlob(
    bucket,
    {
      key,
      size: head.size,
      sha256: `${file.blobId}-${size}`,
      mime: "image/jpeg",
      filename: `${file.name}.jpg`,
      immutable: true,
    },
    request,
  );
}

/**
 * A video's 720p H.264 preview (made by the media process for videos browsers cannot play well),
 * with Range so the player can seek; 404 until it exists and for videos that need none.
 */
export async function serveVideoPreview(
  bucket: R2Bucket,
  { file, media }: ItemRows,
  request: Request,
): Promise<Response> {
  if (!file.blobId || !media?.videoPreview) throw notFound("This video has no preview (yet); play its content.");
  const key = previewKey(file.blobId);
  const head = await bucket.head(key);
  if (!head) throw notFound("This video has no preview (yet); play its content.");
  const base = file.name.replace(/\.[^.]*$/, "");
  return serveBlob(
    bucket,
    {
      key,
      size: head.size,
      // The preview of a blob never changes once made (a re-made one is the same video).
      sha256: `${file.blobId}-preview`,
      mime: "video/mp4",
      filename: `${base || file.name} (preview).mp4`,
      immutable: true,
    },
    request,
  );
}
