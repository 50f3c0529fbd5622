/**
 * Size limits of media processing, in a module without wasm imports so that Node-side code (the
 * supervisor, tests) can read them too.
 *
 * The media process keeps to a memory budget, MEDIA_MEMORY_MB (default 384: a 1 GB Raspberry Pi
 * keeps room for sqld, the edge process and the OS). The limits below are derived from it and
 * checked BEFORE anything is decoded or read whole, so a file over them is refused with a reason
 * (shown as `unsupported`) instead of growing the process past the budget.
 */

/** The default MEDIA_MEMORY_MB. */
export const DEFAULT_MEDIA_MEMORY_MB = 384;
export const MIN_MEDIA_MEMORY_MB = 256;
export const MAX_MEDIA_MEMORY_MB = 16384;

/** What an idle media process (workerd, the bundle, the codecs' initial wasm memory) takes, measured ~80–170 MB. */
const BASELINE_MB = 96;
/** Decoding needs about 6 bytes a pixel in wasm memory (RGB from the decoder, then resized copies). */
const BYTES_PER_DECODED_PIXEL = 6;
/**
 * HEIC decoding per pixel: libheif's YCbCr planes and RGBA output (~5.5 bytes) in its wasm memory,
 * then photon's RGBA copy (4) and the first resize's working rows: ~12 bytes.
 */
const BYTES_PER_HEIC_PIXEL = 12;
/** A 720p preview's size per second of video, generously: ~3 Mbit/s of H.264 at CRF 26 plus 128 kbit/s AAC. */
const PREVIEW_BYTES_PER_SECOND = 500_000;
/** ffmpeg's own heap: codecs, frames, the input chunk cache (32 MiB). */
const FFMPEG_WORKING_MB = 96;

export interface MediaLimits {
  memoryMb: number;
  /** Largest image decoded, in pixels (width × height from the header). */
  maxImagePixels: number;
  /** Largest HEIC decoded, in pixels (libheif's size, read before decoding); HEIC needs twice the memory. */
  maxHeicPixels: number;
  /**
   * Longest video given a 720p preview, in seconds: videos are streamed whatever their size, but
   * the preview MP4 is built in memory (about three copies at its peak: the file as it grows, the
   * faststart rewrite, the copy handed to the blob store).
   */
  maxPreviewSeconds: number;
  /** Largest image file read, in bytes (the file is held in memory while it is decoded). */
  maxImageInputBytes: number;
}

const MIB = 1024 * 1024;

/** The limits for a budget of `memoryMb` MB (MEDIA_MEMORY_MB; the default when absent or not a number). */
export function mediaLimits(memoryMb?: number | string): MediaLimits {
  const parsed = typeof memoryMb === "string" ? Number.parseInt(memoryMb, 10) : memoryMb;
  const mb = Number.isFinite(parsed)
    ? Math.min(MAX_MEDIA_MEMORY_MB, Math.max(MIN_MEDIA_MEMORY_MB, parsed as number))
    : DEFAULT_MEDIA_MEMORY_MB;
  const free = (mb - BASELINE_MB) * MIB;
  return {
    memoryMb: mb,
    maxImagePixels: Math.min(MAX_IMAGE_PIXELS, Math.floor(free / BYTES_PER_DECODED_PIXEL)),
    maxHeicPixels: Math.min(MAX_IMAGE_PIXELS, Math.floor(free / BYTES_PER_HEIC_PIXEL)),
    maxPreviewSeconds: Math.floor((free - FFMPEG_WORKING_MB * MIB) / 3 / PREVIEW_BYTES_PER_SECOND),
    maxImageInputBytes: Math.floor(free / 4),
  };
}

/**
 * The hard ceiling on image pixels whatever the budget (a 16 GB budget still stops here).
 * Decoding needs about 8 bytes a pixel in wasm memory, so 100 MP is ~800 MB.
 */
export const MAX_IMAGE_PIXELS = 100_000_000;

/** Poster frames are scaled down (never up) to this longest edge: enough for the 720 thumbnail. */
export const POSTER_MAX_EDGE = 1280;

/** After a drain that left the media process this many MB above its idle baseline, it is recycled. */
export function recycleMarginMb(memoryMb: number): number {
  return Math.max(64, Math.round(memoryMb / 6));
}
