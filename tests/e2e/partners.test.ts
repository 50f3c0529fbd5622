/**
 * Partner sharing in real headless Chromium against the real Hearth: Ann shares her photos taken
 * since 2020 with Bob from Photos → Sharing; Bob, in his own browser, finds her under "Shared with
 * you" and sees her 2023 photo (not her 2019 one) on her Partner page; after "Show in my
 * timeline" it is in his own timeline beside his photo, with Ann's initial on the tile and her
 * name in the lightbox; Bob stops the share and her photo leaves his timeline. Then Ann shares only
 * her "Trip" folder, picked with the folder picker, and Bob sees what is in it and nothing else.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { completeSetup, useHearthAndBrowser } from "./browser";
import { tile, uploadOnTimeline, writePhoto } from "./photo-files";

describe("Partner sharing in the browser", () => {
  const env = useHearthAndBrowser();

  it("Ann shares from a date; Bob sees her photos apart, then in his timeline marked as hers; he stops it and they leave", async () => {
    const folder = mkdtempSync(join(tmpdir(), "hearth-e2e-partners-"));
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
      await uploadOnTimeline(
        ann,
        url,
        [
          await writePhoto(folder, "harbour.jpg", "2023:06:01 10:00:00", { colour: "#3a6ea5" }),
          await writePhoto(folder, "school.jpg", "2019:06:01 10:00:00", { colour: "#a5743a" }),
        ],
        ["harbour.jpg", "school.jpg"],
      );

      // Ann shares her photos taken since 2020 with Bob, from Photos → Sharing.
      await ann.getByTestId("nav-sharing").click();
      await ann.getByTestId("partner-person").selectOption({ label: "Bob" });
      await ann.getByTestId("partner-from").fill("2020-01-01");
      await ann.getByTestId("partner-share").click();
      const given = ann.locator('[data-testid="partner-given"][data-partner-name="Bob"]');
      await given.waitFor();
      expect(await given.textContent()).toMatch(/From (1 January 2020|January 1, 2020)/);

      // Bob, in his own browser, with a photo of his own.
      const bobContext = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
      const bob = await bobContext.newPage();
      bob.on("pageerror", (error) => errors.push(error.message));
      await bob.goto(`${url}/login`);
      await bob.getByTestId("login-email").fill("bob@example.com");
      await bob.getByTestId("login-password").fill("bob's long password");
      await bob.getByTestId("login-submit").click();
      await bob.getByTestId("user-menu").waitFor();
      await uploadOnTimeline(
        bob,
        url,
        [await writePhoto(folder, "tram.jpg", "2021:06:01 18:00:00", { colour: "#c0392b" })],
        ["tram.jpg"],
      );
      // Before he chooses to, his timeline is his own.
      expect(await tile(bob, "harbour.jpg").count()).toBe(0);

      // Ann's photos on her Partner page: the one since 2020 only.
      await bob.getByTestId("nav-sharing").click();
      const received = bob.locator('[data-testid="partner-received"][data-partner-name="Ann"]');
      await received.getByTestId("partner-view").click();
      await expect.poll(() => bob.getByTestId("partner-title").textContent()).toContain("Ann");
      expect(await bob.getByTestId("partner-title").textContent()).toContain("Partner");
      await expect.poll(() => tile(bob, "harbour.jpg").getAttribute("data-ready"), { timeout: 30_000 }).toBe("true");
      expect(await tile(bob, "school.jpg").count()).toBe(0);
      expect(await tile(bob, "tram.jpg").count()).toBe(0);

      // Shown in his timeline: beside his own photo, with Ann's initial, and her name in the lightbox.
      await bob.getByTestId("partner-show-in-timeline").check();
      await expect.poll(() => bob.getByTestId("partner-show-in-timeline").isChecked()).toBe(true);
      await bob.getByTestId("nav-photos").click();
      await expect.poll(() => tile(bob, "harbour.jpg").getAttribute("data-ready"), { timeout: 30_000 }).toBe("true");
      await tile(bob, "tram.jpg").waitFor();
      expect(await tile(bob, "school.jpg").count()).toBe(0);
      const badge = bob.locator('[data-file-id] [data-testid="photo-tile-owner"]');
      await expect.poll(() => badge.count()).toBe(1);
      expect(await badge.textContent()).toBe("A");
      expect(await badge.getAttribute("title")).toBe("Ann's photo");
      const order = await bob
        .getByTestId("photo-tile")
        .evaluateAll((tiles) => tiles.map((t) => t.getAttribute("aria-label")));
      expect(order).toEqual(["Photo harbour.jpg", "Photo tram.jpg"]);
      await tile(bob, "harbour.jpg").click();
      await bob.getByTestId("lightbox").waitFor();
      await expect.poll(() => bob.getByTestId("lightbox-owner").textContent()).toBe("Ann's photo");
      await bob.getByTestId("lightbox-image").waitFor();
      // None of Ann's own actions on her photo.
      expect(await bob.getByTestId("lightbox-favourite").count()).toBe(0);
      await bob.getByRole("button", { name: "Info (I)" }).click();
      expect(await bob.getByTestId("lightbox-info").textContent()).toContain("Shared byAnn");
      // The arrow moves on to his own photo.
      await bob.getByRole("button", { name: "Next photo" }).click();
      await expect.poll(() => bob.getByTestId("lightbox-owner").count()).toBe(0);
      await bob.keyboard.press("Escape");

      // Bob stops it: Ann's photo leaves his timeline, his own stays.
      await bob.getByTestId("nav-sharing").click();
      await received.getByTestId("partner-stop").click();
      await bob.getByText("No one shares their photos with you.").waitFor();
      await bob.getByTestId("nav-photos").click();
      await tile(bob, "tram.jpg").waitFor();
      expect(await tile(bob, "harbour.jpg").count()).toBe(0);
      // And Ann sees that she no longer shares with him.
      await ann.reload();
      await ann.getByText("No one yet.").waitFor();

      // Ann shares again, only her "Trip" folder (chosen with the folder picker), which holds her 2019 photo.
      const mine = await (await ann.request.get(`${url}/api/photos`)).json();
      const school = mine.items.find((item: { name: string }) => item.name === "school.jpg").id as string;
      const trip = await ann.request.post(`${url}/api/folders`, {
        headers: { origin: url },
        data: { parentId: null, name: "Trip" },
      });
      const tripId = (await trip.json()).id as string;
      const moved = await ann.request.patch(`${url}/api/files/${school}`, {
        headers: { origin: url },
        data: { parentId: tripId },
      });
      expect(moved.status()).toBe(200);
      await ann.getByTestId("partner-person").selectOption({ label: "Bob" });
      await ann.getByTestId("partner-add-folder").click();
      await ann.locator('[data-testid="move-target"][data-name="Trip"]').click();
      await ann.getByTestId("move-submit").click();
      await expect.poll(() => ann.getByTestId("partner-folder").textContent()).toBe("Trip");
      await ann.getByTestId("partner-share").click();
      await expect.poll(() => given.textContent()).toContain("Only Trip");
      await bob.getByTestId("nav-sharing").click();
      await received.getByTestId("partner-view").click();
      await expect.poll(() => tile(bob, "school.jpg").getAttribute("data-ready"), { timeout: 30_000 }).toBe("true");
      expect(await tile(bob, "harbour.jpg").count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
