import { describe, expect, it } from "vitest";
import { compareReleases, isLocalBuildTag, newerRelease, releasesOn } from "./versions";

describe("release channels", () => {
  const tags = ["1.2.0", "1.10.0", "1.10.1-beta.1", "1.10.1-beta.2", "latest", "2026.11.30-abc1234", "1.9.9"];

  it("orders by version numbers, betas before their release", () => {
    expect(releasesOn(tags, "stable")).toEqual(["1.10.0", "1.9.9", "1.2.0"]);
    expect(releasesOn(tags, "beta")).toEqual(["1.10.1-beta.2", "1.10.1-beta.1", "1.10.0", "1.9.9", "1.2.0"]);
    expect(compareReleases("1.10.1-beta.2", "1.10.1")).toBeLessThan(0);
  });

  it("offers only something newer than what runs", () => {
    expect(newerRelease(tags, "stable", "1.2.0")).toBe("1.10.0");
    expect(newerRelease(tags, "stable", "1.10.0")).toBeUndefined();
    expect(newerRelease(tags, "beta", "1.10.0")).toBe("1.10.1-beta.2");
  });

  it("knows a local build's date-and-commit tag", () => {
    expect(isLocalBuildTag("2026.11.30-abc1234")).toBe(true);
    expect(isLocalBuildTag("1.2.0")).toBe(false);
  });
});
