import type { FileItem, OnConflict } from "@hearth/contract";
import * as tus from "tus-js-client";
import { ApiError, noticeStorageTrouble, uploadUrl } from "./client";
import { driveApi } from "./drive";

export interface UploadDestination {
  parentId: string | null;
  name: string;
  onConflict?: OnConflict;
}

export interface TransferCallbacks {
  onProgress(loaded: number): void;
  /** The stored file, or null when the server did not name it (its event will). */
  onSuccess(file: FileItem | null): void;
  onError(error: Error): void;
}

/** One file on its way to the server: start (or resume), pause, cancel. */
export interface Transfer {
  start(): void;
  /** Stops sending; a later `start` continues from what the server already has. */
  pause(): void;
  /** Stops and tells the server to drop what it received. */
  cancel(): void;
}

const TUS_ENDPOINT = "/api/uploads";
const CHUNK_SIZE = 8 * 1024 * 1024;
const FILE_ID_HEADER = "Hearth-File-Id";

// Until resumable uploads are deployed the server answers 404 to the tus creation request: from
// then on, this tab sends whole files with PUT instead.
let tusMissing = false;

/**
 * Sends a file with tus (resumable: 8 MiB chunks, retries, and a reload or lost connection picks
 * up where it stopped), or with one `PUT /api/files/content` where the server has no tus yet.
 */
export function createTransfer(file: File, destination: UploadDestination, callbacks: TransferCallbacks): Transfer {
  let active: Transfer | null = null;
  let stopped = false;

  const fallBackToPut = () => {
    tusMissing = true;
    if (!stopped) {
      active = putTransfer(file, destination, callbacks);
      active.start();
    }
  };

  return {
    start() {
      stopped = false;
      if (!active)
        active = tusMissing
          ? putTransfer(file, destination, callbacks)
          : tusTransfer(file, destination, callbacks, fallBackToPut);
      active.start();
    },
    pause() {
      stopped = true;
      active?.pause();
    },
    cancel() {
      stopped = true;
      active?.cancel();
    },
  };
}

function tusTransfer(
  file: File,
  destination: UploadDestination,
  callbacks: TransferCallbacks,
  onMissing: () => void,
): Transfer {
  const upload = new tus.Upload(file, {
    endpoint: TUS_ENDPOINT,
    metadata: {
      filename: destination.name,
      filetype: file.type,
      parentId: destination.parentId ?? "root",
      onConflict: destination.onConflict ?? "keepBoth",
    },
    chunkSize: CHUNK_SIZE,
    // Server errors and lost connections are retried; 4xx answers (quota, bad name) are final.
    retryDelays: [0, 1000, 3000, 5000, 10000],
    // A full disk (507) cannot be fixed by trying again.
    onShouldRetry: (error) => {
      const status = (error as tus.DetailedError).originalResponse?.getStatus() ?? 0;
      const final =
        (status >= 400 && status < 500 && status !== 409 && status !== 423) ||
        status === 507 ||
        (status === 503 && /"read_only"/.test((error as tus.DetailedError).originalResponse?.getBody() ?? ""));
      return !final;
    },
    removeFingerprintOnSuccess: true,
    // The same file going to another folder (or under another name) is another upload.
    fingerprint: async () =>
      ["hearth", destination.parentId ?? "root", destination.name, file.size, file.lastModified].join("/"),
    onProgress: (sent) => callbacks.onProgress(sent),
    onSuccess({ lastResponse }) {
      // Without the id the upload still succeeded: the file arrives through the event stream.
      const id = lastResponse.getHeader(FILE_ID_HEADER);
      if (!id) callbacks.onSuccess(null);
      else driveApi.getFile(id).then(callbacks.onSuccess, () => callbacks.onSuccess(null));
    },
    onError(error) {
      const response = (error as tus.DetailedError).originalResponse;
      const status = response?.getStatus() ?? 0;
      if (!upload.url && (status === 404 || status === 405)) {
        onMissing();
        return;
      }
      callbacks.onError(noticed(tusError(error as tus.DetailedError)));
    },
  });

  let starting = false;
  return {
    start() {
      if (starting) return;
      starting = true;
      // A file picked again after a reload continues where the last attempt stopped.
      void upload
        .findPreviousUploads()
        .then((previous) => {
          if (!upload.url && previous[0]) upload.resumeFromPreviousUpload(previous[0]);
        })
        .catch(() => {})
        .finally(() => {
          starting = false;
          upload.start();
        });
    },
    pause() {
      void upload.abort(false);
    },
    cancel() {
      // Terminate only an upload the server knows about; ignore a server that already forgot it.
      void upload.abort(!!upload.url).catch(() => {});
    },
  };
}

/** The server's own message from a failed tus request, instead of the library's long diagnostic. */
/** What the upload panel says when Hearth's disk is full (507 insufficient_storage), however it was sent. */
export const DISK_FULL_MESSAGE =
  "Hearth's disk is full. Nothing was saved; ask whoever runs Hearth to free some space.";

/** Hands a disk error (full, read-only) to the banner as well as to the upload row. */
function noticed(error: ApiError): ApiError {
  noticeStorageTrouble(error);
  return error;
}

function tusError(error: tus.DetailedError): ApiError {
  const response = error.originalResponse;
  if (response?.getStatus() === 507) return new ApiError(507, "insufficient_storage", DISK_FULL_MESSAGE);
  if (!response) return new ApiError(0, "network", "The connection was lost during the upload.");
  try {
    const body = JSON.parse(response.getBody()) as { error?: { code?: string; message?: string } };
    if (body.error?.message) return new ApiError(response.getStatus(), body.error.code ?? "error", body.error.message);
  } catch {
    // not JSON
  }
  return new ApiError(response.getStatus(), `http_${response.getStatus()}`, `Upload failed (${response.getStatus()}).`);
}

/**
 * The whole file as the raw body of `PUT /api/files/content`. XMLHttpRequest rather than fetch:
 * it is the one browser API that reports upload progress everywhere. Pausing aborts; resuming
 * starts over.
 */
function putTransfer(file: File, destination: UploadDestination, callbacks: TransferCallbacks): Transfer {
  let xhr: XMLHttpRequest | null = null;

  const start = () => {
    const request = new XMLHttpRequest();
    xhr = request;
    let url = uploadUrl(destination.parentId, destination.name);
    if (destination.onConflict) url += `&onConflict=${destination.onConflict}`;
    request.open("PUT", url);
    request.setRequestHeader("content-type", file.type || "application/octet-stream");
    request.setRequestHeader("accept", "application/json");
    request.responseType = "text";
    request.upload.onprogress = (event) => callbacks.onProgress(event.loaded);
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) {
        try {
          callbacks.onSuccess(JSON.parse(request.responseText) as FileItem);
        } catch {
          callbacks.onError(new ApiError(request.status, "bad_response", "The server's answer could not be read."));
        }
        return;
      }
      callbacks.onError(noticed(errorFromXhr(request)));
    };
    request.onerror = () => callbacks.onError(new ApiError(0, "network", "The connection was lost during the upload."));
    request.send(file);
  };

  return {
    start,
    pause: () => xhr?.abort(),
    cancel: () => xhr?.abort(),
  };
}

function errorFromXhr(xhr: XMLHttpRequest): ApiError {
  if (xhr.status === 507) return new ApiError(507, "insufficient_storage", DISK_FULL_MESSAGE);
  try {
    const body = JSON.parse(xhr.responseText) as { error?: { code?: string; message?: string } };
    if (body.error?.message) return new ApiError(xhr.status, body.error.code ?? "error", body.error.message);
  } catch {
    // fall through to the status line
  }
  return new ApiError(xhr.status, "http_" + xhr.status, xhr.statusText || `Upload failed (${xhr.status})`);
}
