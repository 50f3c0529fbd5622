/**
 * The whole layout of the blob store, in one place. Keys are immutable (renames and moves touch
 * only metadata) and fan out on the id's first characters, so no folder holds millions of entries:
 *   originals/<ab>/<cd>/<blobId>            the bytes a user uploaded
 *   thumbs/<size>/<ab>/<cd>/<blobId>.jpg    one per THUMBNAIL_SIZES entry
 *   previews/<ab>/<cd>/<blobId>.mp4         a video's 720p H.264 preview, when it needs one
 *   tus/<ab>/<uploadId>/<chunk>             the chunks of an unfinished resumable upload
 */
import { THUMBNAIL_SIZES, type ThumbnailSize } from "@hearth/contract";

export function originalKey(blobId: string): string {
  return `originals/${blobId.slice(0, 2)}/${blobId.slice(2, 4)}/${blobId}`;
}

export function thumbnailKey(blobId: string, size: ThumbnailSize): string {
  return `thumbs/${size}/${blobId.slice(0, 2)}/${blobId.slice(2, 4)}/${blobId}.jpg`;
}

export function previewKey(blobId: string): string {
  return `previews/${blobId.slice(0, 2)}/${blobId.slice(2, 4)}/${blobId}.mp4`;
}

/** Every key derived from a blob (its thumbnails and video preview), to delete with the original. */
export function derivedKeys(blobId: string): string[] {
  return [...THUMBNAIL_SIZES.map((size) => thumbnailKey(blobId, size)), previewKey(blobId)];
}

/** The folder holding one tus upload's chunks. */
export function tusUploadPrefix(uploadId: string): string {
  return `tus/${uploadId.slice(0, 2)}/${uploadId}/`;
}

export function tusChunkKey(uploadId: string, chunkName: string): string {
  return `${tusUploadPrefix(uploadId)}${chunkName}`;
}

/** What a stored key is, read back from the layout above (thumbnails and previews are "derived" from a blob); null for a key outside it. */
export type StoredKey =
  { kind: "original" } | { kind: "derived"; blobId: string } | { kind: "tus-chunk"; uploadId: string };

export function storedKeyOf(key: string): StoredKey | null {
  if (/^originals\/[^/]{2}\/[^/]{2}\/[^/]+$/.test(key)) return { kind: "original" };
  const thumb = /^thumbs\/[^/]+\/[^/]{2}\/[^/]{2}\/([^/]+)\.jpg$/.exec(key);
  if (thumb) return { kind: "derived", blobId: thumb[1]! };
  const preview = /^previews\/[^/]{2}\/[^/]{2}\/([^/]+)\.mp4$/.exec(key);
  if (preview) return { kind: "derived", blobId: preview[1]! };
  const chunk = /^tus\/[^/]{2}\/([^/]+)\/[^/]+$/.exec(key);
  if (chunk) return { kind: "tus-chunk", uploadId: chunk[1]! };
  return null;
}

/** The prefixes under which every stored key lives (the collector walks each). */
export const STORED_PREFIXES = ["originals/", "thumbs/", "previews/", "tus/"] as const;
