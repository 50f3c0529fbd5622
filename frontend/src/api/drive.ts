import type {
  CopyFileRequest,
  CreateFolderRequest,
  FileItem,
  FileListResponse,
  ItemsResponse,
  PatchFileRequest,
  SortKey,
  SortOrder,
} from "@hearth/contract";
import { request } from "./client";

const filePath = (id: string) => `/api/files/${encodeURIComponent(id)}`;

export interface FolderSort {
  key: SortKey;
  order: SortOrder;
}

/** The Drive: folders, file operations, the special views (search, recent, starred) and the trash. */
export const driveApi = {
  /** One page of a folder (`limit` items from `cursor`), or all of it (up to 10,000) without `page`. */
  listFolder: (folderId: string | null, sort?: FolderSort, page?: { limit: number; cursor?: string }) => {
    const params = new URLSearchParams({ parent: folderId ?? "root" });
    if (sort) {
      params.set("sort", sort.key);
      params.set("order", sort.order);
    }
    if (page) {
      params.set("limit", String(page.limit));
      if (page.cursor) params.set("cursor", page.cursor);
    }
    return request<FileListResponse>(`/api/files?${params}`);
  },
  getFile: (id: string) => request<FileItem>(filePath(id)),
  /** "Try again" on a photo or video whose processing failed: queued again. */
  reprocess: (id: string) => request<FileItem>(`${filePath(id)}/reprocess`, { method: "POST" }),
  createFolder: (body: CreateFolderRequest) => request<FileItem>("/api/folders", { method: "POST", body }),
  /** Rename and/or move; 409 `name_taken` when the name is in use and `onConflict` is "fail". */
  patchFile: (id: string, body: PatchFileRequest) => request<FileItem>(filePath(id), { method: "PATCH", body }),
  copyFile: (id: string, body: CopyFileRequest) => request<FileItem>(`${filePath(id)}/copy`, { method: "POST", body }),
  setStarred: (id: string, starred: boolean) =>
    request<FileItem>(`${filePath(id)}/star`, { method: starred ? "PUT" : "DELETE" }),
  trashFile: (id: string) => request<void>(filePath(id), { method: "DELETE" }),

  search: (q: string) => request<ItemsResponse>(`/api/search?q=${encodeURIComponent(q)}`),
  recent: () => request<ItemsResponse>("/api/recent"),
  starred: () => request<ItemsResponse>("/api/starred"),

  trash: () => request<ItemsResponse>("/api/trash"),
  restore: (id: string) => request<FileItem>(`${filePath(id)}/restore`, { method: "POST" }),
  deleteForever: (id: string) => request<void>(`/api/trash/${encodeURIComponent(id)}`, { method: "DELETE" }),
  emptyTrash: () => request<{ deleted: number }>("/api/trash", { method: "DELETE" }),
};

/** A streamed ZIP of files and folders; follow it as a link so the browser saves it to disk as it arrives. */
export const zipUrl = (ids: string[], name: string) =>
  `/api/zip?ids=${ids.map(encodeURIComponent).join(",")}&name=${encodeURIComponent(name)}`;

export const downloadUrl = (id: string) => `${filePath(id)}/content?download`;

/** Starts a download without leaving the page (the server answers with an attachment). */
export function startDownload(href: string): void {
  const anchor = document.createElement("a");
  anchor.href = href;
  anchor.download = "";
  anchor.rel = "noopener";
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
}
