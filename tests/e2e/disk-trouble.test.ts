/**
 * A data folder that turns read-only while Hearth runs (a disk error on a NAS): reads keep
 * working (listing, download, the web app), every change answers 503 `read_only` with a clear
 * message (PUT, tus, a new folder), and the web app shows a read-only banner instead of errors.
 * Admin → Storage shows the disk's free space with its bar before, and says it is read-only after.
 * And a disk that fills up: the upload says "Hearth's disk is full", and so does a banner.
 */
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, rmdirSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "../harness/client";
import { canMakeFailingDisk, makeFailingDisk, type FailingDisk } from "../harness/failing-disk";
import { startHearth, type RunningHearth } from "../harness/hearth";
import { completeSetup, launchBrowser } from "./browser";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const ACCOUNT = { name: "Ruth", email: "ruth@example.com", password: "read only please" };

describe.skipIf(!canMakeFailingDisk())("a data folder that turns read-only at run time (ext4 on a loop device)", () => {
  let disk: FailingDisk;
  let hearth: RunningHearth;
  let browser: Browser;

  beforeAll(async () => {
    disk = makeFailingDisk(96);
    hearth = await startHearth({ dataDir: disk.path });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await hearth?.stop();
    disk?.unmount();
  });

  it("keeps reads working, refuses changes with read_only, and the web app shows a banner", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await completeSetup(page, hearth.url, ACCOUNT);
    const api = new Client(hearth.url);
    expect((await api.login(ACCOUNT.email, ACCOUNT.password)).status).toBe(200);
    const bytes = randomBytes(20_000) as Uint8Array<ArrayBuffer>;
    const file = (await api.upload("before.bin", bytes)).body;

    // Admin → Storage: free space with a bar, no warning on a healthy disk.
    await page.goto(`${hearth.url}/admin/storage`);
    await page.getByTestId("disk-free").waitFor();
    expect(Number(await page.getByTestId("disk-free").getAttribute("data-free"))).toBeGreaterThan(0);
    expect(await page.getByRole("progressbar", { name: "Disk space used" }).count()).toBe(1);
    expect(await page.getByTestId("storage-banner").count()).toBe(0);

    disk.failReadOnly();

    // Reads keep working.
    const listing = await api.json("GET", "/api/files?parent=root");
    expect(listing.status).toBe(200);
    expect(listing.body.items.map((i: { name: string }) => i.name)).toEqual(["before.bin"]);
    const download = await api.request("GET", `/api/files/${file.id}/content`);
    expect(download.status).toBe(200);
    expect(sha256(new Uint8Array(await download.arrayBuffer()))).toBe(sha256(bytes));

    // Every change is refused with the same clear answer, and nothing half-done is listed.
    const put = await api.request("PUT", "/api/files/content?parent=root&name=after.bin", {
      body: new Blob([randomBytes(5000)]),
    });
    expect(put.status).toBe(503);
    expect((await put.json()).error.code).toBe("read_only");
    const tus = await api.request("POST", "/api/uploads", {
      headers: {
        "tus-resumable": "1.0.0",
        "upload-length": "5000",
        "upload-metadata": `filename ${Buffer.from("tus.bin").toString("base64")}`,
      },
    });
    expect(tus.status).toBe(503);
    expect((await tus.json()).error.code).toBe("read_only");
    const folder = await api.json("POST", "/api/folders", { name: "New", parentId: null });
    expect(folder.status).toBe(503);
    expect(folder.body.error.code).toBe("read_only");
    expect((await api.json("GET", "/api/status")).body).toEqual({ readOnly: true, diskFull: false });
    expect((await api.json("GET", "/api/files?parent=root")).body.items).toHaveLength(1);

    // The web app: a banner on every page, files still listed, the admin page says why.
    await page.goto(`${hearth.url}/drive`);
    const banner = page.getByTestId("storage-banner");
    await banner.waitFor();
    expect(await banner.getAttribute("data-state")).toBe("read-only");
    expect(await banner.textContent()).toMatch(/read-only/);
    await page.getByText("before.bin").first().waitFor();
    await page.goto(`${hearth.url}/admin/storage`);
    await page.getByTestId("disk-warning").waitFor();
    expect(await page.getByTestId("disk-warning").textContent()).toMatch(/read-only/);
    expect(errors).toEqual([]);
  });
});

describe.skipIf(process.getuid?.() !== 0)("a disk that fills up (a 48 MiB tmpfs data folder)", () => {
  let mountPoint: string;
  let hearth: RunningHearth;
  let browser: Browser;

  beforeAll(async () => {
    mountPoint = join(tmpdir(), `hearth-e2e-full-${process.pid}`);
    mkdirSync(mountPoint, { recursive: true });
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=48m", "tmpfs", mountPoint]);
    hearth = await startHearth({ dataDir: mountPoint });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await hearth?.stop();
    execFileSync("umount", [mountPoint]);
    rmdirSync(mountPoint);
  });

  it("the web app says Hearth's disk is full, on the upload and in a banner", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await completeSetup(page, hearth.url, ACCOUNT);
    await page.goto(`${hearth.url}/drive`);
    expect(await page.getByTestId("storage-banner").count()).toBe(0);

    // Something else on the box takes the room that is left.
    const free = statfsSync(mountPoint);
    writeFileSync(
      join(mountPoint, "someone-elses-file"),
      new Uint8Array(Math.max(0, free.bavail * free.bsize - 4 * 1024 ** 2)),
    );

    const file = join(mountPoint, "..", `hearth-e2e-upload-${process.pid}.bin`);
    writeFileSync(file, randomBytes(6 * 1024 ** 2));
    try {
      await page.getByTestId("upload-input").setInputFiles(file);
      const row = page.locator('[data-testid="upload-item"][data-state="failed"]');
      await row.waitFor();
      expect(await page.getByTestId("upload-progress").textContent()).toContain("Hearth's disk is full");
      const banner = page.getByTestId("storage-banner");
      await banner.waitFor();
      expect(await banner.getAttribute("data-state")).toBe("disk-full");
      expect(await banner.textContent()).toContain("Hearth's disk is full");
    } finally {
      rmSync(file, { force: true });
    }
    expect(errors).toEqual([]);
  });
});
