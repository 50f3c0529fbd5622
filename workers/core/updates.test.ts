import { describe, expect, it } from "vitest";
import { manualUpdate, versionInfo } from "./updates";

describe("versionInfo without the updater (docker run)", () => {
  it("reports the registry's newest release from the supervisor's check, with the commands to reach it", async () => {
    const v = await versionInfo(undefined, "1.0.0", {
      image: "ghcr.io/family/hearth",
      latest: { tag: "1.2.0", digest: "sha256:ab", notes: "Faster thumbnails." },
      update_available: true,
      checked_at: "2026-11-30T03:00:00.000Z",
      error: null,
    });
    expect(v.updater).toBe(false);
    expect(v.current).toEqual({ tag: "1.0.0", digest: "" });
    expect(v.latest?.tag).toBe("1.2.0");
    expect(v.update_available).toBe(true);
    expect(v.manual_update[0]).toBe("docker compose pull && docker compose up -d");
    expect(v.manual_update[1]).toMatch(/^docker pull ghcr\.io\/family\/hearth:1\.2\.0 && docker stop hearth/);
    expect(v.checked_at).toBe("2026-11-30T03:00:00.000Z");
  });

  it("without a check (no HEARTH_IMAGE) still gives the commands, and says no update is known", async () => {
    const v = await versionInfo(undefined, "1.0.0", null);
    expect(v.latest).toBeNull();
    expect(v.update_available).toBe(false);
    expect(v.manual_update).toEqual(manualUpdate());
  });

  it("passes a failed check's reason on", async () => {
    const v = await versionInfo(undefined, "1.0.0", {
      image: "ghcr.io/family/hearth",
      latest: null,
      update_available: false,
      checked_at: "2026-11-30T03:00:00.000Z",
      error: "fetch failed",
    });
    expect(v.check_error).toBe("fetch failed");
  });
});
