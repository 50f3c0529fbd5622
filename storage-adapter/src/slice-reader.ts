/**
 * Reading request bodies and other byte streams in large slices: the one byte slicer of Hearth.
 * A default reader gets native bodies in ~4 KiB pieces, and each piece that passes through
 * JavaScript costs workerd about 0.2 ms: a 1 GiB upload through a per-piece TransformStream ran at
 * ~10 MiB/s, and a tus PATCH read piece by piece was 2.5x slower than a PUT. BYOB reads of 256 KiB+
 * touch each MiB only a few times. Streams built in JavaScript (not byte streams) have their
 * chunks gathered into slices instead.
 */

/** A BYOB read waits for at least this many bytes (or the end) before returning. */
const MIN_READ = 256 * 1024;
/** No slice is larger than this. */
export const MAX_SLICE_BYTES = 1024 * 1024;

/**
 * Slice buffers handed back by readers that are done, for the next reader of the isolate (plain
 * memory, never tied to a request). A few are kept: each upload request would otherwise start with
 * fresh memory that the kernel faults in page by page.
 */
const sparePool: ArrayBuffer[] = [];
const MAX_POOLED = 4;

/** Reads a byte stream in large slices, never more than a caller asks for. */
export class SliceReader {
  readonly #byob: ReadableStreamBYOBReader | undefined;
  readonly #plain: ReadableStreamDefaultReader | undefined;
  #held: Uint8Array | undefined;
  #done = false;
  /** Memory of a slice the caller handed back, filled by the next read instead of new memory. */
  #spare: ArrayBuffer | undefined;

  constructor(source: ReadableStream) {
    try {
      this.#byob = source.getReader({ mode: "byob" });
    } catch {
      this.#plain = source.getReader();
    }
  }

  async hasMore(): Promise<boolean> {
    this.#held ??= await this.#read(MAX_SLICE_BYTES);
    return this.#held !== undefined;
  }

  /** The next slice of at most `max` bytes; undefined at the end. */
  async take(max: number): Promise<Uint8Array | undefined> {
    const slice = this.#held ?? (await this.#read(max));
    this.#held = undefined;
    if (slice === undefined || slice.byteLength <= max) return slice;
    this.#held = slice.subarray(max);
    return slice.subarray(0, max);
  }

  /** Every remaining slice, cancelling the source if the loop is left early. */
  async *slices(): AsyncGenerator<Uint8Array> {
    let finished = false;
    try {
      for (let slice = await this.take(Infinity); slice; slice = await this.take(Infinity)) yield slice;
      finished = true;
    } finally {
      this.release();
      if (!finished) await this.cancel(undefined);
    }
  }

  /**
   * Hands back a slice the caller is done with: nothing may read it afterwards. The next read fills
   * its memory instead of fresh memory, which the kernel would have to fault in page by page (on a
   * VM that returns freed memory to its host, that cost more than the copy of the bytes).
   */
  recycle(slice: Uint8Array): void {
    if (!this.#byob || slice.byteOffset !== 0 || this.#held?.buffer === slice.buffer) return;
    if (this.#spare && sparePool.length < MAX_POOLED && this.#spare.byteLength === MAX_SLICE_BYTES)
      sparePool.push(this.#spare);
    this.#spare = slice.buffer as ArrayBuffer;
  }

  /** Gives this reader's spare buffer to the next reader (call when done reading). */
  release(): void {
    const spare = this.#spare;
    this.#spare = undefined;
    if (spare && sparePool.length < MAX_POOLED && spare.byteLength === MAX_SLICE_BYTES) sparePool.push(spare);
  }

  async cancel(reason: unknown): Promise<void> {
    await (this.#byob ?? this.#plain)?.cancel(reason).catch(() => {});
  }

  async #read(max: number): Promise<Uint8Array | undefined> {
    const size = Math.min(max, MAX_SLICE_BYTES);
    if (this.#plain) return this.#gather(this.#plain, size);
    while (!this.#done) {
      this.#spare ??= sparePool.pop();
      const spare = this.#spare && this.#spare.byteLength >= size ? this.#spare : undefined;
      if (spare) this.#spare = undefined;
      const into = spare ? new Uint8Array(spare, 0, size) : new Uint8Array(size);
      const { value, done } = await this.#byob!.readAtLeast(Math.min(size, MIN_READ), into);
      this.#done = done;
      if (value && value.byteLength > 0) return value;
    }
    return undefined;
  }

  /** Joins a JavaScript stream's chunks until `size` bytes or the end (a slice may pass `size` by one chunk). */
  async #gather(reader: ReadableStreamDefaultReader, size: number): Promise<Uint8Array | undefined> {
    const chunks: Uint8Array[] = [];
    let total = 0;
    while (!this.#done && total < Math.min(size, MIN_READ)) {
      const { value, done } = await reader.read();
      if (done) this.#done = true;
      else if (value !== undefined) {
        const chunk = toBytes(value);
        chunks.push(chunk);
        total += chunk.byteLength;
      }
    }
    if (total === 0) return undefined;
    if (chunks.length === 1) return chunks[0];
    const joined = new Uint8Array(total);
    let at = 0;
    for (const chunk of chunks) {
      joined.set(chunk, at);
      at += chunk.byteLength;
    }
    return joined;
  }
}

function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError("This ReadableStream did not return bytes.");
}
