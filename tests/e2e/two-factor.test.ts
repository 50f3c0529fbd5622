/**
 * Two-factor sign-in in real headless Chromium: first-run setup → turn on two-factor in Settings
 * by scanning (reading) the secret → sign out → sign in with password and a TOTP code.
 */
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { describe, expect, it } from "vitest";
import { completeSetup, useHearthAndBrowser } from "./browser";

/** The TOTP code for the 30-second step containing `when`. */
function codeAt(secret: string, when: number): string {
  return generateHOTP(decodeBase32IgnorePadding(secret), BigInt(Math.floor(when / 30_000)), 6);
}

describe("two-factor sign-in in the browser", () => {
  const env = useHearthAndBrowser();

  it("setup → enable 2FA → sign out → sign in with a TOTP code", async () => {
    const page = await env.browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));

    await completeSetup(page, env.hearth.url, {
      name: "Ada Lovelace",
      email: "ada@example.com",
      password: "analytical engine",
    });

    await page.getByTestId("nav-settings").click();
    await page.getByTestId("two-factor-start").click();
    await page.getByTestId("two-factor-qr").waitFor();
    const secret = ((await page.getByTestId("two-factor-secret").textContent()) ?? "").replace(/\s/g, "");
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.getByTestId("two-factor-code").fill(codeAt(secret, Date.now()));
    await page.getByTestId("two-factor-enable").click();
    await page.getByTestId("recovery-codes").waitFor();
    expect(await page.getByTestId("recovery-code").count()).toBe(10);
    await page.getByTestId("recovery-codes-done").click();

    await page.getByTestId("logout").first().click();
    await page.getByTestId("login-email").waitFor();
    await page.getByTestId("login-email").fill("ada@example.com");
    await page.getByTestId("login-password").fill("analytical engine");
    await page.getByTestId("login-submit").click();
    await page.getByTestId("login-code").waitFor();
    // A wrong code is refused and the user stays on the code step.
    await page.getByTestId("login-code").fill("000000");
    await page.getByTestId("login-code-submit").click();
    await expect.poll(async () => (await page.locator("body").textContent()) ?? "").toMatch(/not right/i);
    // The next 30-second code: the one used to enrol cannot be used again.
    await page.getByTestId("login-code").fill(codeAt(secret, Date.now() + 30_000));
    await page.getByTestId("login-code-submit").click();
    await expect.poll(() => page.getByTestId("user-menu").textContent()).toContain("Ada Lovelace");
    const me = await page.evaluate(async () => (await fetch("/api/me")).json());
    expect(me.user).toMatchObject({ email: "ada@example.com", twoFactorEnabled: true });
    expect(errors).toEqual([]);
  });
});
