/*
 * Notes on crash safety
 *
 * An object is two files in its folder: a data file `<stem>~d<version>` and a sidecar `<stem>~m`
 * that names the data file. Every write goes in this order:
 *
 *   1. the data goes to a data file with a fresh version in its name, which nothing refers to yet;
 *   2. its size and digests are checked against what was sent (the disk service commits a
 *      truncated file when a request body errors, so its 204 proves nothing on its own);
 *   3. the sidecar is replaced in one atomic PUT (temp file + rename): this is the commit point;
 *   4. the previous data file, if any, is deleted.
 *
 * Readers start from the sidecar, so a crash before 3 leaves the old object (or none) and an
 * unreferenced data file; a crash after 3 leaves the new object and perhaps an unreferenced old
 * data file. Deleting removes the sidecar first, then the data. Unreferenced data files are
 * invisible garbage, never half an object. A reader that finds its data file gone (replaced
 * between its two reads) starts again from the sidecar.
 *
 * A completed multipart upload has no data file of its own: its sidecar lists the part files
 * (`pieces`), which stay in the upload's folder; that folder then belongs to the object and is
 * deleted with it.
 */
import type { DigestAlgorithm, DigestResult } from "./digesting-stream.js";
import { digestingStream } from "./digesting-stream.js";
import type { DiskClient, DiskPath, OpenedFile } from "./disk-client.js";
import { SliceReader } from "./slice-reader.js";
import type { ObjectLocation } from "./key-path.js";
import { dataName, nameRecordName, sidecarName, toHex } from "./key-path.js";
import type { DataPieces, ObjectRecord } from "./object-record.js";
import { parseRecord, serializeRecord } from "./object-record.js";

/** A data file written and verified, not yet referenced by any sidecar. */
export interface StagedData extends DigestResult {
  version: string;
  dataName: string;
}

/** Reads and writes the files of objects. */
export class ObjectFiles {
  constructor(private readonly client: DiskClient) {}

  /** The object's sidecar, or null when the object does not exist. */
  async read(location: ObjectLocation): Promise<ObjectRecord | null> {
    return this.readAt([...location.folder, sidecarName(location.stem)]);
  }

  /** The sidecar at a path, or null. */
  async readAt(sidecarPath: DiskPath): Promise<ObjectRecord | null> {
    const text = await this.client.readText(sidecarPath);
    return text === null ? null : parseRecord(text);
  }

  /** Opens the data an object's record refers to, or a slice of it; null when it is gone. */
  async openData(
    location: ObjectLocation,
    record: ObjectRecord,
    slice?: { offset: number; length: number },
  ): Promise<OpenedFile | null> {
    if (record.pieces) return this.openPieces(record.pieces, slice ?? { offset: 0, length: record.size });
    return this.client.open([...location.folder, record.data], slice);
  }

  /** The size of the object's bytes on disk; null when they are gone. */
  async dataSize(location: ObjectLocation, record: ObjectRecord): Promise<number | null> {
    if (!record.pieces) return this.client.size([...location.folder, record.data]);
    let total = 0;
    for (const file of record.pieces.files) {
      const size = await this.client.size([...record.pieces.folder, file.name]);
      if (size === null) return null;
      total += size;
    }
    return total;
  }

  /**
   * One stream of the pieces overlapping `slice`, each piece opened when the previous one is
   * done. The first is opened before returning (so a vanished object reads as null); a later
   * piece that is missing or resized fails the stream.
   */
  private async openPieces(pieces: DataPieces, slice: { offset: number; length: number }): Promise<OpenedFile | null> {
    const wanted: { name: string; size: number; range?: { offset: number; length: number } }[] = [];
    let start = 0;
    for (const file of pieces.files) {
      const end = start + file.size;
      const from = Math.max(slice.offset, start);
      const to = Math.min(slice.offset + slice.length, end);
      if (to > from) {
        const whole = from === start && to === end;
        wanted.push({ ...file, ...(whole ? {} : { range: { offset: from - start, length: to - from } }) });
      }
      start = end;
    }
    const total = start;
    const first = wanted[0];
    if (!first) return null;
    const opened = await this.client.open([...pieces.folder, first.name], first.range);
    if (opened === null) return null;
    if (opened.totalSize !== first.size) return { body: opened.body, totalSize: -1 };
    // Pulled in large slices, piece after piece: the stream lives only while it is read, so
    // nothing keeps running after the response (a background pipe made workerd drop the
    // keep-alive connection after serving such an object).
    let index = 0;
    let reader = new SliceReader(opened.body);
    const client = this.client;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        for (;;) {
          const slice = await reader.take(Infinity);
          if (slice) return controller.enqueue(slice);
          const next = wanted[++index];
          if (!next) return controller.close();
          const file = await client.open([...pieces.folder, next.name], next.range);
          if (file === null || file.totalSize !== next.size)
            throw new Error("a piece of the object is missing or damaged");
          reader = new SliceReader(file.body);
        }
      },
      async cancel(reason) {
        await reader.cancel(reason);
      },
    });
    return { body, totalSize: total };
  }

  /**
   * Steps 1 and 2: streams `source` into a fresh data file, hashing it on the way, and checks the
   * file on disk holds exactly the bytes that were read. Removes the file on any failure.
   */
  async stage(location: ObjectLocation, source: ReadableStream, algorithms: DigestAlgorithm[]): Promise<StagedData> {
    await this.writeNameRecords(location);
    const version = randomId();
    const name = dataName(location.stem, version);
    const path = [...location.folder, name];
    const digesting = digestingStream(source, algorithms);
    try {
      await this.client.write(path, digesting.stream);
      const result = await digesting.result;
      const written = await this.client.size(path);
      if (written !== result.size) throw new Error(`short write: ${written} of ${result.size} bytes reached the disk`);
      return { ...result, version, dataName: name };
    } catch (error) {
      await this.discard(location, name);
      throw withBytesReceived(error, digesting.bytesSoFar());
    }
  }

  /** Removes a staged data file that will not be committed. */
  async discard(location: ObjectLocation, name: string): Promise<void> {
    await this.client.remove([...location.folder, name]).catch(() => false);
  }

  /**
   * Steps 3 and 4: makes `record` the object, unless `allow` rejects the object now in place
   * (preconditions are checked again here to keep the window for a racing writer small).
   * Returns false, having written nothing, when `allow` rejected.
   */
  async commit(
    location: ObjectLocation,
    record: ObjectRecord,
    allow?: (current: ObjectRecord | null) => boolean,
  ): Promise<boolean> {
    const previous = await this.read(location);
    if (allow && !allow(previous)) return false;
    await this.client.write([...location.folder, sidecarName(location.stem)], serializeRecord(record));
    if (previous && !sameData(previous, record)) await this.discardData(location, previous);
    return true;
  }

  /** Deletes an object: sidecar first (the object is gone from then on), then its data. */
  async remove(location: ObjectLocation): Promise<void> {
    const record = await this.read(location);
    await this.client.remove([...location.folder, sidecarName(location.stem)]);
    if (record) await this.discardData(location, record);
  }

  /** Removes the bytes a record referred to (its data file, or its pieces' folder). */
  private async discardData(location: ObjectLocation, record: ObjectRecord): Promise<void> {
    if (record.pieces) await this.client.remove(record.pieces.folder).catch(() => false);
    else await this.discard(location, record.data);
  }

  /** Writes the name records of hashed stems on the object's path (idempotent). */
  async writeNameRecords(location: ObjectLocation): Promise<void> {
    for (const record of location.nameRecords) {
      await this.client.write([...record.folder, nameRecordName(record.stem)], record.segment);
    }
  }
}

/** A random 128-bit id in hex, used for versions, upload ids and part etags. */
export function randomId(): string {
  return toHex(crypto.getRandomValues(new Uint8Array(16)));
}

function sameData(a: ObjectRecord, b: ObjectRecord): boolean {
  if (a.pieces || b.pieces) return a.pieces?.folder.join("/") === b.pieces?.folder.join("/");
  return a.data === b.data;
}

/**
 * Notes on a failed write how many bytes had reached the disk (Hearth tells a full disk from a
 * dropped client by it); read it with `bytesReceivedBy`.
 */
export function withBytesReceived(error: unknown, bytes: number): unknown {
  if (error instanceof Error) Object.assign(error, { bytesReceived: bytes });
  return error;
}

/** How many bytes a failed put had written before it failed; undefined when not known (real R2). */
export function bytesReceivedBy(error: unknown): number | undefined {
  const bytes = error instanceof Error ? (error as { bytesReceived?: unknown }).bytesReceived : undefined;
  return typeof bytes === "number" ? bytes : undefined;
}
