/**
 * The Places map and search in real headless Chromium, with every address outside Hearth
 * unreachable: the page's requests to anything but the Hearth origin are aborted (and recorded),
 * yet the map draws its land and border outlines (served by Hearth), shows the Lisbon photo as a
 * cluster, and clicking the cluster shows the photo. Then the Photos search box finds it by place
 * and date.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ensureFixtures, FIXTURES } from "../fixtures/make-fixtures.mjs";
import { completeSetup, useHearthAndBrowser } from "./browser";

describe("Places in the browser, offline", () => {
  const env = useHearthAndBrowser();

  it("draws the base map with no outside address, clusters the Lisbon photo, opens it; search finds it", async () => {
    await ensureFixtures();
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const origin = new URL(env.hearth.url).origin;
    const outside: string[] = [];
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(origin) || url.startsWith("blob:") || url.startsWith("data:")) return route.continue();
      outside.push(url);
      return route.abort("internetdisconnected");
    });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await completeSetup(page, env.hearth.url, {
      name: "Lia",
      email: "lia@example.com",
      password: "a long enough password",
    });

    // The Lisbon photo (GPS EXIF), uploaded and processed.
    const upload = await page.evaluate(
      async (bytes) => {
        const response = await fetch("/api/files/content?parent=root&name=lisbon.jpg", {
          method: "PUT",
          body: new Uint8Array(bytes),
        });
        return { status: response.status, body: await response.json() };
      },
      [...readFileSync(FIXTURES.lisbon)],
    );
    expect(upload.status).toBe(201);
    await expect
      .poll(
        async () =>
          page.evaluate(
            async (id) => (await (await fetch(`/api/files/${id}`)).json()).media?.place?.city,
            upload.body.id,
          ),
        {
          timeout: 120_000,
        },
      )
      .toBe("Lisbon");

    await page.goto(`${env.hearth.url}/photos`);
    await page.getByTestId("photos-places").click();
    await page.getByTestId("places-map").waitFor();
    // The base is drawn: MapLibre has loaded the style with its outline layers and painted the canvas.
    await expect
      .poll(
        () =>
          page.evaluate(() => {
            const map = (window as any).hearthPlacesMap;
            return !!map && map.loaded() && !!map.getLayer("land") && !!map.getLayer("borders") && map.isStyleLoaded();
          }),
        { timeout: 60_000 },
      )
      .toBe(true);
    // The outlines are on screen: MapLibre renders land polygons and border lines in this view.
    const drawn = await page.evaluate(() => {
      const map = (window as any).hearthPlacesMap;
      return {
        land: map.queryRenderedFeatures({ layers: ["land"] }).length,
        borders: map.queryRenderedFeatures({ layers: ["borders"] }).length,
      };
    });
    expect(drawn.land).toBeGreaterThan(0);
    expect(drawn.borders).toBeGreaterThan(0);

    // The photo is a cluster of one; clicking it shows the photo below the map.
    const cluster = page.getByTestId("places-cluster");
    await cluster.first().waitFor({ timeout: 30_000 });
    await expect.poll(() => cluster.count()).toBe(1);
    await expect.poll(() => cluster.first().getAttribute("aria-label")).toContain("Lisbon, Portugal");
    await cluster.first().click();
    await page.getByTestId("places-photos").getByRole("button", { name: "Photo lisbon.jpg", exact: true }).waitFor();
    await page.getByTestId("places-photos").getByRole("button", { name: "Photo lisbon.jpg", exact: true }).click();
    await page.locator(".lightbox").first().waitFor();
    await page.keyboard.press("i");
    await expect.poll(() => page.getByTestId("lightbox-info").textContent()).toContain("Lisbon, Portugal");
    await page.keyboard.press("Escape");

    // The Photos search box: by place and month.
    const box = page.getByTestId("photo-search-input").first();
    await box.fill("Lisbon July 2019");
    await box.press("Enter");
    await page.waitForURL(/\/photos\/search\?q=/);
    await page.getByRole("button", { name: "Photo lisbon.jpg", exact: true }).waitFor();
    await page.getByTestId("photo-search-input").first().fill("Lisbon 2020");
    await page.getByTestId("photo-search-input").first().press("Enter");
    await page.getByTestId("photo-results-empty").waitFor();

    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
