/**
 * The JPEG codec: libjpeg-turbo + a Lanczos3 resize compiled to wasm (supervisor/codecs/jpeg-turbo/
 * has the C glue and the build script). This file is the whole JS side: no Emscripten runtime.
 *
 * - workerd refuses to compile wasm at run time: jpeg-turbo.wasm is bound as a `wasm` module
 *   (listed with the media bundle's wasm modules) and imported here already compiled.
 * - One instance serves every call, one call at a time (JS is single-threaded and no call awaits).
 *   Its memory only grows, so after a call that took more than RETAINED_MEMORY_BYTES (a progressive
 *   JPEG keeps all its DCT coefficients: ~36 MB at 12 MP) the instance is dropped and the next call
 *   makes a fresh one (~1 ms): the garbage collector hands the big memory back.
 * - libjpeg's fatal errors arrive through the imported `codec_error`, which throws; the wasm frames
 *   it unwinds leave the shadow stack pointer behind, so every entry restores it, resets the codec
 *   and frees the images the task made. An instance that failed that way is also replaced.
 */
import jpegTurboWasm from "./jpeg-turbo.wasm";

/** What went wrong, from libjpeg's error code. */
export type JpegTurboFailure = "corrupt" | "too_large" | "unsupported";

const FAILURES: Record<number, JpegTurboFailure> = { 1: "corrupt", 2: "too_large", 3: "unsupported" };

export class JpegTurboError extends Error {
  override readonly name = "JpegTurboError";
  constructor(
    readonly failure: JpegTurboFailure,
    message: string,
  ) {
    super(message);
  }
}

/** An RGB image (3 bytes a pixel) in the codec's memory; freed when the task that made it ends. */
export interface RgbImage {
  readonly address: number;
  readonly width: number;
  readonly height: number;
}

export interface DecodedJpeg extends RgbImage {
  /** Decoded at scale/8 of the stored size. */
  readonly scale: number;
  /** libjpeg's warnings (damaged data it decoded around). */
  readonly warnings: number;
}

export interface JpegTurbo {
  /**
   * Decode at the smallest scale n/8 whose longest edge is still `minEdge` or more (full size for
   * smaller images). CMYK files come out as RGB.
   */
  decode(jpeg: Uint8Array, minEdge: number): DecodedJpeg;
  /** Lanczos3 to `width` x `height`. */
  resize(image: RgbImage, width: number, height: number): RgbImage;
  /** Turn upright per an EXIF orientation 2..8 (5..8 swap width and height). */
  orient(image: RgbImage, orientation: number): RgbImage;
  /** Baseline 4:2:0 JPEG with optimised Huffman tables; the bytes are a copy. */
  encode(image: RgbImage, quality: number): Uint8Array;
}

/** Memory an idle instance may keep; more than this and the instance is let go after the call. */
const RETAINED_MEMORY_BYTES = 48 * 1024 * 1024;

interface Exports {
  memory: WebAssembly.Memory;
  _initialize(): void;
  buffer_alloc(size: number): number;
  buffer_free(address: number): void;
  image_free(address: number): void;
  codec_reset(): void;
  decode_jpeg(data: number, size: number, minEdge: number): number;
  resize(image: number, width: number, height: number): number;
  orient(image: number, orientation: number): number;
  encode_jpeg(image: number, quality: number): number;
  encoded_data(): number;
  stackSave(): number;
  stackRestore(pointer: number): void;
}

let cached: Exports | null = null;

/**
 * Runs `task` with the codec. Every image the task made is freed when it returns or throws.
 * @throws JpegTurboError when libjpeg refuses the data or memory runs out
 */
export function withJpegTurbo<T>(task: (codec: JpegTurbo) => T): T {
  const wasm = cached ?? instantiate();
  cached = null;
  const images: number[] = [];
  const stack = wasm.stackSave();
  let healthy = true;
  try {
    return task(codecOf(wasm, images));
  } catch (error) {
    healthy = false;
    wasm.stackRestore(stack);
    wasm.codec_reset();
    throw error;
  } finally {
    for (const image of images) wasm.image_free(image);
    if (healthy && wasm.memory.buffer.byteLength <= RETAINED_MEMORY_BYTES) cached = wasm;
  }
}

function instantiate(): Exports {
  let memory: WebAssembly.Memory | null = null;
  const unexpected = (name: string) => () => {
    throw new Error(`jpeg-turbo.wasm called ${name}`);
  };
  const instance = new WebAssembly.Instance(jpegTurboWasm, {
    env: {
      codec_error(message: number, kind: number): never {
        const text = memory ? readCString(memory, message) : "unknown error";
        throw new JpegTurboError(FAILURES[kind] ?? "corrupt", text);
      },
      emscripten_notify_memory_growth() {},
    },
    // Linked in with libjpeg's stdio helpers, which Hearth never calls.
    wasi_snapshot_preview1: {
      proc_exit: unexpected("proc_exit"),
      fd_close: unexpected("fd_close"),
      fd_write: unexpected("fd_write"),
      fd_seek: unexpected("fd_seek"),
    },
  });
  const wasm = instance.exports as unknown as Exports;
  memory = wasm.memory;
  wasm._initialize();
  return wasm;
}

function codecOf(wasm: Exports, images: number[]): JpegTurbo {
  const bytes = () => new Uint8Array(wasm.memory.buffer);
  const keep = (address: number): RgbImage => {
    if (address === 0) throw new JpegTurboError("too_large", "out of codec memory");
    images.push(address);
    const [, width, height] = new Int32Array(wasm.memory.buffer, address, 3);
    return { address, width: width!, height: height! };
  };
  return {
    decode(jpeg, minEdge) {
      const input = wasm.buffer_alloc(jpeg.length);
      if (input === 0) throw new JpegTurboError("too_large", "out of codec memory for the file");
      try {
        bytes().set(jpeg, input);
        const image = keep(wasm.decode_jpeg(input, jpeg.length, minEdge));
        const [, , , scale, warnings] = new Int32Array(wasm.memory.buffer, image.address, 5);
        return { ...image, scale: scale!, warnings: warnings! };
      } finally {
        wasm.buffer_free(input);
      }
    },
    resize: (image, width, height) => keep(wasm.resize(image.address, width, height)),
    orient: (image, orientation) => keep(wasm.orient(image.address, orientation)),
    encode(image, quality) {
      const size = wasm.encode_jpeg(image.address, quality);
      const at = wasm.encoded_data();
      return bytes().slice(at, at + size);
    },
  };
}

function readCString(memory: WebAssembly.Memory, address: number): string {
  const bytes = new Uint8Array(memory.buffer, address);
  return new TextDecoder().decode(bytes.subarray(0, bytes.indexOf(0)));
}
