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
 */
import type { DigestAlgorithm, DigestResult } from "./digesting-stream.js";
import { digestingStream } from "./digesting-stream.js";
import type { DiskClient, DiskPath, OpenedFile } from "./disk-client.js";
import type { ObjectLocation } from "./key-path.js";
import { dataName, nameRecordName, sidecarName, toHex } from "./key-path.js";
import type { ObjectRecord } from "./object-record.js";
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
    return this.client.open([...location.folder, record.data], slice);
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
      throw error;
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
    if (previous && previous.data !== record.data) await this.discard(location, previous.data);
    return true;
  }

  /** Deletes an object: sidecar first (the object is gone from then on), then its data. */
  async remove(location: ObjectLocation): Promise<void> {
    const record = await this.read(location);
    await this.client.remove([...location.folder, sidecarName(location.stem)]);
    if (record) await this.discard(location, record.data);
  }

  /** Writes the name records of hashed stems on the object's path (idempotent). */
  private async writeNameRecords(location: ObjectLocation): Promise<void> {
    for (const record of location.nameRecords) {
      await this.client.write([...record.folder, nameRecordName(record.stem)], record.segment);
    }
  }
}

/** A random 128-bit id in hex, used for versions, upload ids and part etags. */
export function randomId(): string {
  return toHex(crypto.getRandomValues(new Uint8Array(16)));
}
