/**
 * EXIF orientation: cameras store pixels as the sensor saw them and record in tag 0x0112 how to
 * turn them upright. Photon's decoder ignores the tag, so the thumbnailer turns the (already
 * small) resized image itself: remapping 0.4 MP in JS costs a few milliseconds, turning the 12 MP
 * original would cost far more.
 */
import { PhotonImage } from "@cf-wasm/photon";

/** EXIF orientation values 1..8; anything else is treated as 1 (already upright). */
export type Orientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

export function toOrientation(value: unknown): Orientation {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 8 ? (value as Orientation) : 1;
}

/** Orientations 5..8 turn the image a quarter turn, so width and height swap. */
export function swapsAxes(orientation: Orientation): boolean {
  return orientation >= 5;
}

/**
 * Returns a new upright image, or `image` itself for orientation 1. The caller frees both
 * (when they differ).
 */
export function applyOrientation(image: PhotonImage, orientation: Orientation): PhotonImage {
  if (orientation === 1) return image;
  const width = image.get_width();
  const height = image.get_height();
  const raw = image.get_raw_pixels();
  // One RGBA pixel per 32-bit word; get_raw_pixels returns a fresh copy, so it is aligned.
  const source = new Uint32Array(raw.buffer, raw.byteOffset, width * height);
  const swapped = swapsAxes(orientation);
  const outWidth = swapped ? height : width;
  const target = new Uint32Array(width * height);
  const place = TARGET_INDEX[orientation];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      target[place(x, y, width, height, outWidth)] = source[y * width + x]!;
    }
  }
  return new PhotonImage(new Uint8Array(target.buffer), outWidth, swapped ? width : height);
}

/** Where stored pixel (x, y) of a `w`×`h` image lands in the upright one (row length `ow`). */
type Placement = (x: number, y: number, w: number, h: number, ow: number) => number;

const TARGET_INDEX: Record<Exclude<Orientation, 1>, Placement> = {
  2: (x, y, w) => y * w + (w - 1 - x), // mirrored left-right
  3: (x, y, w, h) => (h - 1 - y) * w + (w - 1 - x), // upside down
  4: (x, y, w, h) => (h - 1 - y) * w + x, // mirrored top-bottom
  5: (x, y, _w, _h, ow) => x * ow + y, // transposed
  6: (x, y, _w, h, ow) => x * ow + (h - 1 - y), // needs a quarter turn clockwise
  7: (x, y, w, h, ow) => (w - 1 - x) * ow + (h - 1 - y), // transversed
  8: (x, y, w, _h, ow) => (w - 1 - x) * ow + y, // needs a quarter turn counter-clockwise
};
