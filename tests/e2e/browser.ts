/** Debian's Chromium, driven by playwright-core (no browser download), against a real Hearth. */
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { removeDataDir, startHearth, type RunningHearth } from "../harness/hearth";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Without these Chromium keeps trying to reach Google's services, which this network refuses.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * For a describe block: a fresh Hearth (temp DATA_DIR) and a browser, started before its tests
 * and stopped after. Read `hearth` and `browser` inside the tests.
 */
export function useHearthAndBrowser(): { readonly hearth: RunningHearth; readonly browser: Browser } {
  const state = {} as { hearth: RunningHearth; browser: Browser };
  beforeAll(async () => {
    state.hearth = await startHearth();
    state.browser = await launchBrowser();
  });
  afterAll(async () => {
    await state.browser?.close();
    await state.hearth?.stop();
    if (state.hearth) removeDataDir(state.hearth.dataDir);
  });
  return state;
}

/** Creates the first (admin) account on the first-run page. */
export async function completeSetup(
  page: Page,
  url: string,
  account: { name: string; email: string; password: string },
): Promise<void> {
  await page.goto(url);
  await page.getByTestId("setup-name").fill(account.name);
  await page.getByTestId("setup-email").fill(account.email);
  await page.getByTestId("setup-password").fill(account.password);
  await page.getByTestId("setup-password-confirm").fill(account.password);
  await page.getByTestId("setup-submit").click();
  await page.getByTestId("user-menu").waitFor();
}
