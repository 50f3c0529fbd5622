import type {
  AlbumDetail,
  AlbumItemsResponse,
  AlbumListResponse,
  AlbumResponse,
  AlbumRole,
  PeopleResponse,
  ShareListResponse,
} from "@hearth/contract";
import { request } from "./client";
import type { ContentSource } from "./shares";

const albumPath = (id: string) => `/api/albums/${encodeURIComponent(id)}`;

/** Albums: the lists, one album's page, changes, members; and the household to share with. */
export const albumsApi = {
  list: () => request<AlbumListResponse>("/api/albums"),
  get: (id: string, after?: string) =>
    request<AlbumResponse>(`${albumPath(id)}?limit=1000${after ? `&after=${encodeURIComponent(after)}` : ""}`),
  create: (name: string, fileIds: string[] = []) =>
    request<AlbumDetail>("/api/albums", { method: "POST", body: { name, fileIds } }),
  rename: (id: string, name: string) => request<AlbumDetail>(albumPath(id), { method: "PATCH", body: { name } }),
  setCover: (id: string, coverId: string | null) =>
    request<AlbumDetail>(albumPath(id), { method: "PATCH", body: { coverId } }),
  remove: (id: string) => request<void>(albumPath(id), { method: "DELETE" }),
  addItems: (id: string, fileIds: string[]) =>
    request<AlbumItemsResponse>(`${albumPath(id)}/items`, { method: "POST", body: { fileIds } }),
  removeItems: (id: string, fileIds: string[]) =>
    request<AlbumItemsResponse>(`${albumPath(id)}/items`, { method: "DELETE", body: { fileIds } }),
  setMember: (id: string, userId: string, role: AlbumRole) =>
    request<AlbumDetail>(`${albumPath(id)}/members/${encodeURIComponent(userId)}`, { method: "PUT", body: { role } }),
  removeMember: (id: string, userId: string) =>
    request<void>(`${albumPath(id)}/members/${encodeURIComponent(userId)}`, { method: "DELETE" }),
  links: (id: string) => request<ShareListResponse>(`/api/shares?albumId=${encodeURIComponent(id)}`),
  people: () => request<PeopleResponse>("/api/people"),
};

/** A member reads an album's photos (anyone's) through the album. */
export function albumContent(albumId: string): ContentSource {
  const file = (id: string) => `${albumPath(albumId)}/items/${encodeURIComponent(id)}`;
  return {
    content: (id) => `${file(id)}/content`,
    download: (id) => `${file(id)}/content?download`,
    thumbnail: (id, size) => `${file(id)}/thumbnail?size=${size}`,
    preview: (id) => `${file(id)}/preview`,
  };
}
