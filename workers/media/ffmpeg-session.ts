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
 * - Files live in Emscripten's MEMFS, i.e. in JS memory: the input is handed over without a copy
 *   (`canOwn`), FFmpeg's working memory is the wasm heap.
 * - Runs are synchronous and workerd's clock does not advance while JS runs, so FFmpeg's own
 *   timeout option cannot work here; a job that never returns has to be stopped from outside
 *   (by the process supervisor).
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

export interface FFmpegSession {
  /** Put a file into the in-memory file system. `bytes` must not change while the session runs. */
  writeFile(path: string, bytes: Uint8Array): void;
  /** The bytes of a file FFmpeg wrote, or null if it wrote none. */
  readFile(path: string): Uint8Array | null;
  /** `ffmpeg -nostdin -y ...args` */
  ffmpeg(args: string[]): FFmpegRun;
  /** `ffprobe ...args` */
  ffprobe(args: string[]): FFmpegRun;
}

/** Start a fresh FFmpeg instance, run `task` with it, and let the instance go. */
export async function withFFmpeg<T>(task: (session: FFmpegSession) => T | Promise<T>): Promise<T> {
  const core = await createFFmpegCore({
    instantiateWasm(imports, receiveInstance) {
      const instance = new WebAssembly.Instance(ffmpegWasm, imports);
      receiveInstance(instance, ffmpegWasm);
      return instance.exports;
    },
  });
  return task(sessionOf(core));
}

function sessionOf(core: FFmpegCoreModule): FFmpegSession {
  const run = (start: () => void): FFmpegRun => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    core.setLogger(({ type, message }) => (type === "stdout" ? stdout : stderr).push(message));
    try {
      start();
      return { exitCode: core.ret, stdout, stderr };
    } finally {
      core.reset();
      core.setLogger(() => {});
    }
  };
  return {
    writeFile: (path, bytes) => core.FS.writeFile(path, bytes, { canOwn: true }),
    readFile: (path) => (core.FS.analyzePath(path).exists ? core.FS.readFile(path) : null),
    ffmpeg: (args) => run(() => core.exec(...args)),
    ffprobe: (args) => run(() => core.ffprobe(...args)),
  };
}
