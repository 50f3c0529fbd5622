import { describe, expect, it } from "vitest";
import { addMonths, newestFirst, windowAbove, windowBelow } from "./partner-photos";

// Newest first, as the months lists are.
const months = [
  { month: "2024-03", count: 5 },
  { month: "2024-01", count: 2 },
  { month: "2023-12", count: 4 },
  { month: "2023-06", count: 10 },
];
const at = (iso: string, id = "x") => ({ sortAt: Date.parse(iso), id });

describe("the window a page of a folder-limited share reads", () => {
  it("without a cursor, starts at the month where the newest months hold a page", () => {
    expect(windowBelow(months, undefined, 5)).toBe(Date.parse("2024-03-01T00:00:00Z"));
    expect(windowBelow(months, undefined, 6)).toBe(Date.parse("2024-01-01T00:00:00Z"));
    expect(windowBelow(months, undefined, 12)).toBe(Date.parse("2023-06-01T00:00:00Z"));
  });

  it("below a cursor, counts only the months below the cursor's own (part of it is newer)", () => {
    // The cursor's month (2024-01) counts as nothing; 2023-12 holds 4.
    expect(windowBelow(months, at("2024-01-20T00:00:00Z"), 4)).toBe(Date.parse("2023-12-01T00:00:00Z"));
    expect(windowBelow(months, at("2024-01-20T00:00:00Z"), 5)).toBe(Date.parse("2023-06-01T00:00:00Z"));
    // A cursor in an empty month between two full ones.
    expect(windowBelow(months, at("2023-09-15T00:00:00Z"), 3)).toBe(Date.parse("2023-06-01T00:00:00Z"));
  });

  it("is open (undefined) when the older months together hold less than a page", () => {
    expect(windowBelow(months, undefined, 22)).toBeUndefined();
    expect(windowBelow(months, at("2023-06-10T00:00:00Z"), 1)).toBeUndefined();
  });

  it("above a cursor, ends after the month where the newer months hold enough", () => {
    expect(windowAbove(months, at("2023-06-10T00:00:00Z"), 4)).toBe(Date.parse("2024-01-01T00:00:00Z"));
    expect(windowAbove(months, at("2023-06-10T00:00:00Z"), 5)).toBe(Date.parse("2024-02-01T00:00:00Z"));
    expect(windowAbove(months, at("2024-01-10T00:00:00Z"), 6)).toBeUndefined();
  });
});

describe("merging libraries", () => {
  it("adds the months of several sources, newest first", () => {
    expect(
      addMonths([
        [
          { month: "2024-01", count: 2 },
          { month: "2022-05", count: 1 },
        ],
        [
          { month: "2023-01", count: 3 },
          { month: "2022-05", count: 4 },
        ],
      ]),
    ).toEqual([
      { month: "2024-01", count: 2 },
      { month: "2023-01", count: 3 },
      { month: "2022-05", count: 5 },
    ]);
  });

  it("orders by date taken, then id, newest first", () => {
    const keys = [at("2024-01-01T00:00:00Z", "a"), at("2024-01-01T00:00:00Z", "b"), at("2025-01-01T00:00:00Z", "a")];
    expect([...keys].sort(newestFirst).map((k) => `${k.sortAt}.${k.id}`)).toEqual([
      `${keys[2]!.sortAt}.a`,
      `${keys[0]!.sortAt}.b`,
      `${keys[0]!.sortAt}.a`,
    ]);
  });
});
