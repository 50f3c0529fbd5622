import type { FileItem } from "@hearth/api-types";
import { createMemo, onCleanup } from "solid-js";
import { createStore } from "solid-js/store";
import { uploadFile, type RunningUpload } from "../api/upload";

export type UploadState = "queued" | "uploading" | "done" | "failed" | "cancelled";

export interface UploadEntry {
  id: number;
  name: string;
  size: number;
  folderId: string | null;
  loaded: number;
  /** Smoothed bytes per second while uploading. */
  speed: number;
  state: UploadState;
  error: string;
}

const CONCURRENCY = 3;
const SPEED_SAMPLE_MS = 250;

/**
 * The upload queue: a few files at a time, each with its own progress, plus totals for the batch.
 * A batch is everything queued since the queue last went idle.
 */
export function createUploads(onUploaded: (file: FileItem) => void) {
  const [state, setState] = createStore<{ items: UploadEntry[] }>({ items: [] });
  const files = new Map<number, File>();
  const running = new Map<number, RunningUpload>();
  let nextId = 1;

  const update = (id: number, patch: Partial<UploadEntry>) =>
    setState("items", (entry) => entry.id === id, patch);

  const isActive = (entry: UploadEntry) => entry.state === "queued" || entry.state === "uploading";

  function pump() {
    let slots = CONCURRENCY - running.size;
    for (const entry of state.items) {
      if (slots <= 0) break;
      if (entry.state !== "queued") continue;
      start(entry.id, entry.folderId);
      slots--;
    }
  }

  function start(id: number, folderId: string | null) {
    const file = files.get(id);
    if (!file) return;
    let sampleAt = performance.now();
    let sampleLoaded = 0;
    let speed = 0;
    update(id, { state: "uploading", loaded: 0, speed: 0, error: "" });
    const upload = uploadFile(file, folderId, {
      onProgress(loaded) {
        const now = performance.now();
        const elapsed = now - sampleAt;
        if (elapsed >= SPEED_SAMPLE_MS) {
          const rate = ((loaded - sampleLoaded) * 1000) / elapsed;
          speed = speed ? speed * 0.7 + rate * 0.3 : rate;
          sampleAt = now;
          sampleLoaded = loaded;
        }
        update(id, { loaded, speed });
      },
    });
    running.set(id, upload);
    upload.done.then(
      (item) => {
        files.delete(id);
        update(id, { state: "done", loaded: file.size, speed: 0 });
        onUploaded(item);
      },
      (error: unknown) => {
        const cancelled = state.items.find((entry) => entry.id === id)?.state === "cancelled";
        if (!cancelled) update(id, { state: "failed", speed: 0, error: error instanceof Error ? error.message : String(error) });
      },
    ).finally(() => {
      running.delete(id);
      pump();
    });
  }

  const totals = createMemo(() => {
    let size = 0;
    let loaded = 0;
    let speed = 0;
    let active = 0;
    let done = 0;
    let failed = 0;
    for (const entry of state.items) {
      if (entry.state === "cancelled") continue;
      size += entry.size;
      loaded += entry.state === "done" ? entry.size : entry.loaded;
      speed += entry.speed;
      if (isActive(entry)) active++;
      if (entry.state === "done") done++;
      if (entry.state === "failed") failed++;
    }
    const percent = size > 0 ? Math.min(100, Math.floor((loaded / size) * 100)) : active ? 0 : 100;
    return { size, loaded, speed, active, done, failed, percent };
  });

  const warnBeforeLeaving = (event: BeforeUnloadEvent) => {
    if (totals().active > 0) event.preventDefault();
  };
  window.addEventListener("beforeunload", warnBeforeLeaving);
  onCleanup(() => {
    window.removeEventListener("beforeunload", warnBeforeLeaving);
    for (const upload of running.values()) upload.abort();
  });

  return {
    items: () => state.items,
    totals,
    /** Queues files for the given folder (`null` = My Drive). */
    add(list: Iterable<File>, folderId: string | null) {
      const added: UploadEntry[] = [];
      for (const file of list) {
        const id = nextId++;
        files.set(id, file);
        added.push({ id, name: file.name, size: file.size, folderId, loaded: 0, speed: 0, state: "queued", error: "" });
      }
      if (!added.length) return;
      // A new batch after the last one finished starts the totals afresh.
      const keep = totals().active > 0 ? state.items : state.items.filter((entry) => entry.state === "failed");
      setState("items", [...keep, ...added]);
      pump();
    },
    cancel(id: number) {
      update(id, { state: "cancelled", speed: 0 });
      files.delete(id);
      running.get(id)?.abort();
      pump();
    },
    retry(id: number) {
      if (!files.has(id)) return;
      update(id, { state: "queued", loaded: 0, error: "" });
      pump();
    },
    clearFinished() {
      for (const entry of state.items) if (!isActive(entry)) files.delete(entry.id);
      setState("items", (items) => items.filter(isActive));
    },
  };
}

export type Uploads = ReturnType<typeof createUploads>;
