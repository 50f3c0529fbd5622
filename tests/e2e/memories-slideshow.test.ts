/**
 * Memories and the slideshow in real headless Chromium against the real Hearth. The browser runs
 * in Auckland's time zone, so "today" is its own date (for half of each UTC day not the server's):
 * Iris has photos taken on that date one, two and three years ago. The timeline shows "On this
 * day" with a card per year; "1 year ago" opens a slideshow of them that shows the photo, pauses
 * with Space, goes full screen with F, moves with →, plays on by itself, and closes with Esc. A
 * slideshow from an album plays it oldest first, one from search results newest first, one from
 * the timeline starts at the newest photo (or a selected one) and pages on; on a phone a tap
 * shows and hides the controls and a swipe moves. A video plays muted to its end, then moves on.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { ROOT } from "../harness/hearth";
import { completeSetup, useHearthAndBrowser } from "./browser";
import { tile, writePhoto } from "./photo-files";

const TIME_ZONE = "Pacific/Auckland";

/** Today's date in TIME_ZONE `yearsBack` years ago, as EXIF writes it ("2025:12:07"). */
function exifDay(yearsBack: number): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, dateStyle: "short" }).format(new Date());
  const [year, month, day] = parts.split("-");
  return `${Number(year) - yearsBack}:${month}:${day}`;
}

/** The photo on screen: the slideshow's current image, once it has loaded and faded in. */
const shownName = (page: Page) =>
  page.locator('[data-testid="slideshow-image"][data-phase="shown"]').getAttribute("alt");
const counter = (page: Page) => page.getByTestId("slideshow-counter").textContent();

/** The slideshow shows `name` (its image, by alt and by the file's URL) at `position` ("2 / 3"). */
async function expectShowing(page: Page, name: string, id: string, position: string) {
  await expect.poll(() => shownName(page), { timeout: 15_000 }).toBe(name);
  expect(await page.getByTestId("slideshow-image").getAttribute("src")).toContain(`/api/files/${id}/`);
  expect(await page.getByTestId("slideshow-name").textContent()).toBe(name);
  // A paged source (the timeline) says "1 / 1+" until its next page is in.
  await expect.poll(() => counter(page)).toBe(position);
}

describe("Memories and slideshow in the browser", () => {
  const env = useHearthAndBrowser();

  it("On this day → slideshow (Space, F, →, plays on, Esc); album and search slideshows in order", async () => {
    const folder = mkdtempSync(join(tmpdir(), "hearth-e2e-memories-"));
    const url = env.hearth.url;
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: TIME_ZONE });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await completeSetup(page, url, { name: "Iris", email: "iris@example.com", password: "a long enough password" });

    const photos: [string, string, string][] = [
      ["memory-1y.jpg", `${exifDay(1)} 10:00:00`, "#3a6ea5"],
      ["memory-2y.jpg", `${exifDay(2)} 18:00:00`, "#a5743a"],
      ["memory-3y.jpg", `${exifDay(3)} 08:00:00`, "#6ea53a"],
      ["album-a.jpg", "2020:05:01 12:00:00", "#c0392b"],
      ["album-b.jpg", "2020:05:02 12:00:00", "#8e44ad"],
      ["album-c.jpg", "2020:05:03 12:00:00", "#16a085"],
    ];
    const paths = await Promise.all(photos.map(([name, date, colour]) => writePhoto(folder, name, date, { colour })));
    await page.goto(`${url}/photos`);
    await page.getByTestId("photos-empty").waitFor();
    await expect(page.getByTestId("memories").count()).resolves.toBe(0);
    await page.getByTestId("photos-upload-input").setInputFiles(paths);
    // Processed (dated, with thumbnails): the timeline's page says so (its tiles may be below the fold).
    const ids = new Map<string, string>();
    await expect
      .poll(
        async () => {
          const listed = (await (await page.request.get(`${url}/api/photos`)).json()).items as {
            id: string;
            name: string;
            thumbnails: number[];
          }[];
          for (const item of listed) ids.set(item.name, item.id);
          return listed.filter((item) => item.thumbnails.includes(720)).length;
        },
        { timeout: 120_000 },
      )
      .toBe(photos.length);
    await page.getByTestId("upload-close").click();
    const id = (name: string) => ids.get(name)!;

    // "On this day": a card per year, newest first.
    await page.reload();
    await page.getByTestId("memories").waitFor();
    expect(await page.getByTestId("memories").getByRole("heading").textContent()).toBe("On this day");
    const cards = page.getByTestId("memory-card");
    await expect
      .poll(() => cards.evaluateAll((all) => all.map((card) => card.dataset.yearsAgo)))
      .toEqual(["1", "2", "3"]);
    expect(await cards.first().textContent()).toContain("1 year ago");

    // Its slideshow: the photo of last year first.
    await cards.first().click();
    await page.getByTestId("slideshow").waitFor();
    await expectShowing(page, "memory-1y.jpg", id("memory-1y.jpg"), "1 / 3");
    expect(await page.getByTestId("slideshow").textContent()).toContain("1 year ago");
    // Space pauses.
    await page.keyboard.press(" ");
    await expect.poll(() => page.getByTestId("slideshow").getAttribute("data-playing")).toBe("false");
    expect(await page.getByTestId("slideshow-play").getAttribute("aria-label")).toBe("Play (Space)");
    // F: full screen.
    await page.keyboard.press("f");
    await expect.poll(() => page.evaluate(() => document.fullscreenElement === document.documentElement)).toBe(true);
    expect(await page.getByTestId("slideshow").isVisible()).toBe(true);
    // The button follows the browser's fullscreenchange event, which comes just after the state.
    await expect
      .poll(() => page.getByTestId("slideshow-fullscreen").getAttribute("aria-pressed"), { timeout: 10_000 })
      .toBe("true");
    // → : the next year's photo.
    await page.keyboard.press("ArrowRight");
    await expectShowing(page, "memory-2y.jpg", id("memory-2y.jpg"), "2 / 3");
    expect(await page.getByTestId("slideshow").textContent()).toContain("2 years ago");
    // Space plays again, and it moves on by itself to the third.
    await page.keyboard.press(" ");
    await expect.poll(() => page.getByTestId("slideshow").getAttribute("data-playing")).toBe("true");
    await expect.poll(() => shownName(page), { timeout: 20_000 }).toBe("memory-3y.jpg");
    expect(await counter(page)).toBe("3 / 3");
    // Esc closes it, out of full screen.
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByTestId("slideshow").count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.fullscreenElement === null)).toBe(true);

    // The timeline's slideshow starts at the newest photo and goes on through older ones.
    await page.getByTestId("photos-slideshow").click();
    await expectShowing(page, "memory-1y.jpg", id("memory-1y.jpg"), "1 / 6");
    await page.keyboard.press(" ");
    await page.keyboard.press("ArrowRight");
    await expectShowing(page, "memory-2y.jpg", id("memory-2y.jpg"), "2 / 6");
    await page.getByTestId("slideshow-close").click();
    await expect.poll(() => page.getByTestId("slideshow").count()).toBe(0);
    // With one photo selected, the selection bar's Slideshow plays the timeline from it.
    await tile(page, "memory-1y.jpg").hover();
    await page.getByRole("checkbox", { name: "Select memory-1y.jpg", exact: true }).click();
    await page.getByTestId("selection-slideshow").click();
    await expectShowing(page, "memory-1y.jpg", id("memory-1y.jpg"), "1 / 6");
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByTestId("slideshow").count()).toBe(0);
    // The slideshow's Esc is its own: the selection stays.
    expect(await page.getByTestId("selection-count").textContent()).toBe("1 selected");
    await page.getByTestId("selection-clear").click();

    // An album's slideshow plays it as the album shows it: oldest taken first.
    const album = await page.request.post(`${url}/api/albums`, {
      headers: { origin: url },
      data: { name: "May", fileIds: [id("album-b.jpg"), id("album-c.jpg"), id("album-a.jpg")] },
    });
    expect(album.status()).toBe(201);
    await page.goto(`${url}/photos/albums/${(await album.json()).id}`);
    await page.getByTestId("album-slideshow").click();
    await expect.poll(() => shownName(page), { timeout: 15_000 }).toBe("album-a.jpg");
    expect(await page.getByTestId("slideshow-image").getAttribute("src")).toContain(`/items/${id("album-a.jpg")}/`);
    expect(await counter(page)).toBe("1 / 3");
    await page.keyboard.press(" ");
    for (const [name, position] of [
      ["album-b.jpg", "2 / 3"],
      ["album-c.jpg", "3 / 3"],
      ["album-a.jpg", "1 / 3"],
    ]) {
      await page.keyboard.press("ArrowRight");
      await expect.poll(() => shownName(page), { timeout: 15_000 }).toBe(name);
      await expect.poll(() => counter(page)).toBe(position);
    }
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByTestId("slideshow").count()).toBe(0);

    // Search results' slideshow plays them as listed: newest taken first.
    await page.goto(`${url}/photos/search?q=album`);
    await tile(page, "album-a.jpg").waitFor();
    await page.getByTestId("results-slideshow").click();
    await expectShowing(page, "album-c.jpg", id("album-c.jpg"), "1 / 3");
    await page.keyboard.press(" ");
    await page.keyboard.press("ArrowRight");
    await expectShowing(page, "album-b.jpg", id("album-b.jpg"), "2 / 3");
    await page.keyboard.press("ArrowRight");
    await expectShowing(page, "album-a.jpg", id("album-a.jpg"), "3 / 3");
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByTestId("slideshow").count()).toBe(0);

    // On a phone: a tap on a memory plays it; a tap on the photo hides the controls and another
    // brings them back; a swipe moves to the next photo.
    const phone = await env.browser.newContext({
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
      timezoneId: TIME_ZONE,
    });
    await phone.addCookies(await context.cookies());
    const mobile = await phone.newPage();
    mobile.on("pageerror", (error) => errors.push(error.message));
    await mobile.goto(`${url}/photos`);
    await mobile.getByTestId("memory-card").first().tap();
    await expectShowing(mobile, "memory-1y.jpg", id("memory-1y.jpg"), "1 / 3");
    await mobile.getByTestId("slideshow-play").tap();
    await expect.poll(() => mobile.getByTestId("slideshow").getAttribute("data-playing")).toBe("false");
    const stage = (await mobile.getByTestId("slideshow-stage").boundingBox())!;
    const middle = { x: stage.x + stage.width / 2, y: stage.y + stage.height / 2 };
    const idle = () =>
      mobile.getByTestId("slideshow").evaluate((dialog) => dialog.classList.contains("slideshow--idle"));
    await mobile.touchscreen.tap(middle.x, middle.y);
    await expect.poll(idle).toBe(true);
    await mobile.touchscreen.tap(middle.x, middle.y);
    await expect.poll(idle).toBe(false);
    const cdp = await phone.newCDPSession(mobile);
    await cdp.send("Input.dispatchTouchEvent", {
      type: "touchStart",
      touchPoints: [{ x: stage.width - 40, y: middle.y }],
    });
    for (let step = 1; step <= 5; step++)
      await cdp.send("Input.dispatchTouchEvent", {
        type: "touchMove",
        touchPoints: [{ x: stage.width - 40 - step * 50, y: middle.y }],
      });
    await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
    await expectShowing(mobile, "memory-2y.jpg", id("memory-2y.jpg"), "2 / 3");
    await phone.close();

    expect(errors).toEqual([]);
    await context.close();
  });

  it("a video in a slideshow plays muted, then the next photo comes when it ends", async () => {
    const url = env.hearth.url;
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: TIME_ZONE });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${url}/login`);
    await page.getByTestId("login-email").fill("iris@example.com");
    await page.getByTestId("login-password").fill("a long enough password");
    await page.getByTestId("login-submit").click();
    await page.getByTestId("user-menu").waitFor();
    const video = readFileSync(join(ROOT, "tests", "fixtures", "video-2s.mp4"));
    const put = await page.request.put(`${url}/api/files/content?parent=root&name=clip.mp4`, {
      headers: { origin: url, "content-type": "video/mp4" },
      data: video,
    });
    expect(put.status()).toBe(201);
    const clip = (await put.json()).id as string;
    await expect
      .poll(async () => (await (await page.request.get(`${url}/api/files/${clip}`)).json()).thumbnails, {
        timeout: 120_000,
      })
      .toContain(720);
    const photos = (await (await page.request.get(`${url}/api/photos`)).json()).items as { id: string; name: string }[];
    const photo = photos.find((item) => item.name === "album-a.jpg")!;
    // The album plays oldest first: the 2020 photo, then the clip (dated by its upload).
    const album = await page.request.post(`${url}/api/albums`, {
      headers: { origin: url },
      data: { name: "With a clip", fileIds: [clip, photo.id] },
    });
    await page.goto(`${url}/photos/albums/${(await album.json()).id}`);
    await page.getByTestId("album-slideshow").click();
    await expect.poll(() => shownName(page), { timeout: 15_000 }).toBe("album-a.jpg");
    // What the clip's player does, as it happens (media events do not bubble; they are caught on
    // the way down): so a slow poll cannot miss a 2 s clip.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { clipEvents: string[] }).clipEvents = seen;
      for (const type of ["playing", "ended", "error"])
        document.addEventListener(
          type,
          ({ target }) =>
            target instanceof HTMLVideoElement &&
            seen.push(`${type} ${target.getAttribute("aria-label")}${target.muted ? " muted" : ""}`),
          true,
        );
    });
    const clipEvents = () => page.evaluate(() => (window as unknown as { clipEvents: string[] }).clipEvents);
    await page.keyboard.press("ArrowRight");
    await page.getByTestId("slideshow-video").waitFor();
    // It plays muted to its end (2 s; a video's cap is 30 s), and then the next photo comes: the list starts over.
    await expect
      .poll(async () => (await clipEvents()).join(", "), { timeout: 20_000 })
      .toContain("ended clip.mp4 muted");
    const events = await clipEvents();
    expect(events[0], events.join()).toBe("playing clip.mp4 muted");
    expect(events.join(), events.join()).not.toContain("error");
    await expect.poll(() => counter(page)).toBe("1 / 2");
    await expect.poll(() => shownName(page), { timeout: 15_000 }).toBe("album-a.jpg");
    expect(errors).toEqual([]);
    await context.close();
  });
});
