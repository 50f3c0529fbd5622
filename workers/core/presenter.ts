/**
 * The one place database rows become API shapes (@hearth/contract). Repositories return rows
 * ({file, blob, media}); routes and other core rules turn them into FileItems here, so a field
 * of the API is added or changed in one function.
 */
import { isThumbnailSize, type FileItem, type MediaInfo, type PathStep, type ThumbnailSize } from "@hearth/contract";
import type { BlobRow, FileRow, ItemRow, MediaRow } from "../repositories/files";

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/** The thumbnail sizes the media process has made (stored as "240,720"). */
function thumbnailsOf(row: MediaRow | null): ThumbnailSize[] {
  if (!row?.thumbnails) return [];
  return row.thumbnails.split(",").map(Number).filter(isThumbnailSize);
}

function mediaInfoOf(row: MediaRow): MediaInfo {
  return {
    takenAt: isoOrNull(row.takenAt),
    cameraMake: row.cameraMake,
    cameraModel: row.cameraModel,
    lens: row.lens,
    latitude: row.latitude,
    longitude: row.longitude,
    place:
      row.placeCity && row.placeCountry && row.placeCountryCode
        ? { city: row.placeCity, region: row.placeRegion, country: row.placeCountry, countryCode: row.placeCountryCode }
        : null,
    width: row.width,
    height: row.height,
    durationSeconds: row.durationSeconds,
    thumbhash: row.thumbhash,
    placeholderColour: row.placeholderColour,
    videoPreview: row.videoPreview,
  };
}

/** The API shape of a tree row, given its blob and media rows when it has them. */
export function toFileItem(file: FileRow, blob: BlobRow | null = null, media: MediaRow | null = null): FileItem {
  const item: FileItem = {
    id: file.id,
    parentId: file.parentId,
    name: file.name,
    kind: file.kind,
    size: file.size,
    mime: file.mime,
    createdAt: iso(file.createdAt),
    updatedAt: iso(file.updatedAt),
    thumbnails: thumbnailsOf(media),
    starred: file.starredAt !== null,
  };
  if (file.archivedAt !== null) item.archivedAt = iso(file.archivedAt);
  if (file.trashedAt !== null) item.trashedAt = iso(file.trashedAt);
  if (blob) item.sha256 = blob.sha256;
  if (media) {
    item.processing = { state: media.state, reason: media.stateReason };
    // Metadata once there is some: a file waiting for its first processing has none to show.
    if (media.state === "ready" || media.thumbnails !== "" || media.width !== null) item.media = mediaInfoOf(media);
  }
  return item;
}

/** The API shape of a listing's rows. */
export function toFileItems(rows: ItemRow[]): FileItem[] {
  return rows.map((row) => toFileItem(row.file, row.blob, row.media));
}

/** An item in the trash, with where it was (`/Photos/2024`, or `/` for the top level). */
export function toTrashItem(row: ItemRow): FileItem {
  const item = toFileItem(row.file, row.blob, row.media);
  const from = JSON.parse(row.file.trashedFrom ?? "[]") as PathStep[];
  item.originalPath = "/" + from.map((step) => step.name).join("/");
  return item;
}
