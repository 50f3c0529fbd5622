/**
 * Photo thumbnails. JPEGs go through libjpeg-turbo (jpeg-thumbnails.ts); PNG, WebP, GIF and the
 * JPEGs libjpeg-turbo does not support (12-bit, lossless) through photon (Rust `image` compiled to
 * wasm), as described below.
 *
 * Photon's cost on a 12 MP image (measured on a JPEG, before JPEGs went to libjpeg-turbo: ~0.43 s
 * against ~0.08 s now) is decoding (~0.3 s CPU on this machine) plus the resize to 720 px. The
 * filter decides the latter: Triangle (bilinear) takes ~0.35 s, CatmullRom ~0.7 s, and Lanczos3
 * cost 1.9 s for both sizes (DESIGN.md). Against a Lanczos reference Triangle scores 30 dB PSNR,
 * CatmullRom 32 dB, Nearest (0.09 s) 17 dB, i.e. visible aliasing; Triangle it is. The sizes are
 * THUMBNAIL_SIZES (@hearth/contract): only the largest is made from the original; the smaller
 * ones (240 px) from the largest (0.4 MP instead of 12 MP), where the sharper CatmullRom costs only
 * milliseconds.
 *
 * HEIC photos are decoded by libheif (heic.ts) and take photon's path from their pixels.
 *
 * Photon images live in wasm memory that JS's garbage collector does not see, so every one is
 * freed in a `finally`. The wasm memory itself never shrinks: its high-water mark is set by the
 * largest image decoded, which is why MAX_IMAGE_PIXELS exists.
 */
import { PhotonImage, SamplingFilter, resize } from "@cf-wasm/photon";
import { THUMBNAIL_SIZES, type ThumbnailSize } from "@hearth/contract";
import { flattenOntoWhite } from "./alpha";
import { MediaError } from "./errors";
import { readOrientation } from "./exif";
import { withHeicPixels, sniffHeif } from "./heic";
import { readImageHeader, type ImageFormat } from "./image-header";
import { makeJpegThumbnails } from "./jpeg-thumbnails";
import { MAX_IMAGE_PIXELS, mediaLimits } from "./limits";
import { applyOrientation, swapsAxes, type Orientation } from "./orientation";

export { MAX_IMAGE_PIXELS };

/** JPEG quality of thumbnails: the usual web default, free of visible artefacts at these sizes. */
export const THUMBNAIL_JPEG_QUALITY = 80;

export interface Thumbnail {
  /** Longest edge this thumbnail was made for; the image is smaller when the original is. */
  size: ThumbnailSize;
  jpeg: Uint8Array;
  width: number;
  height: number;
}

export interface ThumbnailSet {
  /** The original's size as displayed, i.e. after EXIF orientation. */
  width: number;
  height: number;
  /** One per THUMBNAIL_SIZES entry, largest first. */
  thumbs: Thumbnail[];
}

/** THUMBNAIL_SIZES, largest first: the largest is made from the original, the others from it. */
const [LARGEST, ...SMALLER] = [...THUMBNAIL_SIZES].sort((a, b) => b - a) as [ThumbnailSize, ...ThumbnailSize[]];

/** Formats whose pixels can carry alpha, which a JPEG cannot. */
const MAY_HAVE_ALPHA: ReadonlySet<ImageFormat | "heic"> = new Set(["png", "gif", "webp", "heic"]);

/** What the caller knows better than the file (a RAW's embedded JPEG), and the memory budget. */
export interface ThumbnailOptions {
  /** EXIF orientation to apply instead of the file's own: a RAW's preview JPEG leaves it to the RAW. */
  orientation?: Orientation;
  /** Largest HEIC decoded, in pixels, and how to name the budget in the refusal (limits.ts). */
  maxHeicPixels?: number;
  budget?: string;
}

/**
 * Make the THUMBNAIL_SIZES (longest edge) JPEG thumbnails of a photo, upright per its EXIF
 * orientation (HEIC: per its irot/imir, see heic.ts), never upscaled. JPEG, PNG, WebP, GIF (first
 * frame) and HEIC/HEIF are read.
 *
 * @param input the original file's bytes
 * @param mime the uploaded MIME type; only used in error messages, since the bytes are what
 *   decide the format (a PNG named .jpg is thumbnailed, a text file named .jpg is refused)
 * @throws MediaError `unsupported_format`, `corrupt_image` or `image_too_large`
 */
export async function makeThumbnails(
  input: Uint8Array,
  mime: string,
  options: ThumbnailOptions = {},
): Promise<ThumbnailSet> {
  const heif = sniffHeif(input);
  if (heif === "heic") return makeHeicThumbnails(input, options);
  if (heif === "avif") {
    throw new MediaError(
      "unsupported_format",
      "AVIF photos are not supported yet (HEIC, JPEG, PNG, WebP and GIF are).",
    );
  }
  const header = describeFailure(mime, () => readImageHeader(input));
  if (header.width * header.height > MAX_IMAGE_PIXELS) {
    throw new MediaError(
      "image_too_large",
      `${header.width}×${header.height} is more than ${MAX_IMAGE_PIXELS / 1e6} megapixels`,
    );
  }
  const orientation =
    options.orientation ?? (header.format === "jpeg" || header.format === "png" ? await readOrientation(input) : 1);
  const upright = swapsAxes(orientation);
  const displayed = { width: upright ? header.height : header.width, height: upright ? header.width : header.height };

  if (header.format === "jpeg") {
    const thumbs = makeJpegThumbnails(input, header, orientation, [LARGEST, ...SMALLER], THUMBNAIL_JPEG_QUALITY);
    if (thumbs) return { ...displayed, thumbs };
  }
  return { ...displayed, thumbs: photonThumbnails(() => decode(input, header.format), orientation, header.format) };
}

/** HEIC: libheif decodes (already upright), photon resizes; EXIF orientation is not applied again. */
function makeHeicThumbnails(input: Uint8Array, options: ThumbnailOptions): Promise<ThumbnailSet> {
  const maxPixels = options.maxHeicPixels ?? mediaLimits().maxHeicPixels;
  const budget = options.budget ?? "the media memory budget";
  return withHeicPixels(input, maxPixels, budget, ({ width, height, rgba }) => ({
    width,
    height,
    thumbs: photonThumbnails(() => new PhotonImage(rgba, width, height), 1, "heic"),
  }));
}

/** Photon's path: decode (or wrap decoded pixels), shrink, turn upright, flatten alpha, encode. */
function photonThumbnails(
  original: () => PhotonImage,
  orientation: Orientation,
  format: ImageFormat | "heic",
): Thumbnail[] {
  const owned = new Set<PhotonImage>();
  const keep = (image: PhotonImage) => (owned.add(image), image);
  try {
    const source = keep(original());
    const large = keep(uprightThumbnail(source, LARGEST, SamplingFilter.Triangle, orientation, keep));
    if (large !== source) freeNow(source, owned);
    const flat = MAY_HAVE_ALPHA.has(format) ? keep(flattenOntoWhite(large)) : large;
    const thumbs = [encode(flat, LARGEST)];
    for (const size of SMALLER) {
      thumbs.push(encode(keep(uprightThumbnail(flat, size, SamplingFilter.CatmullRom, 1, keep)), size));
    }
    return thumbs;
  } finally {
    for (const image of owned) image.free();
  }
}

/** Photon traps (a Rust panic) on bytes its decoder rejects; turn that into a MediaError. */
function decode(input: Uint8Array, format: ImageFormat): PhotonImage {
  try {
    return PhotonImage.new_from_byteslice(input);
  } catch (cause) {
    throw new MediaError("corrupt_image", `the ${format.toUpperCase()} file could not be decoded`, { cause });
  }
}

/**
 * Shrinks `image` so its longest edge is `edge` (or returns it unchanged when already that small),
 * then turns the result upright. Intermediate images are registered with `keep` for freeing.
 */
function uprightThumbnail(
  image: PhotonImage,
  edge: number,
  filter: SamplingFilter,
  orientation: Orientation,
  keep: (image: PhotonImage) => PhotonImage,
): PhotonImage {
  const width = image.get_width();
  const height = image.get_height();
  const scale = Math.min(1, edge / Math.max(width, height));
  const resized =
    scale < 1
      ? keep(resize(image, Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale)), filter))
      : image;
  return applyOrientation(resized, orientation);
}

function encode(image: PhotonImage, size: ThumbnailSize): Thumbnail {
  return {
    size,
    jpeg: image.get_bytes_jpeg(THUMBNAIL_JPEG_QUALITY),
    width: image.get_width(),
    height: image.get_height(),
  };
}

/** Free the full-size original as soon as the largest thumbnail exists, so later steps reuse its memory. */
function freeNow(image: PhotonImage, owned: Set<PhotonImage>): void {
  owned.delete(image);
  image.free();
}

/** Names the uploaded MIME type in a MediaError, which helps when a file's name or type lies. */
function describeFailure<T>(mime: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof MediaError) error.message = `${error.message} (uploaded as ${mime || "unknown type"})`;
    throw error;
  }
}
