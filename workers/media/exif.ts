/**
 * Photo metadata for the timeline and the map, read with exifr. Only the handful of tags Hearth
 * shows are picked, so exifr stops after the blocks that hold them and skips maker notes, XMP,
 * ICC and IPTC.
 */
import exifr from "exifr";
import { readImageHeader } from "./image-header";
import { swapsAxes, toOrientation, type Orientation } from "./orientation";

export interface PhotoExif {
  /**
   * When the photo was taken, ISO 8601. Cameras record local wall-clock time: the result carries
   * an offset (`2023-06-01T12:34:56+02:00`) only when the camera wrote OffsetTimeOriginal, and
   * none (`2023-06-01T12:34:56`, local time) otherwise.
   */
  takenAt: string | null;
  cameraMake: string | null;
  cameraModel: string | null;
  lens: string | null;
  /** Decimal degrees, negative south / west. */
  latitude: number | null;
  longitude: number | null;
  /** Size as displayed, i.e. after EXIF orientation (a portrait phone photo is taller than wide). */
  width: number | null;
  height: number | null;
  /** EXIF orientation as stored (1 = upright); `width`/`height` already account for it. */
  orientation: Orientation;
}

const PICKED_TAGS = [
  "Make",
  "Model",
  "Orientation",
  "DateTimeOriginal",
  "CreateDate",
  "OffsetTimeOriginal",
  "LensModel",
  "ExifImageWidth",
  "ExifImageHeight",
  "GPSLatitude",
  "GPSLatitudeRef",
  "GPSLongitude",
  "GPSLongitudeRef",
];

const EXIFR_OPTIONS = {
  pick: PICKED_TAGS,
  // Raw values: dates stay "YYYY:MM:DD hh:mm:ss" strings (exifr would turn them into Dates in the
  // runtime's time zone) and Orientation stays a number. latitude/longitude are still computed.
  reviveValues: false,
  translateValues: false,
};

/** The subset of exifr's output that Hearth reads. */
interface PickedTags {
  Make?: unknown;
  Model?: unknown;
  Orientation?: unknown;
  DateTimeOriginal?: unknown;
  CreateDate?: unknown;
  OffsetTimeOriginal?: unknown;
  LensModel?: unknown;
  ExifImageWidth?: unknown;
  ExifImageHeight?: unknown;
  latitude?: unknown;
  longitude?: unknown;
}

/**
 * Read capture time, camera, lens, GPS position and size from a photo (JPEG, PNG, HEIC, TIFF).
 * Never throws for a file without EXIF or a file that is not an image: the fields are null.
 */
export async function readExif(input: Uint8Array): Promise<PhotoExif> {
  const tags = await parseTags(input);
  const orientation = toOrientation(tags.Orientation);
  const stored = storedSize(input, tags);
  const swap = swapsAxes(orientation);
  return {
    takenAt: exifDateToIso(tags.DateTimeOriginal ?? tags.CreateDate, tags.OffsetTimeOriginal),
    cameraMake: cleanText(tags.Make),
    cameraModel: cleanText(tags.Model),
    lens: cleanText(tags.LensModel),
    latitude: coordinate(tags.latitude, 90),
    longitude: coordinate(tags.longitude, 180),
    width: stored ? (swap ? stored.height : stored.width) : null,
    height: stored ? (swap ? stored.width : stored.height) : null,
    orientation,
  };
}

/** The EXIF orientation of a photo, 1 when it has none. Reads only IFD0. */
export async function readOrientation(input: Uint8Array): Promise<Orientation> {
  try {
    return toOrientation(await exifr.orientation(input));
  } catch {
    return 1;
  }
}

async function parseTags(input: Uint8Array): Promise<PickedTags> {
  try {
    return ((await exifr.parse(input, EXIFR_OPTIONS)) as PickedTags | undefined) ?? {};
  } catch {
    // exifr throws "Unknown file format" for non-images and for formats it does not parse.
    return {};
  }
}

/** The file header is authoritative; EXIF sizes may describe the image before an edit. */
function storedSize(input: Uint8Array, tags: PickedTags): { width: number; height: number } | null {
  try {
    return readImageHeader(input);
  } catch {
    const width = tags.ExifImageWidth;
    const height = tags.ExifImageHeight;
    return typeof width === "number" && typeof height === "number" && width > 0 && height > 0
      ? { width, height }
      : null;
  }
}

const EXIF_DATE = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/;
const UTC_OFFSET = /^[+-]\d{2}:\d{2}$/;

/** "2023:06:01 12:34:56" (+ "+02:00") → "2023-06-01T12:34:56+02:00"; null for blanks like "0000:00:00". */
export function exifDateToIso(value: unknown, offset: unknown): string | null {
  if (typeof value !== "string") return null;
  const parts = EXIF_DATE.exec(value.trim());
  if (!parts) return null;
  const [, year, month, day, hour, minute, second] = parts;
  if (year === "0000" || month === "00" || day === "00") return null;
  const zone = typeof offset === "string" && UTC_OFFSET.test(offset.trim()) ? offset.trim() : "";
  return `${year}-${month}-${day}T${hour}:${minute}:${second}${zone}`;
}

function cleanText(value: unknown): string | null {
  if (typeof value !== "string") return null;
  // Some cameras pad fixed-size fields with NULs or spaces.
  const text = value.replace(/\0+$/, "").trim();
  return text === "" ? null : text;
}

function coordinate(value: unknown, limit: number): number | null {
  return typeof value === "number" && Number.isFinite(value) && Math.abs(value) <= limit ? value : null;
}
