import type {
  CreateShareRequest,
  FileListResponse,
  PublicShareResponse,
  Share,
  ShareListResponse,
  ThumbnailSize,
} from "@hearth/contract";
import { request } from "./client";

/** The owner's side of share links. */
export const sharesApi = {
  create: (body: CreateShareRequest) => request<Share>("/api/shares", { method: "POST", body }),
  forAlbum: (albumId: string) => request<ShareListResponse>(`/api/shares?albumId=${encodeURIComponent(albumId)}`),
  forFile: (fileId: string) => request<ShareListResponse>(`/api/shares?fileId=${encodeURIComponent(fileId)}`),
  revoke: (id: string) => request<void>(`/api/shares/${encodeURIComponent(id)}`, { method: "DELETE" }),
};

const publicPath = (token: string) => `/api/public/${encodeURIComponent(token)}`;

/**
 * What a visitor with a link (and no account) can reach. Every call is anonymous: a 401 here is
 * `password_required`, not a lost session.
 */
export const publicShareApi = {
  open: (token: string) => request<PublicShareResponse>(publicPath(token), { anonymous: true }),
  unlock: (token: string, password: string) =>
    request<void>(`${publicPath(token)}/unlock`, { method: "POST", body: { password }, anonymous: true }),
  listFolder: (token: string, folderId: string | null) =>
    request<FileListResponse>(
      `${publicPath(token)}/files${folderId ? `?parent=${encodeURIComponent(folderId)}` : ""}`,
      { anonymous: true },
    ),
};

/** Where a viewer finds one file's bytes and thumbnails: the owner's routes, or a link's. */
export interface ContentSource {
  content(id: string): string;
  download(id: string): string;
  thumbnail(id: string, size: ThumbnailSize): string;
  /** A video's 720p preview (when `media.videoPreview`). */
  preview(id: string): string;
}

export const ownContent: ContentSource = {
  preview: (id) => `/api/files/${encodeURIComponent(id)}/preview`,
  content: (id) => `/api/files/${encodeURIComponent(id)}/content`,
  download: (id) => `/api/files/${encodeURIComponent(id)}/content?download`,
  thumbnail: (id, size) => `/api/files/${encodeURIComponent(id)}/thumbnail?size=${size}`,
};

export function sharedContent(token: string): ContentSource {
  const file = (id: string) => `${publicPath(token)}/files/${encodeURIComponent(id)}`;
  return {
    content: (id) => `${file(id)}/content`,
    download: (id) => `${file(id)}/content?download`,
    thumbnail: (id, size) => `${file(id)}/thumbnail?size=${size}`,
    preview: (id) => `${file(id)}/preview`,
  };
}

export const publicZipUrl = (token: string) => `${publicPath(token)}/zip`;
