/**
 * A person's first minutes, in real headless Chromium against the real Hearth: set up the admin
 * account, upload a photo from Drive, and watch its thumbnail appear in Photos without a reload.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../harness/hearth";
import { completeSetup, useHearthAndBrowser } from "./browser";

describe("first run in the browser", () => {
  const env = useHearthAndBrowser();

  it("register → upload a photo → its thumbnail appears live", async () => {
    const page = await env.browser.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error" && /Content Security Policy/i.test(message.text())) problems.push(message.text());
    });

    await completeSetup(page, env.hearth.url, {
      name: "Grace Hopper",
      email: "grace@example.com",
      password: "a long enough password",
    });
    await expect.poll(() => page.getByTestId("user-menu").textContent()).toContain("Grace Hopper");

    // Photos first, so the thumbnail must arrive over SSE into an already open page.
    await page.getByTestId("nav-photos").click();
    await page.waitForURL(/\/photos/);
    await page.getByTestId("nav-drive").click();
    await page.waitForURL(/\/drive/);
    await page
      .getByTestId("upload-input")
      .setInputFiles(join(ROOT, "tests", "fixtures", "photo-12mp-orientation6.jpg"));
    await page
      .locator('[data-testid="file-row"][data-name="photo-12mp-orientation6.jpg"]')
      .waitFor({ timeout: 30_000 });

    await page.getByTestId("nav-photos").click();
    const tile = page.locator('[data-testid="photo-tile"]');
    await tile.first().waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="photo-tile"][data-ready="true"]').first().waitFor({ timeout: 120_000 });
    const size = await page
      .locator('[data-testid="photo-tile"][data-ready="true"] img')
      .first()
      .evaluate((img: HTMLImageElement) => ({
        width: img.naturalWidth,
        height: img.naturalHeight,
        complete: img.complete,
      }));
    expect(size.complete).toBe(true);
    // The 240 px thumbnail of an upright portrait photo.
    expect(size).toMatchObject({ width: 180, height: 240 });
    expect(problems).toEqual([]);
  });
});
