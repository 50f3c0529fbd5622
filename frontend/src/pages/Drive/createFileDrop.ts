import { createSignal, onCleanup } from "solid-js";

interface FileDropOptions {
  onFiles(files: File[]): void;
  onSkippedFolders(count: number): void;
}

const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes("Files") ?? false;

/**
 * Accepts files dropped anywhere on the page while the caller is mounted. Folders can't be read
 * through `dataTransfer.files`, so they are skipped and counted rather than uploaded as 0 bytes.
 */
export function createFileDrop(options: FileDropOptions) {
  const [dragging, setDragging] = createSignal(false);
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
  };
  const onLeave = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) setDragging(false);
  };
  const onDrop = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth = 0;
    setDragging(false);
    const transfer = event.dataTransfer;
    if (!transfer) return;
    const files: File[] = [];
    let skipped = 0;
    const items = [...transfer.items].filter((item) => item.kind === "file");
    if (items.length) {
      for (const item of items) {
        if (item.webkitGetAsEntry?.()?.isDirectory) {
          skipped++;
          continue;
        }
        const file = item.getAsFile();
        if (file) files.push(file);
      }
    } else {
      files.push(...transfer.files);
    }
    if (files.length) options.onFiles(files);
    if (skipped) options.onSkippedFolders(skipped);
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

  return { dragging };
}
