import type { FileItem } from "@hearth/contract";
import { batch, createMemo, onCleanup } from "solid-js";
import { createStore } from "solid-js/store";
import { createTransfer, type Transfer } from "../api/upload";
import { createFolderResolver, type FolderResolver } from "./folderResolver";

export type UploadState = "queued" | "uploading" | "paused" | "done" | "failed" | "cancelled";

export interface UploadEntry {
  id: number;
  name: string;
  /** Folders inside the upload's destination, for files from a dropped folder: "Holiday/Day 1". */
  path: string;
  size: number;
  /** Where the upload was started (`null` = My Drive); `path` goes below it. */
  folderId: string | null;
  loaded: number;
  /** Smoothed bytes per second while uploading. */
  speed: number;
  state: UploadState;
  error: string;
}

/** A file to upload, with the folders it sits in when it came from a dropped or picked directory. */
export interface UploadSource {
  file: File;
  dirs: string[];
}

interface Job {
  file: File;
  dirs: string[];
  resolver: FolderResolver;
  transfer?: Transfer;
  sampleAt: number;
  sampleLoaded: number;
}

const CONCURRENCY = 3;
const SPEED_SAMPLE_MS = 500;

const isActive = (entry: UploadEntry) =>
  entry.state === "queued" || entry.state === "uploading" || entry.state === "paused";

/**
 * The upload queue: a few files at a time, each resumable (pause, resume, and retry continue
 * from what the server has), with totals, speed and time left for the batch. A batch is
 * everything queued since the queue last went idle.
 */
export function createUploads(onUploaded: (file: FileItem) => void) {
  const [state, setState] = createStore<{ items: UploadEntry[] }>({ items: [] });
  const jobs = new Map<number, Job>();
  const running = new Set<number>();
  let nextId = 1;

  const entry = (id: number) => state.items.find((item) => item.id === id);
  const update = (id: number, patch: Partial<UploadEntry>) => setState("items", (item) => item.id === id, patch);

  function pump() {
    for (const item of state.items) {
      if (running.size >= CONCURRENCY) break;
      if (item.state === "queued") void start(item.id);
    }
  }

  const finish = (id: number) => {
    running.delete(id);
    pump();
  };

  async function start(id: number) {
    const job = jobs.get(id);
    const item = entry(id);
    if (!job || !item) return;
    running.add(id);
    update(id, { state: "uploading", speed: 0, error: "" });
    job.sampleAt = performance.now();
    job.sampleLoaded = item.loaded;
    if (!job.transfer) {
      let parentId: string | null;
      try {
        parentId = await job.resolver.resolve(item.folderId, job.dirs);
      } catch (error) {
        update(id, { state: "failed", error: `Couldn't create the folder: ${message(error)}` });
        finish(id);
        return;
      }
      // Paused or cancelled while its folder was being made.
      if (entry(id)?.state !== "uploading") return;
      job.transfer = createTransfer(
        job.file,
        { parentId, name: job.file.name },
        {
          onProgress: (loaded) => progress(id, loaded),
          onSuccess(file) {
            jobs.delete(id);
            update(id, { state: "done", loaded: job.file.size, speed: 0 });
            if (file) onUploaded(file);
            finish(id);
          },
          onError(error) {
            if (entry(id)?.state === "uploading") update(id, { state: "failed", speed: 0, error: message(error) });
            finish(id);
          },
        },
      );
    }
    job.transfer.start();
  }

  function progress(id: number, loaded: number) {
    const job = jobs.get(id);
    const item = entry(id);
    if (!job || item?.state !== "uploading") return;
    const now = performance.now();
    const elapsed = now - job.sampleAt;
    if (elapsed < SPEED_SAMPLE_MS) {
      update(id, { loaded });
      return;
    }
    const rate = (Math.max(0, loaded - job.sampleLoaded) * 1000) / elapsed;
    job.sampleAt = now;
    job.sampleLoaded = loaded;
    update(id, { loaded, speed: item.speed ? item.speed * 0.6 + rate * 0.4 : rate });
  }

  const totals = createMemo(() => {
    let size = 0;
    let loaded = 0;
    let speed = 0;
    let active = 0;
    let uploading = 0;
    let paused = 0;
    let done = 0;
    let failed = 0;
    for (const item of state.items) {
      if (item.state === "cancelled") continue;
      size += item.size;
      loaded += item.state === "done" ? item.size : item.loaded;
      speed += item.speed;
      if (isActive(item)) active++;
      if (item.state === "uploading") uploading++;
      if (item.state === "paused") paused++;
      if (item.state === "done") done++;
      if (item.state === "failed") failed++;
    }
    const percent = size > 0 ? Math.min(100, Math.floor((loaded / size) * 100)) : active ? 0 : 100;
    // Seconds left at the current speed, once there is a speed to go by.
    const secondsLeft = uploading && speed > 0 ? (size - loaded) / speed : null;
    return { size, loaded, speed, active, uploading, paused, done, failed, percent, secondsLeft };
  });

  const warnBeforeLeaving = (event: BeforeUnloadEvent) => {
    if (totals().active > 0) event.preventDefault();
  };
  window.addEventListener("beforeunload", warnBeforeLeaving);
  onCleanup(() => {
    window.removeEventListener("beforeunload", warnBeforeLeaving);
    for (const job of jobs.values()) job.transfer?.pause();
  });

  function pause(id: number) {
    const item = entry(id);
    if (!item || (item.state !== "uploading" && item.state !== "queued")) return;
    update(id, { state: "paused", speed: 0 });
    jobs.get(id)?.transfer?.pause();
    if (running.has(id)) finish(id);
  }

  function cancel(id: number) {
    const item = entry(id);
    if (!item || !isActive(item)) return;
    update(id, { state: "cancelled", speed: 0 });
    jobs.get(id)?.transfer?.cancel();
    jobs.delete(id);
    if (running.has(id)) finish(id);
  }

  function resume(id: number) {
    if (entry(id)?.state !== "paused") return;
    update(id, { state: "queued" });
    pump();
  }

  return {
    items: () => state.items,
    totals,
    /** Queues files for a folder (`null` = My Drive); `emptyDirs` are folders of a dropped tree with nothing inside. */
    add(sources: Iterable<UploadSource>, folderId: string | null, emptyDirs: string[][] = []) {
      const resolver = createFolderResolver();
      const added: UploadEntry[] = [];
      for (const { file, dirs } of sources) {
        const id = nextId++;
        jobs.set(id, { file, dirs, resolver, sampleAt: 0, sampleLoaded: 0 });
        added.push({
          id,
          name: file.name,
          path: dirs.join("/"),
          size: file.size,
          folderId,
          loaded: 0,
          speed: 0,
          state: "queued",
          error: "",
        });
      }
      for (const dirs of emptyDirs) void resolver.resolve(folderId, dirs).catch(() => {});
      if (!added.length) return;
      // A new batch after the last one finished starts the totals afresh (failures stay to retry).
      const keep = totals().active > 0 ? state.items : state.items.filter((item) => item.state === "failed");
      setState("items", [...keep, ...added]);
      pump();
    },
    pause,
    resume,
    pauseAll() {
      batch(() => {
        for (const item of state.items) pause(item.id);
      });
    },
    resumeAll() {
      batch(() => {
        for (const item of state.items) if (item.state === "paused") update(item.id, { state: "queued" });
      });
      pump();
    },
    /** Stops the upload and tells the server to drop what it received. */
    cancel,
    cancelAll() {
      batch(() => {
        for (const item of state.items) cancel(item.id);
      });
    },
    retry(id: number) {
      if (entry(id)?.state !== "failed" || !jobs.has(id)) return;
      update(id, { state: "queued", error: "" });
      pump();
    },
    /** Only the failed ones: the rest are done, or still on their way. */
    retryFailed() {
      batch(() => {
        for (const item of state.items)
          if (item.state === "failed" && jobs.has(item.id)) update(item.id, { state: "queued", error: "" });
      });
      pump();
    },
    clearFinished() {
      for (const item of state.items) if (!isActive(item)) jobs.delete(item.id);
      setState("items", (items) => items.filter(isActive));
    },
  };
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export type Uploads = ReturnType<typeof createUploads>;
