import type { FileItem } from "@hearth/contract";

export type PreviewKind = "image" | "video" | "audio" | "pdf" | "text" | "other";

// Originals the browser can draw itself; others (HEIC, RAW, TIFF) stay at the 720px thumbnail.
const DRAWABLE_IMAGES = /^image\/(jpeg|png|gif|webp|avif|bmp)$/;
const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-sh|x-yaml|yaml|toml|x-toml|sql|ld\+json|x-ndjson))/;
const TEXT_NAMES =
  /\.(txt|md|markdown|csv|tsv|json|jsonl|ndjson|log|ini|conf|cfg|toml|ya?ml|xml|html?|svg|css|scss|less|js|mjs|cjs|jsx|ts|tsx|py|rb|go|rs|java|kt|swift|c|h|cc|cpp|hpp|cs|php|pl|lua|sh|bash|zsh|fish|ps1|bat|sql|r|m|scala|dart|vue|svelte|tex|srt|vtt|gitignore|env|properties|diff|patch)$/i;

/** How the viewer shows a file. HTML, SVG and XML are only ever shown as their source text. */
export function previewKind(item: FileItem): PreviewKind {
  const mime = item.mime ?? "";
  if (mime.startsWith("image/") && (DRAWABLE_IMAGES.test(mime) || item.thumbnails.length > 0)) return "image";
  if (mime.startsWith("video/")) return "video";
  if (mime.startsWith("audio/")) return "audio";
  if (mime === "application/pdf" || /\.pdf$/i.test(item.name)) return "pdf";
  if (TEXT_TYPES.test(mime) || TEXT_NAMES.test(item.name)) return "text";
  return "other";
}

export const canDrawOriginal = (item: FileItem) => DRAWABLE_IMAGES.test(item.mime ?? "");

export const isMarkdown = (item: FileItem) => item.mime === "text/markdown" || /\.(md|markdown)$/i.test(item.name);
