import { describe, expect, it } from "vitest";
import type { FileItem } from "@hearth/contract";
import { justify } from "./justify";

const photo = (id: string, width: number, height: number) => ({ id, media: { width, height } }) as unknown as FileItem;

describe("justified rows", () => {
  it("fills each full row to the width and keeps every photo's aspect ratio", () => {
    const items = [photo("a", 4000, 3000), photo("b", 3000, 4000), photo("c", 4000, 3000), photo("d", 1000, 1000)];
    const rows = justify(items, 1000, 300, 4);
    const [first] = rows;
    const used = first!.tiles.reduce((sum, tile) => sum + tile.width, 0) + 4 * (first!.tiles.length - 1);
    expect(used).toBeCloseTo(1000, 6);
    for (const row of rows)
      for (const tile of row.tiles) {
        const { width, height } = tile.item.media!;
        expect(tile.width / tile.height).toBeCloseTo(width! / height!, 6);
      }
    expect(rows.flatMap((row) => row.tiles.map((tile) => tile.item.id))).toEqual(["a", "b", "c", "d"]);
  });

  it("leaves the last row at the target height", () => {
    const rows = justify([photo("a", 3000, 4000)], 1200, 240, 4);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.height).toBe(240);
    expect(rows[0]!.tiles[0]!.width).toBe(180);
  });
});
