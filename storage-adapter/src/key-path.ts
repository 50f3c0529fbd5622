/*
 * How object keys map to names on disk.
 *
 * A key is split at "/" into segments; every segment but the last is a folder, and the last names
 * the object's files inside the last folder. Each segment is written as a "stem":
 *
 *   - bytes a-z 0-9 "-" "_" stay as they are, and so does "." unless it is the first byte;
 *   - every other UTF-8 byte (capitals, "/", "%", "~", NUL, spaces, non-ASCII, a leading ".")
 *     becomes "%XX" with upper-case hex;
 *   - the empty segment (as in "a//b" or a trailing "/") becomes a lone "%";
 *   - a stem longer than MAX_STEM_LENGTH becomes "%%" + sha256(segment), and a small "name record"
 *     file beside it keeps the real segment, so that listing can still recover the key.
 *
 * A stem therefore never contains "~", never starts with "." (the disk service refuses dotfiles),
 * is never "." or "..", and differs from every other stem even on a case-insensitive filesystem
 * (only escapes contain capitals). Files that belong to an object are "<stem>~<tag>", so an object
 * file can never share a name with a folder, and the disk service's PUT (which replaces a
 * directory standing at the target path) can never remove a folder of other keys.
 */

/** R2's limit on key length, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

/** Longest stem written as is; longer ones are hashed. 180 + "~d" + 32 hex stays under NAME_MAX (255). */
const MAX_STEM_LENGTH = 180;

const HASHED_STEM_PREFIX = "%%";
const EMPTY_SEGMENT_STEM = "%";

/** Suffix of an object's metadata file: its existence is what makes the object exist. */
export const SIDECAR_TAG = "~m";
/** Suffix (followed by the version id) of an object's data file. */
export const DATA_TAG = "~d";
/** Suffix of the file that records the real segment behind a hashed stem. */
export const NAME_RECORD_TAG = "~n";

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lenientDecoder = new TextDecoder();

/** A file that records the segment behind a hashed stem, at `folder/<stem>~n`. */
export interface NameRecord {
  folder: string[];
  stem: string;
  segment: string;
}

/** Where an object's files live: `folder/<stem>~m` (sidecar) and `folder/<stem>~d<version>` (data). */
export interface ObjectLocation {
  folder: string[];
  stem: string;
  /** Name records to write before the object, one per hashed stem on its path. */
  nameRecords: NameRecord[];
}

/**
 * Returns `key` as R2 stores it: JavaScript strings may hold lone surrogates, which UTF-8 cannot,
 * so they become U+FFFD exactly as they do on the way into the real R2 binding.
 */
export function normalizeKey(key: string): string {
  return lenientDecoder.decode(encoder.encode(String(key)));
}

/** The UTF-8 length of a key, for R2's 1024-byte limit. */
export function keyByteLength(key: string): number {
  return encoder.encode(key).byteLength;
}

/** Maps a (normalized) key to the folder and stem of its files. */
export async function locateKey(key: string): Promise<ObjectLocation> {
  const segments = key.split("/");
  const folder: string[] = [];
  const nameRecords: NameRecord[] = [];
  let stem = "";
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] ?? "";
    const encoded = await stemFor(segment);
    if (encoded.startsWith(HASHED_STEM_PREFIX)) {
      nameRecords.push({ folder: [...folder], stem: encoded, segment });
    }
    if (i === segments.length - 1) stem = encoded;
    else folder.push(encoded);
  }
  return { folder, stem, nameRecords };
}

/** Maps the complete segments of a list prefix to their folder (no name records needed to read). */
export async function locateFolder(segments: string[]): Promise<string[]> {
  const folder: string[] = [];
  for (const segment of segments) folder.push(await stemFor(segment));
  return folder;
}

/** The on-disk stem of one key segment. */
export async function stemFor(segment: string): Promise<string> {
  const bytes = encoder.encode(segment);
  if (bytes.byteLength === 0) return EMPTY_SEGMENT_STEM;
  const stem = escapeBytes(bytes);
  if (stem.length <= MAX_STEM_LENGTH) return stem;
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return HASHED_STEM_PREFIX + toHex(new Uint8Array(digest));
}

/**
 * Decodes a stem read from a folder listing. Returns the segment, "hashed" when the segment has to
 * be read from the stem's name record, or null for a name DiskBucket did not write (ignored).
 */
export function decodeStem(stem: string): string | "hashed" | null {
  if (stem === EMPTY_SEGMENT_STEM) return "";
  if (stem.startsWith(HASHED_STEM_PREFIX)) return /^%%[0-9a-f]{64}$/.test(stem) ? "hashed" : null;
  const bytes: number[] = [];
  for (let i = 0; i < stem.length; i++) {
    const ch = stem.charCodeAt(i);
    if (ch === 0x25 /* % */) {
      const hex = stem.slice(i + 1, i + 3);
      if (!/^[0-9A-F]{2}$/.test(hex)) return null;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(ch);
    }
  }
  let segment: string;
  try {
    segment = strictDecoder.decode(new Uint8Array(bytes));
  } catch {
    return null;
  }
  // Only the one canonical spelling is ours; anything else was put there by someone else.
  return escapeBytes(encoder.encode(segment)) === stem && segment !== "" ? segment : null;
}

/** What a folder entry is, judged by its name and type. */
export type FolderEntry = { kind: "folder"; stem: string } | { kind: "object"; stem: string } | { kind: "other" };

/** Classifies one entry of a disk-service folder listing. */
export function classifyEntry(name: string, type: string): FolderEntry {
  if (type === "directory") return name.includes("~") ? { kind: "other" } : { kind: "folder", stem: name };
  if (type === "file" && name.endsWith(SIDECAR_TAG)) {
    const stem = name.slice(0, -SIDECAR_TAG.length);
    if (!stem.includes("~")) return { kind: "object", stem };
  }
  return { kind: "other" };
}

/** File name of an object's sidecar. */
export function sidecarName(stem: string): string {
  return stem + SIDECAR_TAG;
}

/** File name of one version of an object's data. */
export function dataName(stem: string, version: string): string {
  return stem + DATA_TAG + version;
}

/** File name of the name record of a hashed stem. */
export function nameRecordName(stem: string): string {
  return stem + NAME_RECORD_TAG;
}

/** Whether a stem is hashed, i.e. its segment lives in a name record. */
export function isHashedStem(stem: string): boolean {
  return stem.startsWith(HASHED_STEM_PREFIX);
}

function escapeBytes(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    const plain =
      (b >= 0x61 && b <= 0x7a) || // a-z
      (b >= 0x30 && b <= 0x39) || // 0-9
      b === 0x2d || // -
      b === 0x5f || // _
      (b === 0x2e && i > 0); // . (a leading dot would make a hidden file)
    out += plain ? String.fromCharCode(b) : "%" + b.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

/** Lowercase hex of some bytes: the one hex helper Hearth has. */
export function toHex(data: ArrayBuffer | Uint8Array): string {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}
