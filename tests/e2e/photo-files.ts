/**
 * Photos for the browser tests: real JPEGs with a date taken (and a camera) in their EXIF, and the
 * timeline's tiles and their checks found the way a user finds them, by the photo's name.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import sharp from "sharp";
import { expect } from "vitest";

/** Writes `name` into `folder`: a plain-coloured JPEG taken at `date` ("2024:05:20 12:00:00"). */
export async function writePhoto(
  folder: string,
  name: string,
  date: string,
  options: { colour?: string; width?: number; height?: number } = {},
): Promise<string> {
  const { width = 400, height = 300 } = options;
  const hue = [...name].reduce((sum, c) => sum * 31 + c.charCodeAt(0), 7) % 255;
  const bytes = await sharp({
    create: { width, height, channels: 3, background: options.colour ?? { r: hue, g: 110, b: 180 } },
  })
    .jpeg()
    .withExif({ IFD0: { Make: "Hearth", Model: "E2E" }, IFD2: { DateTimeOriginal: date } })
    .toBuffer();
  const path = join(folder, name);
  writeFileSync(path, bytes);
  return path;
}

export const tile = (page: Page, name: string) => page.getByRole("button", { name: `Photo ${name}`, exact: true });
export const check = (page: Page, name: string) => page.getByRole("checkbox", { name: `Select ${name}`, exact: true });

/**
 * Waits until each photo's tile shows its thumbnail. Until then processing may still move the tile
 * (to the day it was taken, at its real shape), and a click could land on whatever moved under it.
 */
export async function untilShown(page: Page, names: string[], timeout = 120_000): Promise<void> {
  for (const name of names)
    await expect.poll(() => tile(page, name).getAttribute("data-ready"), { timeout }).toBe("true");
}

/**
 * Opens an empty timeline, waits until its live event stream is open (a photo uploaded and processed
 * before then would only show after a reload), uploads `paths` and waits until `names` all show.
 */
export async function uploadOnTimeline(page: Page, url: string, paths: string[], names: string[]): Promise<void> {
  await page.goto(`${url}/photos`);
  await page.getByTestId("photos-empty").waitFor();
  await page.locator('[data-testid="connection-state"][data-state="live"]').waitFor();
  await page.getByTestId("photos-upload-input").setInputFiles(paths);
  await untilShown(page, names);
  await page.getByTestId("upload-close").click();
}

/**
 * Where `target` is once it stops moving: the same box in two looks 250 ms apart (the grid lays
 * itself out again while months load and the space above it fills in). For input sent by
 * coordinates, such as a long press through CDP, which nothing re-aims.
 */
export async function steadyBox(
  target: Locator,
  timeout = 30_000,
): Promise<{ x: number; y: number; width: number; height: number }> {
  const deadline = Date.now() + timeout;
  let last = "";
  for (;;) {
    const box = await target.boundingBox();
    const seen = JSON.stringify(box);
    if (box && box.width > 0 && seen === last) return box;
    if (Date.now() > deadline) throw new Error(`${target} did not come to rest within ${timeout} ms (last at ${seen})`);
    last = seen;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
