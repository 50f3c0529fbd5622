/**
 * Albums in real headless Chromium against the real Hearth: Ann selects two photos on the
 * timeline and makes an album from them, shares it with Bob as a contributor; Bob, in his own
 * browser, finds it under "Shared with me" and adds a photo of his from his timeline; Ann's open
 * album page shows it (live, no reload), with "Added by Bob" in the lightbox's info. Then Ann
 * makes a password link to the album, and a signed-out visitor opens it with the password and
 * sees the three photos.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { completeSetup, useHearthAndBrowser } from "./browser";
import { check, tile, uploadOnTimeline, writePhoto } from "./photo-files";

describe("Albums in the browser", () => {
  const env = useHearthAndBrowser();

  it("an album from a selection, shared with a contributor who adds a photo; its password link opens signed out", async () => {
    const folder = mkdtempSync(join(tmpdir(), "hearth-e2e-albums-"));
    const url = env.hearth.url;
    const errors: string[] = [];
    try {
      const annContext = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
      const ann = await annContext.newPage();
      ann.on("pageerror", (error) => errors.push(error.message));
      await completeSetup(ann, url, { name: "Ann", email: "ann@example.com", password: "ann's long password" });
      const created = await ann.request.post(`${url}/api/admin/users`, {
        headers: { origin: url },
        data: { email: "bob@example.com", password: "bob's long password", name: "Bob" },
      });
      expect(created.status()).toBe(201);

      // Ann: two of her three photos become an album.
      await uploadOnTimeline(
        ann,
        url,
        [
          await writePhoto(folder, "harbour.jpg", "2023:06:01 10:00:00", { colour: "#3a6ea5" }),
          await writePhoto(folder, "castle.jpg", "2023:06:02 10:00:00", { colour: "#a5743a" }),
          await writePhoto(folder, "receipt.jpg", "2023:06:03 10:00:00", { colour: "#eeeeee" }),
        ],
        ["harbour.jpg", "castle.jpg", "receipt.jpg"],
      );
      await tile(ann, "harbour.jpg").hover();
      await check(ann, "harbour.jpg").click();
      await expect.poll(() => ann.getByTestId("selection-count").textContent()).toBe("1 selected");
      await check(ann, "castle.jpg").click();
      await expect.poll(() => ann.getByTestId("selection-count").textContent()).toBe("2 selected");
      await ann.getByTestId("selection-add-to-album").click();
      await ann.getByTestId("new-album-name").fill("Lisbon");
      await ann.getByTestId("new-album-create").click();
      await ann.getByRole("button", { name: "Open album" }).click();
      await expect.poll(() => ann.getByTestId("album-title").textContent()).toBe("Lisbon");
      await tile(ann, "castle.jpg").waitFor();
      expect(await tile(ann, "receipt.jpg").count()).toBe(0);
      await expect.poll(() => ann.getByTestId("album-facts").textContent()).toContain("2 items");

      // Shared with Bob, who may add photos.
      await ann.getByTestId("album-share").click();
      await ann.getByTestId("album-share-person").selectOption({ label: "Bob" });
      await ann.getByTestId("album-share-role").selectOption("contributor");
      await ann.getByTestId("album-share-add").click();
      await ann.locator('[data-testid="album-member"][data-member-name="Bob"]').waitFor();
      await ann.getByRole("button", { name: "Done" }).click();

      // Bob, in his own browser: the album is under "Shared with me"; he adds a photo of his.
      const bobContext = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
      const bob = await bobContext.newPage();
      bob.on("pageerror", (error) => errors.push(error.message));
      await bob.goto(`${url}/login`);
      await bob.getByTestId("login-email").fill("bob@example.com");
      await bob.getByTestId("login-password").fill("bob's long password");
      await bob.getByTestId("login-submit").click();
      await bob.getByTestId("user-menu").waitFor();
      await bob.goto(`${url}/photos/albums`);
      await bob.getByTestId("albums-shared").locator('[data-album-name="Lisbon"]').waitFor();
      await uploadOnTimeline(
        bob,
        url,
        [await writePhoto(folder, "tram.jpg", "2023:06:01 18:00:00", { colour: "#c0392b" })],
        ["tram.jpg"],
      );
      await tile(bob, "tram.jpg").hover();
      await check(bob, "tram.jpg").click();
      await bob.getByTestId("selection-add-to-album").click();
      await bob.locator('[data-testid="album-choice"][data-album-name="Lisbon"]').click();
      await bob.getByText("Added 1 photo to “Lisbon”").waitFor();

      // Ann's open album page shows Bob's photo without a reload, with who added it.
      await tile(ann, "tram.jpg").waitFor({ timeout: 30_000 });
      await expect.poll(() => ann.getByTestId("album-facts").textContent()).toContain("3 items");
      await expect.poll(() => tile(ann, "tram.jpg").getAttribute("data-ready"), { timeout: 60_000 }).toBe("true");
      await tile(ann, "tram.jpg").click();
      await ann.getByTestId("lightbox").waitFor();
      await ann.getByRole("button", { name: "Info (I)" }).click();
      expect(await ann.getByTestId("lightbox-info").textContent()).toContain("Bob");
      await ann.keyboard.press("Escape");

      // A password link to the album, opened signed out.
      await ann.getByTestId("album-share").click();
      await ann.getByTestId("album-public-link").click();
      await ann.getByTestId("share-password").fill("pastel de nata");
      await ann.getByTestId("share-create").click();
      const link = (await ann.getByTestId("share-url").first().inputValue()).trim();
      expect(link).toContain("/s/");

      const visitorContext = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
      const visitor = await visitorContext.newPage();
      visitor.on("pageerror", (error) => errors.push(error.message));
      await visitor.goto(link.replace(/^https?:\/\/[^/]+/, url));
      await visitor.getByTestId("public-password").fill("pastel de nata");
      await visitor.getByTestId("public-unlock").click();
      await visitor.getByTestId("public-album").waitFor();
      expect(await visitor.getByRole("heading", { name: "Lisbon" }).count()).toBe(1);
      for (const name of ["harbour.jpg", "castle.jpg", "tram.jpg"]) await tile(visitor, name).waitFor();
      expect(await tile(visitor, "receipt.jpg").count()).toBe(0);
      await expect.poll(() => tile(visitor, "tram.jpg").getAttribute("data-ready"), { timeout: 30_000 }).toBe("true");
      await tile(visitor, "castle.jpg").click();
      await visitor.getByTestId("lightbox-image").waitFor();
      expect(await visitor.getByTestId("public-download").count()).toBe(1);

      expect(errors).toEqual([]);
      await Promise.all([annContext.close(), bobContext.close(), visitorContext.close()]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 300_000);
});
