/**
 * Camera RAW files (CR2, CR3, NEF, ARW, DNG, RAF, ORF, RW2): Hearth shows the full-size JPEG
 * preview the camera embedded (what the camera's own screen shows), not a demosaiced render of
 * the sensor data. Finding it, per container:
 * - TIFF-based (CR2, NEF, ARW, DNG, ORF, RW2, PEF...): every IFD is walked (the chain, SubIFDs,
 *   the EXIF IFD) for JPEG strips, JPEGInterchangeFormat pointers and Panasonic's JpgFromRaw.
 * - CR3 (ISO-BMFF): the first track's only sample is the full-size JPEG (stsz + co64/stco).
 * - RAF: the header points at an embedded JPEG (offset 84, length 88).
 * - Olympus keeps its large preview in maker notes; when the structure gives nothing big, the file
 *   is scanned for JPEG streams.
 * Every candidate must be a complete baseline or progressive JPEG (never the lossless-JPEG raw
 * data of a DNG or CR2); the one with the most pixels wins.
 */
import { readImageHeader } from "./image-header";

export interface RawPreview {
  /** The embedded JPEG (a view into the RAW's bytes). */
  jpeg: Uint8Array;
  /**
   * Where the photo's EXIF is (date, camera, orientation): the RAW itself for TIFF-based files,
   * CR3's CMT1 (IFD0) and CMT2 (EXIF) TIFF blocks, RAF's embedded JPEG.
   */
  metadata: Uint8Array[];
  /** True when the embedded JPEG carries the photo's orientation itself (RAF) rather than the RAW's IFD0. */
  orientationInJpeg: boolean;
}

const RAW_MIMES = new Set([
  "image/x-canon-cr2",
  "image/x-canon-cr3",
  "image/x-nikon-nef",
  "image/x-sony-arw",
  "image/x-adobe-dng",
  "image/x-fuji-raf",
  "image/x-olympus-orf",
  "image/x-panasonic-rw2",
]);

type Container = "tiff" | "cr3" | "raf";

/** Which RAW container the bytes are, or null: by magic, with TIFF-magic files only when uploaded under a RAW name. */
export function sniffCameraRaw(bytes: Uint8Array, mime: string): Container | null {
  if (ascii(bytes, 0, 15) === "FUJIFILMCCD-RAW") return "raf";
  if (ascii(bytes, 4, 8) === "ftypcrx ") return "cr3";
  const order = ascii(bytes, 0, 2);
  if (order !== "II" && order !== "MM") return null;
  const magic = ascii(bytes, 2, 2);
  // ORF ("IIRO"/"IIRS"/"MMOR") and RW2 ("IIU\0") change the TIFF magic; CR2 adds "CR" at 8.
  if (["RO", "RS", "OR", "U\0"].includes(magic) || ascii(bytes, 8, 2) === "CR") return "tiff";
  const tiff = (order === "II" && magic === "*\0") || (order === "MM" && magic === "\0*");
  return tiff && RAW_MIMES.has(mime) ? "tiff" : null;
}

/** The largest embedded JPEG preview, or null when the file has none. */
export function findRawPreview(bytes: Uint8Array, container: Container): RawPreview | null {
  if (container === "raf") {
    const view = dataView(bytes);
    if (bytes.length < 92) return null;
    const jpeg = validJpeg(bytes, view.getUint32(84), view.getUint32(88));
    return jpeg ? { jpeg: jpeg.bytes, metadata: [jpeg.bytes], orientationInJpeg: true } : null;
  }
  if (container === "cr3") return cr3Preview(bytes);
  const candidates = tiffCandidates(bytes);
  if (!candidates.some((candidate) => Math.max(candidate.width, candidate.height) >= 1024)) {
    candidates.push(...scanForJpegs(bytes));
  }
  const best = largest(candidates);
  return best ? { jpeg: best.bytes, metadata: [bytes], orientationInJpeg: false } : null;
}

interface Candidate {
  bytes: Uint8Array;
  width: number;
  height: number;
}

function largest(candidates: Candidate[]): Candidate | null {
  let best: Candidate | null = null;
  for (const candidate of candidates) {
    if (!best || candidate.width * candidate.height > best.width * best.height) best = candidate;
  }
  return best;
}

/** `bytes[offset, offset+length)` when it is a complete baseline/progressive JPEG; null otherwise. */
function validJpeg(bytes: Uint8Array, offset: number, length: number): Candidate | null {
  if (offset <= 0 || length < 128 || offset + length > bytes.length) return null;
  const jpeg = bytes.subarray(offset, offset + length);
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8 || !isDctJpeg(jpeg)) return null;
  try {
    const header = readImageHeader(jpeg);
    return header.format === "jpeg" ? { bytes: jpeg, width: header.width, height: header.height } : null;
  } catch {
    return null;
  }
}

/** True when the frame is baseline or progressive DCT (SOF0-2), not lossless raw data (SOF3). */
function isDctJpeg(jpeg: Uint8Array): boolean {
  const view = dataView(jpeg);
  for (let at = 2; at + 4 <= jpeg.length;) {
    if (jpeg[at] !== 0xff) return false;
    const marker = jpeg[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return marker <= 0xc2;
    }
    if (marker === 0xda) return false;
    at += 2 + view.getUint16(at + 2);
  }
  return false;
}

/** Walks a TIFF's IFDs (chain, SubIFDs, EXIF IFD) for JPEGs. Offsets are from the TIFF header at `base`. */
function tiffCandidates(bytes: Uint8Array, base = 0): Candidate[] {
  const view = dataView(bytes);
  const little = bytes[base] === 0x49;
  const u16 = (at: number) => view.getUint16(at, little);
  const u32 = (at: number) => view.getUint32(at, little);
  const candidates: Candidate[] = [];
  const queue = [u32(base + 4)];
  const seen = new Set<number>();
  while (queue.length > 0 && seen.size < 64) {
    const ifd = base + queue.shift()!;
    if (seen.has(ifd) || ifd <= base || ifd + 2 > bytes.length) continue;
    seen.add(ifd);
    const count = u16(ifd);
    if (ifd + 2 + count * 12 + 4 > bytes.length) continue;
    const tags = new Map<number, { type: number; count: number; value: number; at: number }>();
    for (let i = 0; i < count; i++) {
      const entry = ifd + 2 + i * 12;
      tags.set(u16(entry), { type: u16(entry + 2), count: u32(entry + 4), value: u32(entry + 8), at: entry + 8 });
    }
    const value = (tag: number) => {
      const entry = tags.get(tag);
      return entry ? (entry.type === 3 ? u16(entry.at) : entry.value) : undefined;
    };
    const add = (offset: number | undefined, length: number | undefined) => {
      const candidate = offset && length ? validJpeg(bytes, base + offset, length) : null;
      if (candidate) candidates.push(candidate);
    };
    add(value(0x0201), value(0x0202)); // JPEGInterchangeFormat(Length)
    if (tags.get(0x0111)?.count === 1) add(value(0x0111), value(0x0117)); // one JPEG strip
    const jpgFromRaw = tags.get(0x002e); // Panasonic RW2
    if (jpgFromRaw) add(jpgFromRaw.value, jpgFromRaw.count);
    const subIfds = tags.get(0x014a);
    if (subIfds) {
      const at = subIfds.count === 1 ? subIfds.at : base + subIfds.value;
      for (let i = 0; i < Math.min(subIfds.count, 16) && at + i * 4 + 4 <= bytes.length; i++)
        queue.push(u32(at + i * 4));
    }
    const exif = value(0x8769);
    if (exif) queue.push(exif);
    const next = u32(ifd + 2 + count * 12);
    if (next) queue.push(next);
  }
  return candidates;
}

/** Every complete DCT JPEG that starts in the file (maker-note previews), at most 64 looked at. */
function scanForJpegs(bytes: Uint8Array): Candidate[] {
  const found: Candidate[] = [];
  let looked = 0;
  for (let at = bytes.indexOf(0xff, 1); at !== -1 && looked < 64; at = bytes.indexOf(0xff, at + 1)) {
    if (bytes[at + 1] !== 0xd8 || bytes[at + 2] !== 0xff) continue;
    looked++;
    const end = endOfJpeg(bytes, at);
    const candidate = end === -1 ? null : validJpeg(bytes, at, end - at);
    if (candidate) {
      found.push(candidate);
      at = end - 1;
    }
  }
  return found;
}

/** Offset just past the EOI of the JPEG starting at `start`, following its segments; -1 if none. */
function endOfJpeg(bytes: Uint8Array, start: number): number {
  const view = dataView(bytes);
  let at = start + 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return -1;
    const marker = bytes[at + 1]!;
    if (marker === 0xda) {
      for (let i = bytes.indexOf(0xff, at + 2); i !== -1; i = bytes.indexOf(0xff, i + 1)) {
        const next = bytes[i + 1]!;
        if (next === 0xd9) return i + 2;
      }
      return -1;
    }
    at += 2 + view.getUint16(at + 2);
  }
  return -1;
}

const CANON_UUID = "85c0b687820f11e08111f4ce462b6a48";

/** CR3: the first track's first sample is the full-size JPEG; CMT1/CMT2 in Canon's uuid box hold IFD0 and EXIF. */
function cr3Preview(bytes: Uint8Array): RawPreview | null {
  const view = dataView(bytes);
  const moov = boxes(bytes, 0, bytes.length).find((box) => box.type === "moov");
  if (!moov) return null;
  const inMoov = boxes(bytes, moov.body, moov.end);
  const metadata: Uint8Array[] = [];
  const canon = inMoov.find(
    (box) => box.type === "uuid" && hex(bytes.subarray(box.body, box.body + 16)) === CANON_UUID,
  );
  if (canon) {
    for (const box of boxes(bytes, canon.body + 16, canon.end)) {
      if (box.type === "CMT1" || box.type === "CMT2") metadata.push(bytes.subarray(box.body, box.end));
    }
  }
  const trak = inMoov.find((box) => box.type === "trak");
  const stbl = trak && descend(bytes, trak, ["mdia", "minf", "stbl"]);
  if (!stbl) return null;
  const inStbl = boxes(bytes, stbl.body, stbl.end);
  const stsz = inStbl.find((box) => box.type === "stsz");
  const co64 = inStbl.find((box) => box.type === "co64");
  const stco = inStbl.find((box) => box.type === "stco");
  if (!stsz || !(co64 || stco)) return null;
  const sampleSize = view.getUint32(stsz.body + 4) || view.getUint32(stsz.body + 12);
  const offset = co64 ? Number(view.getBigUint64(co64.body + 8)) : view.getUint32(stco!.body + 8);
  const jpeg = validJpeg(bytes, offset, sampleSize);
  return jpeg ? { jpeg: jpeg.bytes, metadata, orientationInJpeg: false } : null;
}

interface Box {
  type: string;
  body: number;
  end: number;
}

function boxes(bytes: Uint8Array, start: number, end: number): Box[] {
  const view = dataView(bytes);
  const found: Box[] = [];
  for (let at = start; at + 8 <= end;) {
    let size = view.getUint32(at);
    let header = 8;
    if (size === 1 && at + 16 <= end) {
      size = Number(view.getBigUint64(at + 8));
      header = 16;
    } else if (size === 0) size = end - at;
    if (size < header || at + size > end) break;
    found.push({ type: ascii(bytes, at + 4, 4), body: at + header, end: at + size });
    at += size;
  }
  return found;
}

function descend(bytes: Uint8Array, from: Box, path: string[]): Box | null {
  let box: Box | undefined = from;
  for (const type of path) {
    box = boxes(bytes, box.body, box.end).find((child) => child.type === type);
    if (!box) return null;
  }
  return box;
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
