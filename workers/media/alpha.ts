import { PhotonImage } from "@cf-wasm/photon";

/**
 * JPEG has no alpha channel and photon's encoder simply drops it, which shows whatever colour
 * the fully transparent pixels happen to hold (often black). Blend onto white instead, as an
 * image viewer would. Returns `image` itself when it is opaque; otherwise a new image that the
 * caller frees.
 */
export function flattenOntoWhite(image: PhotonImage): PhotonImage {
  const pixels = image.get_raw_pixels();
  let translucent = false;
  for (let i = 3; i < pixels.length; i += 4) {
    const alpha = pixels[i]!;
    if (alpha === 255) continue;
    translucent = true;
    const white = 255 - alpha;
    pixels[i - 3] = (pixels[i - 3]! * alpha + 255 * white + 127) / 255;
    pixels[i - 2] = (pixels[i - 2]! * alpha + 255 * white + 127) / 255;
    pixels[i - 1] = (pixels[i - 1]! * alpha + 255 * white + 127) / 255;
    pixels[i] = 255;
  }
  return translucent ? new PhotonImage(pixels, image.get_width(), image.get_height()) : image;
}
