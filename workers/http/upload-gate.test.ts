import { describe, expect, it } from "vitest";
import { MAX_ACTIVE_UPLOADS, takeUploadTurn } from "./upload-gate";

const tick = (ms = 60) => new Promise((resolve) => setTimeout(resolve, ms));

describe("uploads taking turns", () => {
  it("lets MAX_ACTIVE_UPLOADS bodies in at once, and the next in the order they came", async () => {
    const admitted: number[] = [];
    const ends: Array<() => void> = [];
    for (let i = 0; i < MAX_ACTIVE_UPLOADS + 2; i++)
      void takeUploadTurn().then((end) => {
        admitted.push(i);
        ends[i] = end;
      });
    await tick();
    expect(admitted).toEqual([...Array(MAX_ACTIVE_UPLOADS).keys()]);
    ends[3]!();
    await tick();
    expect(admitted.at(-1)).toBe(MAX_ACTIVE_UPLOADS);
    expect(admitted).toHaveLength(MAX_ACTIVE_UPLOADS + 1);
    ends[0]!();
    await tick();
    expect(admitted.at(-1)).toBe(MAX_ACTIVE_UPLOADS + 1);
    for (const end of ends) end?.();
  });
});
