/**
 * HEIC/HEIF photos (iPhones' default) decoded with libheif compiled to wasm (`libheif-js`, HEVC by
 * libde265), then thumbnailed by the same resize/encode path as PNG and WebP (thumbnails.ts).
 *
 * - workerd cannot compile wasm at run time: libheif.wasm is bound as a `wasm` module (see
 *   supervisor/src/build/media-bundle.ts, which also makes libheif.js's environment check take the
 *   web path: workerd's `process` would send it to Node's `fs`) and instantiated through
 *   Emscripten's `instantiateWasm` hook.
 * - Every decode gets a fresh instance whose memory is garbage once it returns: a wasm memory
 *   never shrinks, and one 48 MP photo would otherwise keep ~300 MB for good.
 * - Orientation: libheif applies the file's `irot`/`imir` (the HEIF way) while decoding, and the
 *   size it reports is the turned one. iPhones also write the same turn as EXIF orientation; per
 *   the HEIF spec that tag is informative only, so it is NOT applied again (that would turn the
 *   photo twice).
 * - The pixel size is read from the file's `ispe` before decoding, and checked against the memory
 *   budget (limits.ts maxHeifPixels).
 */
import createLibHeif, { type LibHeif } from "libheif-js/libheif-wasm/libheif.js";
import libheifWasm from "libheif-js/libheif-wasm/libheif.wasm";
import { MediaError } from "./errors";

/** ISO-BMFF brands of HEIF stills with HEVC inside (AVIF's `avif`/`avis` are not decoded here). */
const HEIC_BRANDS = new Set(["heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs"]);
/** Generic HEIF brands: HEIC when no AVIF brand is listed beside them. */
const HEIF_BRANDS = new Set(["mif1", "msf1"]);

/** "heic" for a HEIF file with HEVC images, "avif" for AV1 ones, null for anything else. */
export function sniffHeif(bytes: Uint8Array): "heic" | "avif" | null {
  if (bytes.length < 16 || ascii(bytes, 4, 4) !== "ftyp") return null;
  const boxSize = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
  const brands = [ascii(bytes, 8, 4)];
  for (let at = 16; at + 4 <= Math.min(boxSize, bytes.length); at += 4) brands.push(ascii(bytes, at, 4));
  if (brands.some((brand) => brand === "avif" || brand === "avis")) return "avif";
  if (brands.some((brand) => HEIC_BRANDS.has(brand) || HEIF_BRANDS.has(brand))) return "heic";
  return null;
}

/** A decoded HEIC: RGBA pixels, upright. */
export interface HeicPixels {
  width: number;
  height: number;
  /** width × height × 4 bytes, rows packed; a view into libheif's memory, valid only inside the callback. */
  rgba: Uint8Array;
}

/**
 * Decodes the primary image of a HEIC file and hands its pixels to `use` (which must copy what it
 * keeps). Pixel size is checked against `maxPixels` before decoding.
 * @throws MediaError `corrupt_image` for a damaged file, `image_too_large` over `maxPixels`
 */
export async function withHeicPixels<T>(
  input: Uint8Array,
  maxPixels: number,
  describeBudget: string,
  use: (pixels: HeicPixels) => T,
): Promise<T> {
  const lib = await createLibHeif({
    instantiateWasm(imports, receiveInstance) {
      const instance = new WebAssembly.Instance(libheifWasm, imports);
      receiveInstance(instance, libheifWasm);
      return instance.exports;
    },
  });
  const context = lib.heif_context_alloc();
  try {
    const read = lib.heif_context_read_from_memory(context, input);
    if (read.code.value !== lib.heif_error_code.heif_error_Ok.value) {
      throw new MediaError("corrupt_image", `the HEIC file could not be read: ${read.message}`);
    }
    const handle = lib.heif_js_context_get_primary_image_handle(context);
    if (!handle || handle.code !== undefined)
      throw new MediaError("corrupt_image", "the HEIC file has no primary image");
    try {
      return decodePrimary(lib, handle, maxPixels, describeBudget, use);
    } finally {
      lib.heif_image_handle_release(handle);
    }
  } finally {
    lib.heif_context_free(context);
  }
}

function decodePrimary<T>(
  lib: LibHeif,
  handle: object,
  maxPixels: number,
  describeBudget: string,
  use: (pixels: HeicPixels) => T,
): T {
  const width = lib.heif_image_handle_get_width(handle);
  const height = lib.heif_image_handle_get_height(handle);
  if (width * height > maxPixels) {
    const mp = (n: number) => Math.round(n / 1e5) / 10;
    throw new MediaError(
      "image_too_large",
      `This HEIC photo is ${width}×${height} pixels (${mp(width * height)} MP); HEIC photos up to ` +
        `${mp(maxPixels)} MP fit ${describeBudget}.`,
    );
  }
  const decoded = lib.heif_js_decode_image2(
    handle,
    lib.heif_colorspace.heif_colorspace_RGB,
    lib.heif_chroma.heif_chroma_interleaved_RGBA,
  );
  if (!decoded || decoded.code !== undefined) {
    throw new MediaError("corrupt_image", "the HEIC image data could not be decoded");
  }
  try {
    const channel = decoded.channels.find((c) => c.id.value === lib.heif_channel.heif_channel_interleaved.value);
    if (!channel) throw new MediaError("corrupt_image", "the HEIC image decoded to no RGBA pixels");
    return use({ width: channel.width, height: channel.height, rgba: packRows(channel) });
  } finally {
    lib.heif_image_release(decoded.image);
  }
}

/** libheif may pad rows; the resize wants them packed. */
function packRows(channel: { width: number; height: number; stride: number; data: Uint8Array }): Uint8Array {
  const row = channel.width * 4;
  if (channel.stride === row) return channel.data.subarray(0, row * channel.height);
  const packed = new Uint8Array(row * channel.height);
  for (let y = 0; y < channel.height; y++) {
    packed.set(channel.data.subarray(y * channel.stride, y * channel.stride + row), y * row);
  }
  return packed;
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}
