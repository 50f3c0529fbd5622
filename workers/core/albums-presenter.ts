/**
 * Album rows as the API shows them. A photo shown to someone who does not own it carries no
 * location (a location never leaves its owner), no folder and none of the owner's stars.
 */
import type { AlbumCover, AlbumDetail, AlbumItem, AlbumMember, AlbumSummary, FileItem } from "@hearth/contract";
import type { AlbumItemRow, AlbumRow, AlbumStats } from "../repositories/albums";
import { toFileItem } from "./presenter";

const iso = (ms: number) => new Date(ms).toISOString();

/** What someone other than the owner may see of a photo. */
export function withoutPrivateDetails(item: FileItem): FileItem {
  const shown: FileItem = { ...item, starred: false, parentId: null };
  if (shown.media) shown.media = { ...shown.media, latitude: null, longitude: null };
  delete shown.archivedAt;
  return shown;
}

export function toAlbumItem(row: AlbumItemRow, viewerId: string, viewerIsAlbumOwner: boolean): AlbumItem {
  const yours = row.file.ownerId === viewerId;
  const item = toFileItem(row.file, row.blob, row.media);
  return {
    ...(yours ? item : withoutPrivateDetails(item)),
    addedBy: { id: row.addedBy, name: row.addedByName },
    addedAt: iso(row.addedAt),
    yours,
    removable: viewerIsAlbumOwner || row.addedBy === viewerId,
  };
}

export interface SummaryParts {
  album: AlbumRow;
  ownerName: string | null;
  access: AlbumSummary["access"];
  stats: AlbumStats | undefined;
  cover: { thumbhash: string | null; placeholderColour: string | null; thumbnails: string } | undefined;
}

export function toAlbumSummary({ album, ownerName, access, stats, cover }: SummaryParts): AlbumSummary {
  const coverId = stats?.coverId ?? stats?.newestId ?? null;
  const shownCover: AlbumCover | null =
    coverId === null
      ? null
      : {
          fileId: coverId,
          thumbhash: cover?.thumbhash ?? null,
          placeholderColour: cover?.placeholderColour ?? null,
          hasThumbnail: (cover?.thumbnails ?? "") !== "",
        };
  return {
    id: album.id,
    name: album.name,
    owner: { id: album.ownerId, name: ownerName ?? "Someone" },
    access,
    cover: shownCover,
    count: stats?.count ?? 0,
    from: stats?.from == null ? null : iso(stats.from),
    to: stats?.to == null ? null : iso(stats.to),
    createdAt: iso(album.createdAt),
    updatedAt: iso(album.updatedAt),
    memberCount: stats?.memberCount ?? 0,
  };
}

export function toAlbumDetail(summary: AlbumSummary, coverId: string | null, members: AlbumMember[]): AlbumDetail {
  return { ...summary, coverId, members, canAdd: summary.access !== "viewer" };
}
