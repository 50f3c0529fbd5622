/**
 * Size limits of media processing, in a module without wasm imports so that Node-side code (the
 * supervisor, tests) can read them too.
 */

/**
 * Largest image decoded, in pixels. Decoding needs about 8 bytes a pixel in wasm memory (RGB from
 * the decoder, then RGBA), so 100 MP is ~800 MB: more than that would not fit on a small NAS.
 */
export const MAX_IMAGE_PIXELS = 100_000_000;

/**
 * Largest video accepted, in bytes (256 MiB). The whole input is held in memory while FFmpeg
 * reads it, and FFmpeg's wasm heap can grow to at most 2 GiB.
 */
export const MAX_VIDEO_INPUT_BYTES = 256 * 1024 * 1024;

/** Poster frames are scaled down (never up) to this longest edge: enough for the 720 thumbnail. */
export const POSTER_MAX_EDGE = 1280;
