import type { FileItem } from "@hearth/contract";

/** Why a photo or video has no preview (its processing failed or is unsupported), or null. */
export function processingProblem(item: FileItem): string | null {
  const processing = item.processing;
  if (!processing || (processing.state !== "failed" && processing.state !== "unsupported")) return null;
  const what = processing.state === "unsupported" ? "Hearth can't make a preview of this file" : "Processing failed";
  return processing.reason ? `${what}: ${processing.reason}` : what;
}
