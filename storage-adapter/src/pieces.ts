/*
 * Notes on puts in pieces
 *
 * With a digest helper bound (digest-helper.ts), a put longer than SMALL_PUT_BYTES is written as
 * files of PIECE_BYTES in a folder of its own, `~multipart/<id>/`, laid out like a completed
 * multipart upload (multipart.ts): the sidecar lists the files as the object's `pieces`, and the
 * folder's `object.json` names that sidecar, so readers, deletes and the Node-side collector treat
 * both alike. Each piece is handed to the helper once it is on disk, and the helper hashes it on
 * another core while this thread receives the next one; the put's SHA-256 is then ready a moment
 * after its last byte. A put that fits in SMALL_PUT_BYTES is held in memory until it ends and
 * goes to one data file, hashed here, as without a helper.
 *
 * Crash safety is the multipart upload's: until the sidecar is written the folder belongs to no
 * object (no upload.json either), so it is invisible garbage that the collector removes once stale.
 */
import type { DigestHelper, RunFile } from "./digest-helper.js";
import type { DiskClient, DiskPath } from "./disk-client.js";
import { randomId } from "./object-files.js";
import { SliceReader } from "./slice-reader.js";
import { toHex } from "./key-path.js";

/** A put that ends within this many bytes is written whole and hashed in the isolate. */
export const SMALL_PUT_BYTES = 8 * 1024 * 1024;
/** Size of every piece of a bigger put but the last: the helper lags by at most one piece. */
export const PIECE_BYTES = 32 * 1024 * 1024;

/** The start of a body: all of it when `ended`. */
export interface BodyHead {
  slices: Uint8Array[];
  size: number;
  ended: boolean;
}

/** Reads up to `max` bytes (a slice more at most) to learn whether the body is small. */
export async function readHead(reader: SliceReader, max: number): Promise<BodyHead> {
  const slices: Uint8Array[] = [];
  let size = 0;
  while (size <= max) {
    const slice = await reader.take(Infinity);
    if (!slice) return { slices, size, ended: true };
    slices.push(slice);
    size += slice.byteLength;
  }
  return { slices, size, ended: false };
}

/** The pieces written and how many bytes they hold (after a failure, `progress.bytes` says how far it got). */
export interface WrittenPieces {
  files: RunFile[];
  size: number;
}

/**
 * Writes `head` and then the rest of `reader` into pieces in `folder`, checking each on disk and
 * feeding it to the helper. `onSlice` sees every byte in order (for a checksum the caller asked
 * to verify). Leaves the files on failure: the caller removes the folder.
 */
export async function writePieces(
  client: DiskClient,
  helper: DigestHelper,
  folder: DiskPath,
  head: BodyHead,
  reader: SliceReader,
  progress: { bytes: number },
  onSlice?: (slice: Uint8Array) => Promise<void>,
): Promise<WrittenPieces> {
  const held = [...head.slices];
  const files: RunFile[] = [];
  for (let index = 0; index === 0 || held.length > 0 || (await reader.hasMore()); index++) {
    const name = `${index + 1}.${randomId()}.part`;
    const path = [...folder, name];
    const pipe = new IdentityTransformStream();
    const writer = pipe.writable.getWriter();
    const writing = client.write(path, pipe.readable);
    let size = 0;
    try {
      while (size < PIECE_BYTES) {
        const slice = held.shift() ?? (await reader.take(PIECE_BYTES - size));
        if (!slice) break;
        if (onSlice) await onSlice(slice);
        await writer.write(slice);
        size += slice.byteLength;
        progress.bytes += slice.byteLength;
        reader.recycle(slice);
      }
      await writer.close();
      await writing;
    } catch (error) {
      await writer.abort(error).catch(() => {});
      await writing.catch(() => {});
      throw error;
    }
    // The disk service commits a truncated file when the body errors: check what reached the disk.
    const written = await client.size(path);
    if (written !== size) throw new Error(`short write: ${written} of ${size} bytes of a piece reached the disk`);
    files.push({ name, size });
    await helper.feed(folder, index, { name, size });
  }
  return { files, size: progress.bytes };
}

/** The SHA-256 (hex) of the pieces: from the helper, or read back and hashed here when it cannot say. */
export async function piecesSha256(
  client: DiskClient,
  helper: DigestHelper,
  folder: DiskPath,
  files: RunFile[],
): Promise<string> {
  const known = await helper.sha256(folder, files);
  if (known) return known;
  const digest = new crypto.DigestStream("SHA-256");
  const writer = digest.getWriter();
  for (const file of files) {
    const opened = await client.open([...folder, file.name]);
    if (!opened || opened.totalSize !== file.size) throw new Error(`a piece of ${folder.join("/")} changed`);
    for await (const slice of new SliceReader(opened.body).slices()) await writer.write(slice);
  }
  await writer.close();
  return toHex(new Uint8Array(await digest.digest));
}
