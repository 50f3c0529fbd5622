/** The memory budget's derived limits: media/limits.ts. */
import { describe, expect, it } from "vitest";
import { DEFAULT_MEDIA_MEMORY_MB, MAX_IMAGE_PIXELS, mediaLimits, recycleMarginMb } from "./limits";

describe("media limits from MEDIA_MEMORY_MB", () => {
  it("the default budget refuses a 100 MP decompression bomb but takes a 48 MP phone photo", () => {
    const limits = mediaLimits(undefined);
    expect(limits.memoryMb).toBe(DEFAULT_MEDIA_MEMORY_MB);
    expect(limits.maxImagePixels).toBeLessThan(9999 * 10000);
    expect(limits.maxImagePixels).toBeGreaterThan(8064 * 6048);
    // HEIC needs about twice the memory a pixel: an iPhone's 24 MP HEIC fits, its 48 MP one needs a bigger budget.
    expect(limits.maxHeicPixels).toBeGreaterThan(5712 * 4284);
    expect(limits.maxHeicPixels).toBeLessThan(8064 * 6048);
    expect(mediaLimits(768).maxHeicPixels).toBeGreaterThan(8064 * 6048);
  });

  it("grows with the budget up to the hard ceilings, and is clamped to a sane range", () => {
    expect(mediaLimits("1024").maxImagePixels).toBe(MAX_IMAGE_PIXELS);
    expect(mediaLimits(512).maxPreviewSeconds).toBeGreaterThan(mediaLimits(384).maxPreviewSeconds);
    expect(mediaLimits("10").memoryMb).toBe(256);
    expect(mediaLimits("lots").memoryMb).toBe(DEFAULT_MEDIA_MEMORY_MB);
    // A phone clip of a couple of minutes gets its preview under the default budget.
    expect(mediaLimits(384).maxPreviewSeconds).toBeGreaterThan(120);
  });

  it("recycles after growth of a sixth of the budget, at least 64 MB", () => {
    expect(recycleMarginMb(384)).toBe(64);
    expect(recycleMarginMb(2048)).toBe(341);
  });
});
