/**
 * The Drive in real headless Chromium against the real Hearth: drop a whole folder of files,
 * rename one, move one by dragging it onto a folder, trash and restore it, share it, open the
 * link in a separate signed-out browser context, and download it byte-identical (SHA-256).
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { completeSetup, useHearthAndBrowser } from "./browser";

const sha256 = (data: Buffer | Uint8Array) => createHash("sha256").update(data).digest("hex");

/** A folder on disk to drop: family-trip/{notes.md, photo-1.bin, photo-2.bin, day2/beach.bin}. */
function makeTripFolder(): { root: string; files: Record<string, Buffer> } {
  const base = mkdtempSync(join(tmpdir(), "hearth-e2e-"));
  const root = join(base, "family-trip");
  mkdirSync(join(root, "day2"), { recursive: true });
  const files: Record<string, Buffer> = {
    "notes.md": Buffer.from("# Trip\nWe saw the sea.\n"),
    "photo-1.bin": randomBytes(300_000),
    "photo-2.bin": randomBytes(200_000),
    "day2/beach.bin": randomBytes(150_000),
  };
  for (const [path, data] of Object.entries(files)) writeFileSync(join(root, path), data);
  return { root, files };
}

/**
 * Drops a real folder from the "operating system" onto the page: Chromium's DevTools drag
 * events carry file paths, so the page gets genuine directory entries (webkitGetAsEntry).
 */
async function dropFolder(page: Page, folder: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const box = (await page.locator("main").boundingBox())!;
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const data = { items: [], files: [folder], dragOperationsMask: 1 };
  await cdp.send("Input.dispatchDragEvent", { type: "dragEnter", ...at, data });
  await cdp.send("Input.dispatchDragEvent", { type: "dragOver", ...at, data });
  await cdp.send("Input.dispatchDragEvent", { type: "drop", ...at, data });
  await cdp.detach();
}

const row = (page: Page, name: string) => page.locator(`[data-testid="file-row"][data-name="${name}"]`);

describe("the Drive in the browser", () => {
  const env = useHearthAndBrowser();

  it("drop a folder → rename → drag to move → trash and restore → share → download elsewhere", async () => {
    const trip = makeTripFolder();
    const context = await env.browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));

    await completeSetup(page, env.hearth.url, {
      name: "Grace",
      email: "grace@example.com",
      password: "a long enough password",
    });
    await page.getByTestId("nav-drive").first().click();
    await page.getByTestId("new-folder").waitFor();

    // 1. Drop the whole folder: its tree is recreated.
    await dropFolder(page, trip.root);
    await row(page, "family-trip").waitFor({ timeout: 60_000 });
    await row(page, "family-trip").dblclick();
    for (const name of ["day2", "notes.md", "photo-1.bin", "photo-2.bin"])
      await row(page, name).waitFor({ timeout: 60_000 });
    await row(page, "day2").dblclick();
    await row(page, "beach.bin").waitFor({ timeout: 60_000 });
    await page.getByTestId("breadcrumb").filter({ hasText: "family-trip" }).click();
    await row(page, "notes.md").waitFor();

    // 2. Rename one (context menu → Rename).
    await row(page, "photo-2.bin").click({ button: "right" });
    await page.getByTestId("context-menu").waitFor();
    await page.getByTestId("menu-rename").click();
    await page.getByTestId("rename-input").fill("sunset.bin");
    await page.getByTestId("rename-submit").click();
    await row(page, "sunset.bin").waitFor();
    await expect.poll(() => row(page, "photo-2.bin").count()).toBe(0);

    // 3. Move one by dragging it onto a folder.
    await row(page, "photo-1.bin").dragTo(row(page, "day2"));
    await expect.poll(() => row(page, "photo-1.bin").count(), { timeout: 15_000 }).toBe(0);
    await row(page, "day2").dblclick();
    await row(page, "photo-1.bin").waitFor();
    await row(page, "beach.bin").waitFor();
    await page.getByTestId("breadcrumb").filter({ hasText: "family-trip" }).click();

    // 4. Trash it and restore it from the trash.
    await row(page, "sunset.bin").click({ button: "right" });
    await page.getByTestId("menu-trash").click();
    await expect.poll(() => row(page, "sunset.bin").count(), { timeout: 15_000 }).toBe(0);
    await page.getByTestId("nav-trash").first().click();
    const trashed = page.locator('[data-testid="trash-row"][data-name="sunset.bin"]');
    await trashed.waitFor();
    await trashed.click();
    await trashed.getByTestId("trash-restore").or(page.getByTestId("trash-restore")).first().click();
    await expect.poll(() => trashed.count(), { timeout: 15_000 }).toBe(0);
    await page.getByTestId("nav-drive").first().click();
    await row(page, "family-trip").dblclick();
    await row(page, "sunset.bin").waitFor();

    // 5. Share it and open the link signed out, in a separate browser context.
    await row(page, "sunset.bin").click({ button: "right" });
    await page.getByTestId("menu-share").click();
    await page.getByTestId("share-dialog").waitFor();
    await page.getByTestId("share-create").click();
    const url = await page.getByTestId("share-url").inputValue();
    expect(url).toMatch(new RegExp(`/s/[A-Za-z0-9_-]{22,}$`));
    const stranger = await env.browser.newContext({ acceptDownloads: true });
    const publicPage = await stranger.newPage();
    await publicPage.goto(url.replace(/^https?:\/\/[^/]+/, env.hearth.url));
    await publicPage.getByTestId("public-file").waitFor();
    const [download] = await Promise.all([
      publicPage.waitForEvent("download"),
      publicPage.getByTestId("public-download").click(),
    ]);
    const downloaded = readFileSync((await download.path())!);
    expect(sha256(downloaded)).toBe(sha256(trip.files["photo-2.bin"]!));
    // The stranger is not signed in and sees nothing else.
    expect((await publicPage.request.get(`${env.hearth.url}/api/files?parent=root`)).status()).toBe(401);
    await stranger.close();

    // 6. The owner downloads the moved file and gets the same bytes that were dropped.
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByTestId("share-dialog").count()).toBe(0);
    await row(page, "day2").dblclick();
    await row(page, "photo-1.bin").click({ button: "right" });
    const [own] = await Promise.all([page.waitForEvent("download"), page.getByTestId("menu-download").click()]);
    expect(sha256(readFileSync((await own.path())!))).toBe(sha256(trip.files["photo-1.bin"]!));
    expect(errors).toEqual([]);
    await context.close();
  });
});
