/**
 * The placeholder a timeline tile shows until its thumbnail arrives: a ThumbHash (a ~25-byte
 * blurred miniature that keeps the photo's aspect ratio and colours) and its average colour for
 * where one cannot be drawn. Made from the smallest thumbnail, already upright and flattened, so
 * it costs a decode of a 240 px JPEG and a shrink to ThumbHash's 100 px limit: about a millisecond.
 */
import { PhotonImage, SamplingFilter, resize } from "@cf-wasm/photon";
import { rgbaToThumbHash, thumbHashToAverageRGBA } from "thumbhash";

/** ThumbHash reads at most 100×100 pixels. */
const THUMBHASH_EDGE = 100;

export interface Placeholder {
  /** Base64 of the ThumbHash bytes. */
  thumbhash: string;
  /** "#rrggbb": the ThumbHash's average colour. */
  placeholderColour: string;
}

const hex = (unit: number) =>
  Math.round(Math.min(1, Math.max(0, unit)) * 255)
    .toString(16)
    .padStart(2, "0");

/** The placeholder of a thumbnail (JPEG bytes); null when the bytes cannot be decoded (no placeholder is no failure). */
export function makePlaceholder(thumbnailJpeg: Uint8Array): Placeholder | null {
  const owned: PhotonImage[] = [];
  try {
    const image = PhotonImage.new_from_byteslice(thumbnailJpeg);
    owned.push(image);
    const width = image.get_width();
    const height = image.get_height();
    const scale = Math.min(1, THUMBHASH_EDGE / Math.max(width, height));
    const small =
      scale < 1
        ? resize(
            image,
            Math.max(1, Math.round(width * scale)),
            Math.max(1, Math.round(height * scale)),
            SamplingFilter.Triangle,
          )
        : image;
    if (small !== image) owned.push(small);
    const hash = rgbaToThumbHash(small.get_width(), small.get_height(), small.get_raw_pixels());
    const { r, g, b } = thumbHashToAverageRGBA(hash);
    return { thumbhash: btoa(String.fromCharCode(...hash)), placeholderColour: `#${hex(r)}${hex(g)}${hex(b)}` };
  } catch {
    return null;
  } finally {
    for (const image of owned) image.free();
  }
}
