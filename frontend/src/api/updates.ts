import type { ReleasesResponse, StartUpdateRequest, UpdateStatus, VersionResponse } from "@hearth/contract";
import { request } from "./client";

/** Admin → Updates: calls the app's update API (which calls the stack's updater). */
export const updatesApi = {
  version: () => request<VersionResponse>("/api/admin/version"),
  releases: () => request<ReleasesResponse>("/api/admin/update/releases"),
  start: (body: StartUpdateRequest) => request<UpdateStatus>("/api/admin/update/start", { method: "POST", body }),
  status: (id: string) => request<UpdateStatus>(`/api/admin/update/status?update_id=${encodeURIComponent(id)}`),
  cancel: (id: string) =>
    request<UpdateStatus>("/api/admin/update/cancel", { method: "POST", body: { update_id: id } }),
  rollback: (tag: string) => request<UpdateStatus>("/api/admin/update/rollback", { method: "POST", body: { tag } }),
  keepImages: (keep: number) =>
    request<{ keep_images: number; pruned: string[] }>("/api/admin/update/settings", {
      method: "PUT",
      body: { keep_images: keep },
    }),
  streamUrl: (id: string) => `/api/admin/update/stream?update_id=${encodeURIComponent(id)}`,
};
