/**
 * Selecting photos on the timeline in real headless Chromium against the real Hearth: a tile's
 * check, Shift-click for a range in timeline order, a day's check for the whole day; then
 * favourite (Drive's star: listed under Starred), archive (gone from the timeline, on the Archive
 * page) and trash (in Drive's trash), each in place without a reload. And the lightbox, opened from
 * a link on an old photo whose months the page has not loaded, moves with the arrow keys through
 * the server's neighbours. On a phone, a long press starts a selection.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { completeSetup, useHearthAndBrowser } from "./browser";
import { check, steadyBox, tile, untilShown, writePhoto } from "./photo-files";

const dayCheck = (page: Page, day: string) => page.locator(`[data-day="${day}"]`).getByTestId("day-check");
const selectedCount = (page: Page) => page.getByTestId("selection-count").textContent();

// Two days of three photos (newest first within a day: a0, a1, a2), and one photo a month in 2021.
const DAY_A = ["a0.jpg", "a1.jpg", "a2.jpg"];
const DAY_B = ["b0.jpg", "b1.jpg", "b2.jpg"];
const OLD = Array.from({ length: 10 }, (_, index) => `old-${String(index + 1).padStart(2, "0")}.jpg`);

describe("Selecting photos in the browser", () => {
  const env = useHearthAndBrowser();

  it("check, Shift-range and a day select; favourite, archive and trash act in place; the lightbox walks neighbours", async () => {
    const folder = mkdtempSync(join(tmpdir(), "hearth-photo-selection-"));
    const paths = [
      ...DAY_A.map((name, index) => writePhoto(folder, name, `2024:05:20 1${2 - index}:00:00`)),
      ...DAY_B.map((name, index) => writePhoto(folder, name, `2024:05:18 1${2 - index}:00:00`)),
      // old-01 is January 2021, old-10 October 2021.
      ...OLD.map((name, index) => writePhoto(folder, name, `2021:${String(index + 1).padStart(2, "0")}:15 12:00:00`)),
    ];

    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await completeSetup(page, env.hearth.url, {
      name: "Sel",
      email: "sel@example.com",
      password: "a long enough password",
    });
    await page.goto(`${env.hearth.url}/photos`);
    await page.getByTestId("photos-empty").waitFor();
    await page.getByTestId("photos-upload-input").setInputFiles(await Promise.all(paths));
    await expect.poll(() => page.getByTestId("photos-count").textContent(), { timeout: 120_000 }).toBe("16 items");
    await page.getByTestId("upload-close").click();
    await untilShown(page, [...DAY_A, ...DAY_B]);

    // 1. A check selects one; every check shows while a selection exists; a click then selects too.
    await tile(page, "a1.jpg").hover();
    await check(page, "a1.jpg").click();
    expect(await selectedCount(page)).toBe("1 selected");
    expect(await check(page, "b2.jpg").isVisible()).toBe(true);
    // Shift-click: the range from a1 to b0, in timeline order (a1, a2, b0).
    await tile(page, "b0.jpg").click({ modifiers: ["Shift"] });
    expect(await selectedCount(page)).toBe("3 selected");
    for (const name of ["a1.jpg", "a2.jpg", "b0.jpg"])
      expect(await check(page, name).getAttribute("aria-checked")).toBe("true");
    expect(await check(page, "a0.jpg").getAttribute("aria-checked")).toBe("false");
    // A day's check adds the whole day.
    await dayCheck(page, "2024-05-18").click();
    expect(await selectedCount(page)).toBe("5 selected");
    expect(await dayCheck(page, "2024-05-18").getAttribute("aria-checked")).toBe("true");
    // Esc clears.
    await page.keyboard.press("Escape");
    await page.getByTestId("photo-selection-bar").waitFor({ state: "detached" });

    // 2. Favourite day B: the star shows on the tiles, and Drive's Starred lists them.
    await dayCheck(page, "2024-05-18").click();
    expect(await selectedCount(page)).toBe("3 selected");
    await page.getByTestId("selection-favourite").click();
    await page.getByText("Added 3 photos to favourites").waitFor();
    await expect.poll(() => page.getByTestId("photo-tile-star").count()).toBe(3);
    const drive = await context.newPage();
    await drive.goto(`${env.hearth.url}/starred`);
    for (const name of DAY_B) await drive.getByText(name, { exact: true }).waitFor({ timeout: 30_000 });
    await drive.close();

    // 3. Archive day A (the selection of day B cleared first): it leaves the timeline at once.
    await page.getByTestId("selection-clear").click();
    await dayCheck(page, "2024-05-20").click();
    await expect.poll(() => selectedCount(page)).toBe("3 selected");
    await page.getByTestId("selection-archive").click();
    // Every toast shown is named if this fails (an error toast says why).
    await expect
      .poll(() => page.getByTestId("toast").allTextContents(), { timeout: 30_000 })
      .toContainEqual(expect.stringContaining("Archived 3 photos"));
    for (const name of DAY_A) await tile(page, name).waitFor({ state: "detached" });
    expect(await page.getByTestId("photo-selection-bar").count()).toBe(0);
    await expect.poll(() => page.getByTestId("photos-count").textContent()).toBe("13 items");

    // 4. Trash day B: gone from the timeline.
    await dayCheck(page, "2024-05-18").click();
    await page.getByTestId("selection-trash").click();
    await page.getByText("3 items moved to trash").waitFor();
    for (const name of DAY_B) await tile(page, name).waitFor({ state: "detached" });
    expect(errors).toEqual([]);

    // The Archive page lists day A; Drive's trash has day B.
    await page.goto(`${env.hearth.url}/photos/archive`);
    for (const name of DAY_A) await tile(page, name).waitFor({ timeout: 30_000 });
    // There, "Unarchive" sends one back to the timeline.
    await tile(page, "a0.jpg").hover();
    await check(page, "a0.jpg").click();
    await page.getByTestId("selection-archive").click();
    await page.getByText("Moved 1 photo back to the timeline").waitFor();
    await tile(page, "a0.jpg").waitFor({ state: "detached" });
    await page.goto(`${env.hearth.url}/trash`);
    for (const name of DAY_B) await page.getByText(name, { exact: true }).waitFor({ timeout: 30_000 });

    // 5. The lightbox from a link to the oldest photo: the page has not loaded 2021's months near
    // the top, yet ←/→ move through them, by the neighbours route.
    const ids: Record<string, string> = await page.evaluate(async () => {
      const page = await (await fetch("/api/photos?limit=100")).json();
      return Object.fromEntries(page.items.map((item: { name: string; id: string }) => [item.name, item.id]));
    });
    await page.goto(`${env.hearth.url}/photos?photo=${ids["old-01.jpg"]}`);
    const image = page.getByTestId("lightbox-image");
    await expect.poll(() => image.getAttribute("alt"), { timeout: 30_000 }).toBe("old-01.jpg");
    expect(await tile(page, "old-05.jpg").count()).toBe(0);
    for (const name of ["old-02.jpg", "old-03.jpg", "old-04.jpg", "old-05.jpg"]) {
      await page.keyboard.press("ArrowLeft");
      await expect.poll(() => image.getAttribute("alt")).toBe(name);
    }
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => image.getAttribute("alt")).toBe("old-04.jpg");
    expect(new URL(page.url()).searchParams.get("photo")).toBe(ids["old-04.jpg"]);
    await page.keyboard.press("Escape");
    await page.getByTestId("lightbox").waitFor({ state: "detached" });
    expect(new URL(page.url()).searchParams.get("photo")).toBeNull();
    expect(errors).toEqual([]);

    // 6. On a phone, a long press starts a selection; then a tap adds to it.
    const phone = await env.browser.newContext({
      storageState: await context.storageState(),
      viewport: { width: 390, height: 800 },
      hasTouch: true,
      isMobile: true,
    });
    const touchPage = await phone.newPage();
    await touchPage.goto(`${env.hearth.url}/photos`);
    // The grid lays itself out again as the page settles: press where the tile has come to rest.
    await untilShown(touchPage, ["a0.jpg"], 30_000);
    const box = await steadyBox(tile(touchPage, "a0.jpg"));
    const cdp = await phone.newCDPSession(touchPage);
    const point = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [point] });
    await touchPage.waitForTimeout(900); // a finger held still
    await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
    await expect.poll(() => selectedCount(touchPage)).toBe("1 selected");
    await tile(touchPage, "old-10.jpg").tap();
    await expect.poll(() => selectedCount(touchPage)).toBe("2 selected");
    expect(await touchPage.getByTestId("lightbox").count()).toBe(0);
    await phone.close();
    await context.close();
  });
});
