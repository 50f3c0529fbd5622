/**
 * Moving a request body into storage while hashing it, fast.
 *
 * Request bodies arrive in ~4 KiB pieces. Passing each through a JavaScript TransformStream costs
 * workerd about 0.2 ms a piece, which caps a 1 GiB upload at ~15 MiB/s (measured: 256 MiB took
 * 16 s through a counting TransformStream, 2.3 s piped straight to disk). Reading with a BYOB
 * reader and `readAtLeast` gathers 256 KiB+ per read instead, so JavaScript touches the bytes a
 * few hundred times per GiB, and hashing costs nothing measurable (256 MiB in 1.7 s).
 */

const MIN_READ = 256 * 1024;
const BUFFER = 1024 * 1024;

export interface HashedStream {
  /** The same bytes, in large chunks; give it to the store. */
  stream: ReadableStream<Uint8Array>;
  /** Resolves when every byte has passed, with the count and SHA-256 (hex); rejects if the body broke. */
  result: Promise<{ size: number; sha256: string }>;
}

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Pipes `body` into a native stream (fixed-length when `expectedLength` is known, so a short body
 * is an error rather than a short file) while computing its SHA-256.
 */
export function hashingPipe(body: ReadableStream<Uint8Array>, expectedLength?: number): HashedStream {
  const pipe = expectedLength !== undefined ? new FixedLengthStream(expectedLength) : new IdentityTransformStream();
  const writer = pipe.writable.getWriter();
  const digest = new crypto.DigestStream("SHA-256");
  const digestWriter = digest.getWriter();

  const result = (async () => {
    const reader = body.getReader({ mode: "byob" });
    let size = 0;
    try {
      for (;;) {
        const { value, done } = await reader.readAtLeast(MIN_READ, new Uint8Array(new ArrayBuffer(BUFFER)));
        if (value && value.byteLength > 0) {
          size += value.byteLength;
          await Promise.all([writer.write(value), digestWriter.write(value)]);
        }
        if (done) break;
      }
      await digestWriter.close();
      await writer.close();
      return { size, sha256: hex(await digest.digest) };
    } catch (error) {
      await writer.abort(error).catch(() => {});
      await digestWriter.abort(error).catch(() => {});
      throw error;
    }
  })();
  // The caller awaits the store first; keep an early failure from being reported as unhandled.
  result.catch(() => {});
  return { stream: pipe.readable as ReadableStream<Uint8Array>, result };
}
