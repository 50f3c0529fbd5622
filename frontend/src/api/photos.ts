import type { FileItem, PhotoMonthsResponse, PhotoNeighboursResponse, PhotoPageResponse } from "@hearth/contract";
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
  setArchived: (id: string, archived: boolean) =>
    request<FileItem>(`/api/files/${encodeURIComponent(id)}/archive`, { method: archived ? "PUT" : "DELETE" }),
};
