import type { FileItem } from "@hearth/contract";

export interface PlacedTile {
  item: FileItem;
  width: number;
  height: number;
}
export interface TileRow {
  tiles: PlacedTile[];
  height: number;
}

/** A photo's width / height after orientation; square until the media process has measured it. */
export function aspectOf(item: FileItem): number {
  const { width, height } = item.media ?? {};
  if (!width || !height) return 1;
  // Panoramas and slivers are clamped so one photo never takes a whole row as a thin strip.
  return Math.min(3, Math.max(0.5, width / height));
}

/**
 * Justified rows (as Google Photos lays them out): photos keep their aspect ratio, each full row
 * is scaled to fill `width` exactly, and rows stay close to `target` px high. The last row keeps
 * the target height rather than blowing up a lone photo.
 */
export function justify(items: FileItem[], width: number, target: number, gap: number): TileRow[] {
  const rows: TileRow[] = [];
  let current: FileItem[] = [];
  let ratios = 0;
  for (const item of items) {
    current.push(item);
    ratios += aspectOf(item);
    const free = width - gap * (current.length - 1);
    if (ratios * target >= free) {
      const height = free / ratios;
      rows.push({ tiles: current.map((it) => ({ item: it, width: aspectOf(it) * height, height })), height });
      current = [];
      ratios = 0;
    }
  }
  if (current.length > 0)
    rows.push({
      tiles: current.map((it) => ({ item: it, width: aspectOf(it) * target, height: target })),
      height: target,
    });
  return rows;
}

/** About how tall `count` photos lay out before they are loaded (average 4:3 photos). */
export function estimateHeight(count: number, width: number, target: number, gap: number): number {
  const perRow = Math.max(1, Math.floor(width / (target * 1.33 + gap)));
  return Math.ceil(count / perRow) * (target + gap);
}
