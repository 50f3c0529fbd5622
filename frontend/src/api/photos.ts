import type {
  FileItem,
  MapSettings,
  PhotoMonthsResponse,
  PhotoNeighboursResponse,
  PhotoPageResponse,
  PhotoSearchResponse,
  PlacesResponse,
} from "@hearth/contract";
import { request } from "./client";

const query = (params: Record<string, string | number | undefined>) =>
  Object.entries(params)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`)
    .join("&");

/** Photos: the timeline's months and pages, the archive, neighbours and archiving. */
export const photosApi = {
  months: () => request<PhotoMonthsResponse>("/api/photos/months"),
  page: (params: { month?: string; before?: string; limit?: number }) =>
    request<PhotoPageResponse>(`/api/photos?${query(params)}`),
  archive: (params: { before?: string; limit?: number }) =>
    request<PhotoPageResponse>(`/api/photos/archive?${query(params)}`),
  neighbours: (id: string, count = 1) =>
    request<PhotoNeighboursResponse>(`/api/photos/${encodeURIComponent(id)}/neighbours?count=${count}`),
  search: (params: { q?: string; area?: string; before?: string; limit?: number }) =>
    request<PhotoSearchResponse>(`/api/photos/search?${query(params)}`),
  places: (bbox: [number, number, number, number], zoom: number) =>
    request<PlacesResponse>(`/api/photos/places?${query({ bbox: bbox.map((n) => n.toFixed(5)).join(","), zoom })}`),
  mapSettings: () => request<MapSettings>("/api/photos/map"),
  setArchived: (id: string, archived: boolean) =>
    request<FileItem>(`/api/files/${encodeURIComponent(id)}/archive`, { method: archived ? "PUT" : "DELETE" }),
};
