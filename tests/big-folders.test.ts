/**
 * A folder of 20,000 photos, with the blob and media rows uploads and the media process leave
 * (seeded straight into the database), lists completely: over the API as one streamed answer and
 * page by page with the cursor, and over WebDAV (PROPFIND Depth 1). A single query for it used to
 * be refused by sqld ("Response is too large") and the listing answered 500.
 */
import { createClient } from "@libsql/client/web";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FileItem, FileListResponse } from "@hearth/contract";
import { Client } from "./harness/client";
import { databaseOf, freePort, removeDataDir, startHearth, type RunningHearth } from "./harness/hearth";
import { seedPhotos } from "./harness/seed-photos";
import { sqldStats } from "./load/sqld-watch";

const PHOTOS = 20_000;
const FOLDER = "photofolder00000000";
const expectedNames = Array.from({ length: PHOTOS }, (_, j) => `IMG_${String(j).padStart(8, "0")}.jpg`);

describe("a folder of 20,000 photos", () => {
  let hearth: RunningHearth;
  let client: Client;
  let email: string;
  let sqldAdmin: string;

  beforeAll(async () => {
    // sqld's admin API counts the statements it ran (a client that leaves must stop the reading).
    sqldAdmin = `127.0.0.1:${await freePort()}`;
    hearth = await startHearth({ env: { SQLD_ADMIN_LISTEN_ADDR: sqldAdmin } });
    client = new Client(hearth.url);
    email = "many@example.com";
    await client.register(email, "many photos password", "Many");
    const db = createClient(databaseOf(hearth));
    const owner = String(
      (await db.execute({ sql: "SELECT id FROM users WHERE email = ?", args: [email] })).rows[0]!.id,
    );
    await seedPhotos(db, owner, PHOTOS, { folderSize: PHOTOS });
    // Two folders inside it, listed first.
    for (const name of ["Edited", "Best of"])
      expect((await client.json("POST", "/api/folders", { parentId: FOLDER, name })).status).toBe(201);
    db.close();
  }, 180_000);

  afterAll(async () => {
    await hearth?.stop();
    removeDataDir(hearth.dataDir);
  });

  // Checking 20,000 items can block this process for seconds on a busy machine, longer than
  // workerd keeps an idle keep-alive connection (5 s): let fetch see those closes before reusing one.
  const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

  const checkWhole = async (items: FileItem[]) => {
    expect(items.slice(0, 2).map((item) => item.name)).toEqual(["Best of", "Edited"]);
    const photos = items.slice(2);
    expect(photos.map((item) => item.name)).toEqual(expectedNames);
    expect(new Set(items.map((item) => item.id)).size).toBe(PHOTOS + 2);
    // Each with what its blob and media rows say: thumbnails to show and the photo's size.
    expect(photos[12_346]).toMatchObject({ thumbnails: [240, 720], media: { width: 4000, height: 3000 } });
    await settle();
  };

  it("lists whole in one answer when no page is asked for", async () => {
    const response = await client.request("GET", `/api/files?parent=${FOLDER}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as FileListResponse;
    expect(body.folder).toMatchObject({ id: FOLDER, name: "Camera 0" });
    expect(body.path).toEqual([{ id: FOLDER, name: "Camera 0" }]);
    expect(body.nextCursor).toBeNull();
    await checkWhole(body.items);
  }, 120_000);

  it("lists page by page, as the web app asks, with nothing missed or repeated", async () => {
    const items: FileItem[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const limit = pages === 0 ? 300 : 10_000;
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const page = await client.json("GET", `/api/files?parent=${FOLDER}&limit=${limit}${query}`);
      expect(page.status).toBe(200);
      const body = page.body as FileListResponse;
      expect(body.items.length).toBeLessThanOrEqual(limit);
      items.push(...body.items);
      cursor = body.nextCursor ?? null;
      pages++;
    } while (cursor);
    // Newest change first works the same way.
    const newest = await client.json("GET", `/api/files?parent=${FOLDER}&sort=modified&order=desc&limit=5`);
    expect(newest.status).toBe(200);
    expect((newest.body as FileListResponse).items.slice(0, 2).map((item) => item.kind)).toEqual(["folder", "folder"]);
    expect(pages).toBe(3);
    await checkWhole(items);
  }, 120_000);

  it("lists whole over WebDAV (PROPFIND Depth 1)", async () => {
    const created = await client.json("POST", "/api/me/app-passwords", { name: "big folder" });
    const password = (created.body as { password: string }).password;
    const response = await fetch(`${hearth.url}/dav/Camera%200/`, {
      method: "PROPFIND",
      headers: {
        authorization: `Basic ${Buffer.from(`${email}:${password}`).toString("base64")}`,
        depth: "1",
        "content-type": "application/xml",
      },
      body: `<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop><D:getcontentlength/><D:getetag/></D:prop></D:propfind>`,
    });
    expect(response.status).toBe(207);
    const xml = await response.text();
    const hrefs = [...xml.matchAll(/<D:href>([^<]*)<\/D:href>/g)].map((m) => decodeURIComponent(m[1]!));
    expect(hrefs).toHaveLength(PHOTOS + 3);
    expect(hrefs.slice(0, 3)).toEqual(["/dav/Camera 0/", "/dav/Camera 0/Best of/", "/dav/Camera 0/Edited/"]);
    expect(hrefs.slice(3)).toEqual(expectedNames.map((name) => `/dav/Camera 0/${name}`));
    expect(xml.endsWith("</D:multistatus>")).toBe(true);
  }, 120_000);

  it("stops reading the folder from the database when the client leaves a whole listing after its first bytes", async () => {
    const statements = async () => {
      const stats = await sqldStats(`http://${sqldAdmin}`);
      if (!stats) throw new Error("sqld's admin API did not answer");
      return stats.queryCount;
    };
    // What the whole listing costs sqld: one statement per 1,000 rows, and a few around them.
    const beforeWhole = await statements();
    const whole = await client.request("GET", `/api/files?parent=${FOLDER}`);
    await whole.arrayBuffer();
    const wholeCost = (await statements()) - beforeWhole;
    expect(wholeCost).toBeGreaterThanOrEqual(PHOTOS / 1000);

    // The same listing, left as soon as its first bytes arrive (a tab closed, a phone out of range).
    const beforeLeft = await statements();
    const leaving = new AbortController();
    const response = await fetch(`${hearth.url}/api/files?parent=${FOLDER}`, {
      headers: { cookie: client.cookie },
      signal: leaving.signal,
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    leaving.abort();
    // Long enough for the whole listing to have been read (it took a fraction of this above).
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const leftCost = (await statements()) - beforeLeft;
    expect(leftCost).toBeLessThan(wholeCost / 2);
    console.log(
      `sqld statements for the whole 20,000-item listing: ${wholeCost}; for one left after its first bytes: ${leftCost}`,
    );
    await settle();
  }, 120_000);
});
