/**
 * App passwords in real headless Chromium: Settings makes one (shown once), a WebDAV client signs
 * in with it, Settings shows when and by what it was last used, and revoking it stops the client.
 */
import { describe, expect, it } from "vitest";
import { completeSetup, useHearthAndBrowser } from "./browser";

describe("app passwords in Settings", () => {
  const env = useHearthAndBrowser();

  it("create → shown once → used by a WebDAV client → last use shown → revoke", async () => {
    const page = await env.browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await completeSetup(page, env.hearth.url, {
      name: "Grace",
      email: "grace@example.com",
      password: "cobol compiler",
    });

    await page.getByTestId("nav-settings").click();
    await page.getByTestId("app-passwords").waitFor();
    // The help names the exact server address.
    expect(await page.getByTestId("webdav-url").textContent()).toMatch(/^http:\/\/[^/]+\/dav\/$/);
    expect(await page.getByTestId("webdav-help").textContent()).toMatch(
      /Finder[\s\S]*Windows[\s\S]*rclone[\s\S]*Photos/,
    );

    await page.getByTestId("app-password-name").fill("Grace's phone");
    await page.getByTestId("app-password-create").click();
    await page.getByTestId("app-password-created").waitFor();
    const password = ((await page.getByTestId("app-password-value").textContent()) ?? "").trim();
    expect(password).toMatch(/^[a-z0-9]{4}(-[a-z0-9]{4}){5}$/);
    await expect.poll(() => page.getByTestId("app-password-row").count()).toBe(1);
    expect(await page.getByTestId("app-password-row").textContent()).toContain("Never used");

    const auth = `Basic ${Buffer.from(`grace@example.com:${password}`).toString("base64")}`;
    const propfind = () =>
      fetch(`${env.hearth.url}/dav/`, {
        method: "PROPFIND",
        headers: { authorization: auth, depth: "0", "user-agent": "PhotoSync/4.2" },
      });
    expect((await propfind()).status).toBe(207);

    // Shown once: after a reload it is gone from the page, and the list says who used it.
    await page.reload();
    await page.getByTestId("app-passwords").waitFor();
    await expect
      .poll(async () => (await page.getByTestId("app-password-row").textContent()) ?? "")
      .toContain("PhotoSync/4.2");
    expect(await page.getByTestId("app-password-created").count()).toBe(0);
    expect(await page.content()).not.toContain(password);

    await page.getByTestId("app-password-revoke").click();
    await expect.poll(() => page.getByTestId("app-password-row").count()).toBe(0);
    expect((await propfind()).status).toBe(401);
    expect(errors).toEqual([]);
  });
});
