/** The media pool's defaults: one process per core, as many as the memory holds, MEDIA_IDLE_SECONDS checked. */
import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { ConfigError, defaultMediaConcurrency, readConfig } from "./config";

describe("media pool settings", () => {
  it("defaults to the CPU cores, capped by what the memory holds at MEDIA_MEMORY_MB each", () => {
    expect(readConfig({}).mediaConcurrency).toBe(defaultMediaConcurrency(384));
    expect(defaultMediaConcurrency(384)).toBeLessThanOrEqual(Math.min(16, availableParallelism()));
    expect(defaultMediaConcurrency(384, 1)).toBe(1);
    // A budget no machine holds twice still gets one process.
    expect(defaultMediaConcurrency(16384, 64)).toBeGreaterThanOrEqual(1);
    expect(readConfig({ MEDIA_CONCURRENCY: "3" }).mediaConcurrency).toBe(3);
  });

  it("MEDIA_IDLE_SECONDS defaults to 30 and refuses nonsense", () => {
    expect(readConfig({}).mediaIdleSeconds).toBe(30);
    expect(readConfig({ MEDIA_IDLE_SECONDS: "5" }).mediaIdleSeconds).toBe(5);
    expect(() => readConfig({ MEDIA_IDLE_SECONDS: "0" })).toThrow(ConfigError);
    expect(() => readConfig({ MEDIA_IDLE_SECONDS: "soon" })).toThrow(/MEDIA_IDLE_SECONDS must be a whole number/);
  });
});
