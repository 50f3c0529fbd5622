/*
 * Where a listing starts: R2's `startAfter` and `cursor`, and the ordering they rely on.
 * R2 orders keys by their UTF-8 bytes, which is Unicode code point order (not the UTF-16 order
 * of JavaScript's `<`).
 */

/** "Only keys after `after`", and, with skipPrefix, also none that start with it (a delimited prefix). */
export interface ListBound {
  after: string;
  skipPrefix: boolean;
}

/** Compares two keys in UTF-8 byte order. */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800-DFFF) encode code points above U+FFFF, so they sort after U+E000-FFFF.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** Whether a key comes after every bound. */
export function isAfterBounds(key: string, bounds: ListBound[]): boolean {
  return bounds.every((b) => compareKeys(key, b.after) > 0 && !(b.skipPrefix && key.startsWith(b.after)));
}

/**
 * Where the keys starting with `base` (a folder, ending in "/") sit relative to the bounds:
 * all excluded, all included, or some of each.
 */
export function blockPosition(base: string, bounds: ListBound[]): "before" | "after" | "straddles" {
  let position: "after" | "straddles" = "after";
  for (const b of bounds) {
    if (b.skipPrefix && base.startsWith(b.after)) return "before";
    if (b.after.startsWith(base)) position = "straddles";
    else if (compareKeys(base, b.after) < 0) return "before";
  }
  return position;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Encodes the position after the last item of a page as an opaque cursor. */
export function encodeCursor(bound: ListBound): string {
  let binary = "";
  for (const b of encoder.encode(bound.after)) binary += String.fromCharCode(b);
  const payload = btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  return (bound.skipPrefix ? "p" : "k") + payload;
}

/** Decodes a cursor from encodeCursor; null when it is not one. */
export function decodeCursor(cursor: string): ListBound | null {
  const kind = cursor[0];
  if (kind !== "p" && kind !== "k") return null;
  try {
    const binary = atob(cursor.slice(1).replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return { after: decoder.decode(bytes), skipPrefix: kind === "p" };
  } catch {
    return null;
  }
}
