/**
 * Reads an image's format and pixel size from its first bytes, and checks that the file is
 * complete, WITHOUT decoding it. The thumbnailer runs this before photon so that text files,
 * truncated uploads and decompression bombs are refused with a clear error: photon reports a bad
 * file by trapping inside wasm, and memory it allocated before the trap is never given back.
 */
import { MediaError } from "./errors";

export type ImageFormat = "jpeg" | "png" | "gif" | "webp";

export interface ImageHeader {
  format: ImageFormat;
  /** Pixel size as stored, before any EXIF orientation is applied. */
  width: number;
  height: number;
}

/**
 * Identify the image in `bytes` and read its stored size.
 * @throws MediaError `unsupported_format` for anything but JPEG/PNG/GIF/WebP,
 *   `corrupt_image` when the header or the file is cut short.
 */
export function readImageHeader(bytes: Uint8Array): ImageHeader {
  const format = sniffImageFormat(bytes);
  if (format === null) {
    throw new MediaError(
      "unsupported_format",
      `Hearth makes thumbnails of JPEG, PNG, WebP, GIF, HEIC and camera RAW photos; this file is ${describeMagic(bytes)}.`,
    );
  }
  const size = READERS[format](bytes);
  if (size === null || size.width === 0 || size.height === 0) {
    throw new MediaError("corrupt_image", `the ${format.toUpperCase()} file is damaged or truncated`);
  }
  return { format, ...size };
}

/** The image format named by the file's magic bytes, or null. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, 0, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (ascii(bytes, 0, 6) === "GIF87a" || ascii(bytes, 0, 6) === "GIF89a") return "gif";
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP") return "webp";
  return null;
}

type Size = { width: number; height: number };

const READERS: Record<ImageFormat, (bytes: Uint8Array) => Size | null> = {
  jpeg: readJpegSize,
  png: readPngSize,
  gif: readGifSize,
  webp: readWebpSize,
};

/** Walks the JPEG's marker segments to the frame header, then makes sure the scan data ends. */
function readJpegSize(bytes: Uint8Array): Size | null {
  const view = dataView(bytes);
  let size: Size | null = null;
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1]!;
    // 0xFF fill bytes may pad before a marker.
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    const length = view.getUint16(offset + 2);
    if (isStartOfFrame(marker)) {
      if (offset + 9 > bytes.length) return null;
      size = { height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
    }
    if (marker === 0xda) {
      // Start of scan: entropy-coded data follows, which never contains 0xFFD9, so a complete
      // file has an end-of-image marker after it (phones may append more data after that).
      return size !== null && hasEndOfImage(bytes, offset + 2 + length) ? size : null;
    }
    offset += 2 + length;
  }
  return null;
}

function isStartOfFrame(marker: number): boolean {
  // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function hasEndOfImage(bytes: Uint8Array, from: number): boolean {
  for (let i = bytes.indexOf(0xff, from); i !== -1; i = bytes.indexOf(0xff, i + 1)) {
    if (bytes[i + 1] === 0xd9) return true;
  }
  return false;
}

/** Reads IHDR, then walks the chunk list to IEND so a truncated file is caught here. */
function readPngSize(bytes: Uint8Array): Size | null {
  const view = dataView(bytes);
  if (bytes.length < 24 || ascii(bytes, 12, 4) !== "IHDR") return null;
  const size = { width: view.getUint32(16), height: view.getUint32(20) };
  let offset = 8;
  while (offset + 12 <= bytes.length) {
    const type = ascii(bytes, offset + 4, 4);
    const next = offset + 12 + view.getUint32(offset);
    if (next > bytes.length) return null;
    if (type === "IEND") return size;
    offset = next;
  }
  return null;
}

function readGifSize(bytes: Uint8Array): Size | null {
  if (bytes.length < 10) return null;
  const view = dataView(bytes);
  // Only the first frame is decoded; photon reports a truncated one (see thumbnails.ts).
  return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
}

function readWebpSize(bytes: Uint8Array): Size | null {
  if (bytes.length < 30) return null;
  const view = dataView(bytes);
  if (view.getUint32(4, true) + 8 > bytes.length) return null;
  const chunk = ascii(bytes, 12, 4);
  if (chunk === "VP8 ") {
    return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
  }
  if (chunk === "VP8L") {
    const bits = view.getUint32(21, true);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === "VP8X") {
    return { width: readUint24(bytes, 24) + 1, height: readUint24(bytes, 27) + 1 };
  }
  return null;
}

function readUint24(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16);
}

function startsWith(bytes: Uint8Array, at: number, prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[at + i] === byte);
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** What the file looks like instead, for the reason shown to the owner. */
function describeMagic(bytes: Uint8Array): string {
  if (bytes.length === 0) return "empty";
  if (ascii(bytes, 4, 4) === "ftyp") return `ISO media of brand "${ascii(bytes, 8, 4).trim()}"`;
  if (ascii(bytes, 0, 4) === "II*\0" || ascii(bytes, 0, 4) === "MM\0*") return "a TIFF image";
  if (ascii(bytes, 0, 2) === "BM") return "a BMP image";
  if (ascii(bytes, 0, 4) === "8BPS") return "a Photoshop document";
  if (ascii(bytes, 0, 5) === "%PDF-") return "a PDF document";
  if (bytes.subarray(0, 512).every((byte) => byte === 9 || byte === 10 || byte === 13 || (byte >= 32 && byte < 127))) {
    return "text";
  }
  const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, "0"));
  return `in a format it does not know (it starts with ${head.join(" ")})`;
}
