/**
 * Photos in real headless Chromium against the real Hearth: upload 30 photos taken over ten years
 * from the Photos page, find the years on the scrubber, jump to one, see a photo uploaded from a
 * second tab land in its day without a reload, view a portrait photo whole in the lightbox (the
 * image box has the photo's aspect ratio), move with the arrow keys, favourite with F, close with
 * Esc; and on a phone-size screen, swipe between photos.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { completeSetup, useHearthAndBrowser } from "./browser";
import { tile, writePhoto } from "./photo-files";

/** A JPEG with a real EXIF date taken ("2019:06:15 12:00:00"), written to `folder`. */

describe("Photos in the browser", () => {
  const env = useHearthAndBrowser();

  it("upload ten years → scrubber → jump → live arrival → lightbox whole, keys; phone swipe", async () => {
    const folder = mkdtempSync(join(tmpdir(), "hearth-photos-"));
    const paths: string[] = [];
    for (let year = 2015; year <= 2024; year++)
      for (const [index, month] of ["02", "06", "10"].entries())
        paths.push(await writePhoto(folder, `y${year}-${index}.jpg`, `${year}:${month}:1${index} 12:00:00`));
    // The newest photo is a portrait: 300 × 400.
    paths[paths.length - 1] = await writePhoto(folder, "y2024-2.jpg", "2024:10:12 12:00:00", {
      width: 300,
      height: 400,
    });

    const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await completeSetup(page, env.hearth.url, {
      name: "Iris",
      email: "iris@example.com",
      password: "a long enough password",
    });
    await page.goto(`${env.hearth.url}/photos`);
    await page.getByTestId("photos-empty").waitFor();

    // 1. Upload 30 photos from the Photos page: once processed, the scrubber lists the ten years.
    await page.getByTestId("photos-upload-input").setInputFiles(paths);
    await expect
      .poll(async () => (await page.getByTestId("scrubber-year").allTextContents()).sort().join(","), {
        timeout: 120_000,
      })
      .toBe("2015,2016,2017,2018,2019,2020,2021,2022,2023,2024");
    // The finished uploads' panel sits over the bottom of the scrubber: close it, as a person would.
    await page.getByTestId("upload-close").click();

    // 2. Jump to 2016: its photos are on screen, and the URL keeps the place.
    await page.getByTestId("scrubber-year").filter({ hasText: "2016" }).click();
    await tile(page, "y2016-1.jpg").waitFor({ timeout: 30_000 });
    await expect.poll(() => new URL(page.url()).searchParams.get("month")).toMatch(/^2016-/);
    await page.reload();
    await tile(page, "y2016-1.jpg").waitFor({ timeout: 30_000 });

    // 3. A photo uploaded from a second tab appears in its day, without a reload.
    const second = await context.newPage();
    await second.goto(`${env.hearth.url}/photos`);
    await second
      .getByTestId("photos-upload-input")
      .setInputFiles([await writePhoto(folder, "second-tab.jpg", "2016:06:11 09:00:00")]);
    await tile(page, "second-tab.jpg").waitFor({ timeout: 60_000 });
    const day = page.locator('[data-day="2016-06-11"]');
    await day.waitFor();
    await second.close();

    // 4. The lightbox shows the portrait whole: the image box has its 3:4 aspect ratio.
    await page.getByTestId("scrubber-year").filter({ hasText: "2024" }).click();
    await tile(page, "y2024-2.jpg").click();
    const image = page.getByTestId("lightbox-image");
    await image.waitFor();
    await expect
      .poll(async () => {
        const box = (await image.boundingBox())!;
        return Math.abs(box.width / box.height - 0.75) < 0.01 && box.height > 500;
      })
      .toBe(true);
    expect(await image.getAttribute("alt")).toBe("y2024-2.jpg");
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => image.getAttribute("alt")).toBe("y2024-1.jpg");
    await page.keyboard.press("ArrowLeft");
    await expect.poll(() => image.getAttribute("alt")).toBe("y2024-2.jpg");
    await page.keyboard.press("f");
    await expect
      .poll(() => page.getByTestId("lightbox-favourite").getAttribute("aria-pressed"), { timeout: 15_000 })
      .toBe("true");
    await page.keyboard.press("Escape");
    await page.getByTestId("lightbox").waitFor({ state: "detached" });
    expect(errors).toEqual([]);

    // 5. Installable, and offline the timeline shows what it has seen.
    const manifest = await (await fetch(`${env.hearth.url}/manifest.webmanifest`)).json();
    expect(manifest.share_target.action).toBe("/share-target");
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await page.waitForFunction(() => !!navigator.serviceWorker.controller);
    // This visit goes through the service worker, which keeps what it fetches.
    await page.reload();
    await tile(page, "y2024-2.jpg").waitFor({ timeout: 30_000 });
    await page.waitForTimeout(500);
    await context.setOffline(true);
    await page.reload();
    await tile(page, "y2024-2.jpg")
      .waitFor({ timeout: 30_000 })
      .catch(async (error) => {
        await page.screenshot({ path: join(folder, "offline.png") });
        console.log(
          "offline page:",
          join(folder, "offline.png"),
          (await page.locator("main").innerText()).slice(0, 300),
        );
        throw error;
      });
    await context.setOffline(false);

    // 6. On a phone: open a photo and swipe to the next one.
    const phone = await env.browser.newContext({
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
    });
    await phone.addCookies(await context.cookies());
    const mobile = await phone.newPage();
    await mobile.goto(`${env.hearth.url}/photos`);
    await tile(mobile, "y2024-2.jpg").tap();
    const mobileImage = mobile.getByTestId("lightbox-image");
    await mobileImage.waitFor();
    const stage = (await mobile.getByTestId("lightbox-stage").boundingBox())!;
    const y = stage.y + stage.height / 2;
    const cdp = await phone.newCDPSession(mobile);
    await cdp.send("Input.dispatchTouchEvent", {
      type: "touchStart",
      touchPoints: [{ x: stage.x + stage.width - 40, y }],
    });
    for (let step = 1; step <= 5; step++)
      await cdp.send("Input.dispatchTouchEvent", {
        type: "touchMove",
        touchPoints: [{ x: stage.x + stage.width - 40 - step * 50, y }],
      });
    await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
    await expect.poll(() => mobileImage.getAttribute("alt")).toBe("y2024-1.jpg");
    await phone.close();
    await context.close();
  });
});
