import { describe, expect, it } from "vitest";
import { beyondKeep, compareReleases, isLocalBuildTag, newerRelease, releasesOn } from "./versions";

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

describe("which local versions to prune", () => {
  const at = (s: number) => new Date(Date.UTC(2026, 11, 7, 6, 0, s)).toISOString();
  const local = [
    { tag: "3.0.0", created_at: at(10), running: false },
    { tag: "3.0.1", created_at: at(10), running: true },
    { tag: "2.0.0", created_at: at(5), running: false },
    { tag: "1.0.0", created_at: at(1), running: false },
  ];

  it("keeps the running version first, then the newest, the higher release among same-second builds", () => {
    expect(beyondKeep(local, 1).map((v) => v.tag)).toEqual(["3.0.0", "2.0.0", "1.0.0"]);
    expect(beyondKeep(local, 2).map((v) => v.tag)).toEqual(["2.0.0", "1.0.0"]);
    const rolledBack = local.map((v) => ({ ...v, running: v.tag === "2.0.0" }));
    expect(beyondKeep(rolledBack, 2).map((v) => v.tag)).toEqual(["3.0.0", "1.0.0"]);
  });
});
