import type { FileItem } from "@hearth/api-types";
import { ApiError, uploadUrl } from "./client";

export interface UploadCallbacks {
  onProgress(loaded: number): void;
}

export interface RunningUpload {
  done: Promise<FileItem>;
  abort(): void;
}

/**
 * Sends one file as the raw body of `PUT /api/files/content`. XMLHttpRequest rather than fetch:
 * it is the one browser API that reports upload progress everywhere.
 */
export function uploadFile(file: File, folderId: string | null, callbacks: UploadCallbacks): RunningUpload {
  const xhr = new XMLHttpRequest();
  const done = new Promise<FileItem>((resolve, reject) => {
    xhr.open("PUT", uploadUrl(folderId, file.name));
    xhr.setRequestHeader("content-type", file.type || "application/octet-stream");
    xhr.setRequestHeader("accept", "application/json");
    xhr.responseType = "text";
    xhr.upload.onprogress = (event) => callbacks.onProgress(event.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as FileItem);
        } catch {
          reject(new ApiError(xhr.status, "bad_response", "The server's answer could not be read."));
        }
        return;
      }
      reject(errorFromXhr(xhr));
    };
    xhr.onerror = () => reject(new ApiError(0, "network", "The connection was lost during the upload."));
    xhr.onabort = () => reject(new ApiError(0, "aborted", "Upload cancelled."));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}

function errorFromXhr(xhr: XMLHttpRequest): ApiError {
  try {
    const body = JSON.parse(xhr.responseText) as { error?: { code?: string; message?: string } };
    if (body.error?.message) return new ApiError(xhr.status, body.error.code ?? "error", body.error.message);
  } catch {
    // fall through to the status line
  }
  return new ApiError(xhr.status, "http_" + xhr.status, xhr.statusText || `Upload failed (${xhr.status})`);
}
