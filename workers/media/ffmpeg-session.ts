/**
 * Runs @ffmpeg/core (FFmpeg compiled to wasm, single-threaded) inside workerd, without the Web
 * Worker wrapper of @ffmpeg/ffmpeg (workerd has no Worker).
 *
 * - workerd refuses to compile wasm from bytes at run time, so the .wasm is bound as a `wasm`
 *   module (see supervisor/src/build/media-bundle.ts) and instantiated here through Emscripten's
 *   `instantiateWasm` hook.
 * - Every session gets a new instance: FFmpeg keeps global state between runs, and a wasm memory
 *   only ever grows, so a fresh instance is the one way to hand a big video's memory back (the
 *   old instance is garbage once the session ends). Instantiating costs ~25 ms of CPU.
 * - The input is STREAMED, never held whole: FFmpeg's reads are synchronous calls into its file
 *   system, and workerd has no synchronous I/O, so the input file's reads go through JSPI
 *   (WebAssembly.Suspending on the `fd_read` import, WebAssembly.promising on ffmpeg's and
 *   ffprobe's entry points). A read of bytes not in the chunk cache suspends the wasm stack while
 *   the chunk is fetched from the blob store, then resumes it. The cache keeps INPUT_CACHE_CHUNKS
 *   chunks of INPUT_CHUNK_BYTES, so memory stays bounded whatever the video's size.
 * - Outputs live in Emscripten's MEMFS (JS memory); FFmpeg's working memory is the wasm heap.
 * - workerd's clock does not advance while JS runs, so FFmpeg's own timeout option cannot work
 *   here; a job that never returns has to be stopped from outside (by the process supervisor).
 */
import createFFmpegCore, { type FFmpegCoreModule } from "@ffmpeg/core";
import ffmpegWasm from "@ffmpeg/core/wasm";

/** Result of one ffmpeg or ffprobe run. */
export interface FFmpegRun {
  /** ffmpeg's exit code. ffprobe only sets it when it fails early; it is -1 after a success. */
  exitCode: number;
  stdout: string[];
  /** FFmpeg logs to stderr; the tail of it explains a failure. */
  stderr: string[];
}

/** A file FFmpeg reads by ranges as it goes (a blob in the store). */
export interface StreamedInput {
  size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

export interface FFmpegSession {
  /** The bytes of a file FFmpeg wrote, or null if it wrote none. */
  readFile(path: string): Uint8Array | null;
  /** `ffmpeg -nostdin -y ...args` */
  ffmpeg(args: string[]): Promise<FFmpegRun>;
  /** `ffprobe ...args` */
  ffprobe(args: string[]): Promise<FFmpegRun>;
}

/** Bytes fetched per read from the blob store. */
export const INPUT_CHUNK_BYTES = 4 * 1024 * 1024;
/** Chunks kept (least recently used dropped): 32 MiB, enough for FFmpeg's back-and-forth between a moov and its frames. */
export const INPUT_CACHE_CHUNKS = 8;

/** Start a fresh FFmpeg instance with `input` at `path`, run `task` with it, and let the instance go. */
export async function withFFmpeg<T>(
  path: string,
  input: StreamedInput,
  task: (session: FFmpegSession) => Promise<T>,
): Promise<T> {
  const hooks: { readInput?: FdRead } = {};
  let exports: Record<string, unknown> = {};
  const core = await createFFmpegCore({
    instantiateWasm(imports, receiveInstance) {
      patchFdRead(
        imports,
        (original) =>
          (...args) =>
            (hooks.readInput ?? original)(...args),
      );
      const instance = new WebAssembly.Instance(ffmpegWasm, imports);
      // A mutable copy, so that the entry points can be wrapped for JSPI below.
      exports = { ...instance.exports };
      receiveInstance({ exports } as unknown as WebAssembly.Instance, ffmpegWasm);
      return exports as WebAssembly.Exports;
    },
  });
  const memory = Object.values(exports).find((value) => value instanceof WebAssembly.Memory) as WebAssembly.Memory;
  const main = { ffmpeg: promisingEntry(core, exports, "_ffmpeg"), ffprobe: promisingEntry(core, exports, "_ffprobe") };
  hooks.readInput = streamedReads(core, memory, path, input);
  return task(sessionOf(core, main));
}

type FdRead = (...args: number[]) => number | Promise<number>;

/** Wraps the wasm import that is Emscripten's `_fd_read` (found by its JS name) as a JSPI suspending import. */
function patchFdRead(imports: WebAssembly.Imports, wrap: (original: FdRead) => FdRead): void {
  for (const module of Object.values(imports)) {
    for (const [name, value] of Object.entries(module)) {
      if (typeof value === "function" && value.name === "_fd_read") {
        (module as Record<string, unknown>)[name] = new WebAssembly.Suspending(wrap(value as FdRead));
        return;
      }
    }
  }
  throw new Error("@ffmpeg/core has no _fd_read import to stream its input through");
}

/** ffmpeg's or ffprobe's wasm entry point (named in the glue's trampoline), wrapped to return a promise. */
function promisingEntry(core: FFmpegCoreModule, exports: Record<string, unknown>, name: "_ffmpeg" | "_ffprobe") {
  const trampoline = (core as unknown as Record<string, () => unknown>)[name]!.toString();
  const key = /\["asm"\]\["(\w+)"\]/.exec(trampoline)?.[1];
  const entry = key ? exports[key] : undefined;
  if (typeof entry !== "function") throw new Error(`@ffmpeg/core's ${name} entry point was not found`);
  const wrapped = WebAssembly.promising(entry as (...args: number[]) => number);
  exports[key!] = wrapped;
  return wrapped;
}

/**
 * The input file: a MEMFS node of the input's size whose reads come from a chunk cache, and the
 * `fd_read` hook that fills the cache (asynchronously, suspending FFmpeg) before a read needs it.
 */
function streamedReads(core: FFmpegCoreModule, memory: WebAssembly.Memory, path: string, input: StreamedInput): FdRead {
  const fs = core.FS;
  fs.writeFile(path, new Uint8Array(0));
  const node = fs.lookupPath(path).node;
  const cache = new Map<number, Uint8Array>();
  node.usedBytes = input.size;
  node.stream_ops = {
    ...node.stream_ops,
    read(_stream: unknown, buffer: Int8Array, offset: number, length: number, position: number): number {
      if (position >= input.size) return 0;
      const end = Math.min(input.size, position + length);
      let at = position;
      while (at < end) {
        const index = Math.floor(at / INPUT_CHUNK_BYTES);
        const chunk = cache.get(index);
        if (!chunk) throw new fs.ErrnoError(29); // EIO: the hook below fetches before every read
        const from = at - index * INPUT_CHUNK_BYTES;
        const take = Math.min(end - at, chunk.length - from);
        buffer.set(new Int8Array(chunk.buffer, chunk.byteOffset + from, take), offset + (at - position));
        at += take;
      }
      return end - position;
    },
  };
  const fetchChunk = async (index: number) => {
    const offset = index * INPUT_CHUNK_BYTES;
    const chunk = await input.read(offset, Math.min(INPUT_CHUNK_BYTES, input.size - offset));
    cache.set(index, chunk);
    while (cache.size > INPUT_CACHE_CHUNKS) cache.delete(cache.keys().next().value!);
  };
  return (fd, iov, iovcnt, pnum) => {
    const stream = fs.getStream(fd!);
    const missing: number[] = [];
    if (stream?.node === node) {
      const words = new Uint32Array(memory.buffer);
      let length = 0;
      for (let i = 0; i < iovcnt!; i++) length += words[(iov! >> 2) + i * 2 + 1]!;
      const start = stream.position;
      const end = Math.min(input.size, start + length);
      for (let index = Math.floor(start / INPUT_CHUNK_BYTES); index * INPUT_CHUNK_BYTES < end; index++) {
        const chunk = cache.get(index);
        if (chunk) {
          // Touch it: most recently used.
          cache.delete(index);
          cache.set(index, chunk);
        } else missing.push(index);
      }
    }
    const read = () => readThroughFs(fs, memory, fd!, iov!, iovcnt!, pnum!);
    if (missing.length === 0) return read();
    return (async () => {
      for (const index of missing) await fetchChunk(index);
      return read();
    })();
  };
}

/** Emscripten's `_fd_read`, for the file system this module sees (the original import is not reachable once wrapped). */
function readThroughFs(
  fs: FFmpegCoreModule["FS"],
  memory: WebAssembly.Memory,
  fd: number,
  iov: number,
  iovcnt: number,
  pnum: number,
): number {
  try {
    const stream = fs.getStream(fd);
    if (!stream) return 8; // EBADF
    let total = 0;
    for (let i = 0; i < iovcnt; i++) {
      const words = new Uint32Array(memory.buffer);
      const pointer = words[(iov >> 2) + i * 2]!;
      const length = words[(iov >> 2) + i * 2 + 1]!;
      const got = fs.read(stream, new Int8Array(memory.buffer), pointer, length);
      if (got < 0) return 29;
      total += got;
      if (got < length) break;
    }
    new Uint32Array(memory.buffer)[pnum >> 2] = total;
    return 0;
  } catch (error) {
    const errno = (error as { errno?: number }).errno;
    if (typeof errno === "number") return errno;
    throw error;
  }
}

type Entry = (argc: number, argv: number) => Promise<number>;

function sessionOf(core: FFmpegCoreModule, main: { ffmpeg: Entry; ffprobe: Entry }): FFmpegSession {
  const run = async (entry: Entry, args: string[]): Promise<FFmpegRun> => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    core.setLogger(({ type, message }) => (type === "stdout" ? stdout : stderr).push(message));
    try {
      try {
        await entry(args.length, core.stringsToPtr(args));
      } catch (error) {
        // FFmpeg ends by aborting the runtime (as @ffmpeg/core's own exec expects).
        if (!(error instanceof Error) || !error.message.startsWith("Aborted")) throw error;
      }
      return { exitCode: core.ret, stdout, stderr };
    } finally {
      core.reset();
      core.setLogger(() => {});
    }
  };
  return {
    readFile: (path) => (core.FS.analyzePath(path).exists ? core.FS.readFile(path) : null),
    ffmpeg: (args) => run(main.ffmpeg, [...core.DEFAULT_ARGS, ...args]),
    ffprobe: (args) => run(main.ffprobe, [...core.DEFAULT_ARGS_FFPROBE, ...args]),
  };
}
