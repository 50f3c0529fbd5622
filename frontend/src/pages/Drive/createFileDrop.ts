import { createSignal, onCleanup } from "solid-js";
import type { UploadSource } from "../../stores/createUploads";

export interface DroppedFiles {
  files: UploadSource[];
  /** Folders of a dropped tree that hold nothing: made anyway, so the tree arrives whole. */
  emptyDirs: string[][];
}

interface FileDropOptions {
  /** `folderId` is the folder row the files were dropped on, if any; undefined means "here". */
  onDrop(dropped: DroppedFiles, folderId: string | undefined): void;
  onError(error: unknown): void;
}

const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes("Files") ?? false;

/** The folder row under the pointer, for dropping files straight into a subfolder. */
const folderUnder = (event: DragEvent) =>
  (event.target as Element | null)?.closest?.<HTMLElement>("[data-kind=folder][data-file-id]")?.dataset.fileId;

/**
 * Accepts files and whole folders dropped anywhere on the page while the caller is mounted.
 * Folders are walked with the File and Directory Entries API, so their tree is recreated.
 */
export function createFileDrop(options: FileDropOptions) {
  const [dragging, setDragging] = createSignal(false);
  const [overFolder, setOverFolder] = createSignal<string | undefined>();
  // dragenter/dragleave fire for every child crossed; count them to know when the drag left the page.
  let depth = 0;

  const onEnter = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth++;
    setDragging(true);
  };
  const onOver = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
    setOverFolder(folderUnder(event));
  };
  const onLeave = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) {
      setDragging(false);
      setOverFolder(undefined);
    }
  };
  const onDrop = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth = 0;
    setDragging(false);
    setOverFolder(undefined);
    const transfer = event.dataTransfer;
    if (!transfer) return;
    const target = folderUnder(event);
    // Entries must be taken now: the DataTransfer is emptied once this handler returns.
    const entries = [...transfer.items]
      .filter((item) => item.kind === "file")
      .map((item) => item.webkitGetAsEntry?.() ?? null);
    if (entries.length && entries.every((entry) => entry)) {
      readEntries(entries as FileSystemEntry[]).then((dropped) => options.onDrop(dropped, target), options.onError);
    } else {
      options.onDrop({ files: [...transfer.files].map((file) => ({ file, dirs: [] })), emptyDirs: [] }, target);
    }
  };

  document.addEventListener("dragenter", onEnter);
  document.addEventListener("dragover", onOver);
  document.addEventListener("dragleave", onLeave);
  document.addEventListener("drop", onDrop);
  onCleanup(() => {
    document.removeEventListener("dragenter", onEnter);
    document.removeEventListener("dragover", onOver);
    document.removeEventListener("dragleave", onLeave);
    document.removeEventListener("drop", onDrop);
  });

  return { dragging, overFolder };
}

/** Files picked with `<input webkitdirectory>` carry their place in the tree in `webkitRelativePath`. */
export function sourcesFromPicker(files: Iterable<File>): UploadSource[] {
  return [...files].map((file) => {
    const parts = (file.webkitRelativePath || file.name).split("/");
    return { file, dirs: parts.slice(0, -1) };
  });
}

async function readEntries(roots: FileSystemEntry[]): Promise<DroppedFiles> {
  const result: DroppedFiles = { files: [], emptyDirs: [] };
  const walk = async (entry: FileSystemEntry, dirs: string[]): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
      result.files.push({ file, dirs });
      return;
    }
    const path = [...dirs, entry.name];
    const children = await readDirectory(entry as FileSystemDirectoryEntry);
    if (children.length === 0) result.emptyDirs.push(path);
    for (const child of children) await walk(child, path);
  };
  for (const root of roots) await walk(root, []);
  return result;
}

/** `readEntries` answers in batches (100 in Chromium) until it answers an empty one. */
async function readDirectory(directory: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = directory.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}
