/**
 * Cutting one byte stream into consecutive pieces, each handed on as a stream of its own: a PATCH
 * body becomes chunk objects, an assembled upload becomes multipart parts. Each piece is a native
 * FixedLengthStream when its size is known (real R2 refuses streams of unknown length). The
 * source must be a native byte stream (hashingPipe's output): it is read with BYOB reads of
 * 256 KiB+, so JavaScript touches each MiB only a few times.
 */
import { SliceReader } from "@hearth/storage-adapter";

/** Stores one piece; resolves false to stop after it (the rest of the source is then cancelled). */
export type StorePiece = (
  piece: ReadableStream<Uint8Array>,
  size: number | undefined,
  index: number,
) => Promise<boolean>;

/** Sees every slice on its way into a piece (for hashing); may throw to stop everything. */
export type ObserveSlice = (slice: Uint8Array) => Promise<void>;

/**
 * Feeds `source` into pieces of `pieceSize` bytes (the last may be shorter), one at a time, and
 * resolves with the number of bytes passed on once `store` has settled for every piece. With
 * `totalLength` known every piece has a known size, and a source that ends early is an error.
 * Rejects with the first error of the source, `observe` or `store`, after abandoning the piece
 * in progress (so its store call fails too and keeps nothing).
 */
export async function splitStream(
  source: ReadableStream<Uint8Array>,
  pieceSize: number,
  totalLength: number | undefined,
  store: StorePiece,
  observe?: ObserveSlice,
): Promise<number> {
  const slices = new SliceReader(source);
  let passed = 0;
  try {
    for (let index = 0; ; index++) {
      const remaining = totalLength === undefined ? undefined : totalLength - passed;
      // Looking ahead before opening a piece means a source ending on a boundary leaves no empty piece.
      if (remaining === 0 || !(await slices.hasMore())) {
        if (remaining) throw new Error(`the stream ended ${remaining} bytes early`);
        return passed;
      }
      const size = remaining === undefined ? undefined : Math.min(pieceSize, remaining);
      const piece = await writePiece(
        slices,
        size ?? pieceSize,
        size !== undefined,
        (stream) => store(stream, size, index),
        observe,
      );
      passed += piece.written;
      if (!piece.keepGoing) {
        await slices.cancel(new Error("the store stopped taking pieces"));
        return passed;
      }
    }
  } catch (error) {
    await slices.cancel(error);
    throw error;
  }
}

/** Writes up to `limit` bytes into a new piece while `store` consumes it. */
async function writePiece(
  slices: SliceReader,
  limit: number,
  fixedLength: boolean,
  store: (piece: ReadableStream<Uint8Array>) => Promise<boolean>,
  observe: ObserveSlice | undefined,
): Promise<{ written: number; keepGoing: boolean }> {
  const pipe = fixedLength ? new FixedLengthStream(limit) : new IdentityTransformStream();
  const writer = pipe.writable.getWriter();
  const storing = store(pipe.readable as ReadableStream<Uint8Array>);
  // A store that fails early leaves nobody reading: abort so pending writes fail instead of waiting.
  storing.catch((error) => writer.abort(error).catch(() => {}));
  let written = 0;
  try {
    while (written < limit) {
      const slice = await slices.take(limit - written);
      if (slice === undefined) break;
      if (observe) await observe(slice);
      await writer.write(slice);
      written += slice.byteLength;
    }
    await writer.close();
  } catch (error) {
    await writer.abort(error).catch(() => {});
    await storing.catch(() => {});
    throw error;
  }
  return { written, keepGoing: await storing };
}
