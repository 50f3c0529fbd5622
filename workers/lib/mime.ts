/** Content types Hearth recognises by file name, and which of them the media process handles. */

const BY_EXTENSION: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  webp: "image/webp",
  heic: "image/heic",
  heif: "image/heif",
  hif: "image/heif",
  // Camera RAW: the media process shows the JPEG preview the camera embedded.
  cr2: "image/x-canon-cr2",
  cr3: "image/x-canon-cr3",
  nef: "image/x-nikon-nef",
  arw: "image/x-sony-arw",
  dng: "image/x-adobe-dng",
  raf: "image/x-fuji-raf",
  orf: "image/x-olympus-orf",
  rw2: "image/x-panasonic-rw2",
  avif: "image/avif",
  bmp: "image/bmp",
  tif: "image/tiff",
  tiff: "image/tiff",
  svg: "image/svg+xml",
  mp4: "video/mp4",
  m4v: "video/mp4",
  mov: "video/quicktime",
  webm: "video/webm",
  mkv: "video/x-matroska",
  avi: "video/x-msvideo",
  mp3: "audio/mpeg",
  m4a: "audio/mp4",
  wav: "audio/wav",
  flac: "audio/flac",
  ogg: "audio/ogg",
  pdf: "application/pdf",
  txt: "text/plain",
  md: "text/markdown",
  csv: "text/csv",
  json: "application/json",
  html: "text/html",
  htm: "text/html",
  xml: "application/xml",
  js: "text/javascript",
  css: "text/css",
  zip: "application/zip",
  doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export function mimeFromName(name: string): string {
  const dot = name.lastIndexOf(".");
  const ext = dot >= 0 ? name.slice(dot + 1).toLowerCase() : "";
  return BY_EXTENSION[ext] ?? "application/octet-stream";
}

/** Drawings, not photos: no thumbnail job (and SVG is active content). */
const NOT_PHOTOS = new Set(["image/svg+xml"]);

/**
 * Every photo and video goes to the media process, which makes thumbnails of what it can read
 * (JPEG, PNG, WebP, GIF, HEIC/HEIF, camera RAW, the videos FFmpeg reads) and marks the rest
 * `unsupported` with the reason, so the info panel can say why a photo has no thumbnail.
 */
export function mediaJobKind(mime: string): "image" | "video" | null {
  if (mime.startsWith("image/") && !NOT_PHOTOS.has(mime)) return "image";
  if (mime.startsWith("video/")) return "video";
  return null;
}

/**
 * Types a browser could run script from. They are only ever served as attachments with a
 * sandboxing CSP, never rendered inline from the app's origin.
 */
export function isActiveContent(mime: string): boolean {
  return /html|xml|svg|javascript|ecmascript/.test(mime);
}
