/**
 * Types for the parts of `@ffmpeg/core` (the Emscripten build of FFmpeg, single-threaded) that
 * Hearth uses. The package ships no types; these follow its `ffmpeg-core.js`.
 */
declare module "@ffmpeg/core" {
  export interface FFmpegLogEvent {
    type: "stdout" | "stderr";
    message: string;
  }

  /** The subset of Emscripten's FS API used here (an in-memory MEMFS). */
  export interface FFmpegFileSystem {
    writeFile(path: string, data: Uint8Array, options?: { canOwn?: boolean }): void;
    readFile(path: string): Uint8Array;
    unlink(path: string): void;
    analyzePath(path: string): { exists: boolean };
    lookupPath(path: string): { node: FFmpegFsNode };
    getStream(fd: number): { node: FFmpegFsNode; position: number } | null;
    read(stream: object, buffer: Int8Array, offset: number, length: number, position?: number): number;
    ErrnoError: new (errno: number) => Error;
  }

  /** A MEMFS node: its size is `usedBytes`, its reads go through `stream_ops.read`. */
  export interface FFmpegFsNode {
    usedBytes: number;
    stream_ops: Record<string, unknown>;
  }

  export interface FFmpegCoreModule {
    FS: FFmpegFileSystem;
    /** Runs `ffmpeg -nostdin -y ...args`; returns the exit code (also in `ret`). */
    exec(...args: string[]): number;
    /** Runs `ffprobe ...args`; returns the exit code (also in `ret`). */
    ffprobe(...args: string[]): number;
    setLogger(logger: (event: FFmpegLogEvent) => void): void;
    /** Clears `ret` and the timeout; needed between two runs in one instance. */
    reset(): void;
    ret: number;
    /** `["./ffmpeg", "-nostdin", "-y"]` and `["./ffprobe"]`: argv before the caller's arguments. */
    DEFAULT_ARGS: string[];
    DEFAULT_ARGS_FFPROBE: string[];
    /** argv as a C array of C strings in wasm memory. */
    stringsToPtr(strings: string[]): number;
  }

  export interface FFmpegCoreOptions {
    /** Emscripten's hook to instantiate the wasm module ourselves. */
    instantiateWasm?: (
      imports: WebAssembly.Imports,
      receiveInstance: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
    ) => WebAssembly.Exports | Record<string, never>;
    print?: (message: string) => void;
    printErr?: (message: string) => void;
  }

  /** Emscripten MODULARIZE factory: every call creates a new instance with its own memory. */
  export default function createFFmpegCore(options?: FFmpegCoreOptions): Promise<FFmpegCoreModule>;
}

declare module "@ffmpeg/core/wasm" {
  /** Bound by workerd as a `wasm` module, so importing it yields a compiled module. */
  const ffmpegWasm: WebAssembly.Module;
  export default ffmpegWasm;
}

/** JS Promise Integration (workerd's V8 has it): suspending imports and promising exports. */
declare namespace WebAssembly {
  class Suspending {
    constructor(fn: (...args: never[]) => unknown);
  }
  function promising<F extends (...args: never[]) => unknown>(
    fn: F,
  ): (...args: Parameters<F>) => Promise<ReturnType<F>>;
}
