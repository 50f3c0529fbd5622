/**
 * Why a media job could not be done. The job queue stores `code` with the failed job and shows
 * `message` to the user; a code is stable, a message may change.
 */
export type MediaErrorCode =
  /** The bytes are not a format this worker can read (text, HEIC, a PDF named .jpg...). */
  | "unsupported_format"
  /** A known image format, but damaged or truncated. */
  | "corrupt_image"
  /** Decoding would need more memory than the media process may use. */
  | "image_too_large"
  /** A video file bigger than what fits in ffmpeg's wasm memory. */
  | "input_too_large"
  /** A known video container, but no frame could be decoded from it. */
  | "corrupt_video"
  /** ffmpeg ran past its time budget. */
  | "timeout";

/** An expected failure of media processing; anything else thrown is a bug. */
export class MediaError extends Error {
  override readonly name = "MediaError";

  constructor(
    readonly code: MediaErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
