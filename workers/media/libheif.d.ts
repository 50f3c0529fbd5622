/**
 * Types for the parts of `libheif-js` (libheif compiled to wasm with Emscripten and embind, HEVC
 * decoding by libde265) that Hearth uses. The package's own libheif.d.ts covers only the raw
 * exports; these follow its libheif.js.
 */
declare module "libheif-js/libheif-wasm/libheif.js" {
  export interface HeifError {
    code: { value: number };
    message: string;
  }
  export interface HeifChannel {
    id: { value: number };
    width: number;
    height: number;
    stride: number;
    /** A view into the wasm memory, valid until the image is released. */
    data: Uint8Array;
  }
  export interface HeifDecoded {
    image: unknown;
    width: number;
    height: number;
    channels: HeifChannel[];
  }
  /** An embind handle, or an error object (with a `code`) when the call failed. */
  export type HeifHandle = object & { code?: unknown };

  export interface LibHeif {
    heif_context_alloc(): unknown;
    heif_context_free(context: unknown): void;
    heif_context_read_from_memory(context: unknown, bytes: Uint8Array): HeifError;
    heif_js_context_get_primary_image_handle(context: unknown): HeifHandle;
    heif_image_handle_get_width(handle: HeifHandle): number;
    heif_image_handle_get_height(handle: HeifHandle): number;
    heif_image_handle_release(handle: HeifHandle): void;
    heif_js_decode_image2(
      handle: HeifHandle,
      colorspace: unknown,
      chroma: unknown,
    ): (HeifDecoded & { code?: unknown }) | null;
    heif_image_release(image: unknown): void;
    heif_error_code: { heif_error_Ok: { value: number } };
    heif_colorspace: { heif_colorspace_RGB: unknown };
    heif_chroma: { heif_chroma_interleaved_RGBA: unknown };
    heif_channel: { heif_channel_interleaved: { value: number } };
  }

  export interface LibHeifOptions {
    instantiateWasm?: (
      imports: WebAssembly.Imports,
      receiveInstance: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
    ) => WebAssembly.Exports | Record<string, never>;
  }

  /** Emscripten MODULARIZE factory: every call creates a new instance with its own memory. */
  export default function createLibHeif(options?: LibHeifOptions): Promise<LibHeif>;
}

declare module "libheif-js/libheif-wasm/libheif.wasm" {
  /** Bound by workerd as a `wasm` module, so importing it yields a compiled module. */
  const libheifWasm: WebAssembly.Module;
  export default libheifWasm;
}
