/**
 * Public links to an album and to a selection of photos, through the real runtime: the owner
 * makes them with the Drive link options (password, expiry, view only); a visitor with no
 * account sees exactly the album's (or selection's) photos, contributors' included, with no
 * location; a view-only link shows thumbnails but refuses originals and the ZIP; a downloadable
 * link's ZIP (streamed by client-zip) opens with `unzip` and holds those photos only.
 */
import { createClient, type Client as DbClient } from "@libsql/client/web";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "./harness/client";
import { databaseOf, removeDataDir, startHearth, type RunningHearth } from "./harness/hearth";
import { SseReader } from "./harness/sse";

const PASSWORD = "household password";

async function photo(date: string, colour: string): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = await sharp({ create: { width: 40, height: 30, channels: 3, background: colour } })
    .jpeg()
    .withExifMerge({ IFD2: { DateTimeOriginal: date, OffsetTimeOriginal: "+00:00" } })
    .toBuffer();
  return new Uint8Array(bytes) as Uint8Array<ArrayBuffer>;
}

describe("album and selection links", () => {
  let hearth: RunningHearth;
  let db: DbClient;
  let ann: Client;
  let bob: Client;
  const ids = { beach: "", dinner: "", private: "", bobBeach: "" };
  let albumId = "";
  const visitor = () => new Client(hearth.url);

  beforeAll(async () => {
    hearth = await startHearth();
    db = createClient(databaseOf(hearth));
    ann = new Client(hearth.url);
    await ann.register("ann@example.com", PASSWORD, "Ann");
    const created = await ann.json("POST", "/api/admin/users", {
      email: "bob@example.com",
      password: PASSWORD,
      name: "Bob",
    });
    bob = new Client(hearth.url);
    await bob.login("bob@example.com", PASSWORD);

    const events = new SseReader(`${hearth.url}/api/events`, { cookie: (ann as any).cookie });
    await events.opened;
    ids.beach = (await ann.upload("beach.jpg", await photo("2022:07:01 10:00:00", "#48c"))).body.id;
    ids.dinner = (await ann.upload("dinner.jpg", await photo("2022:07:02 20:00:00", "#c84"))).body.id;
    ids.private = (await ann.upload("private.jpg", await photo("2022:07:03 10:00:00", "#888"))).body.id;
    await events.waitFor((e) => e.event === "thumbnail.ready" && e.data.fileId === ids.beach, 120_000);
    events.close();
    // Bob's photo has the same name as Ann's: the ZIP must keep both.
    ids.bobBeach = (await bob.upload("beach.jpg", await photo("2022:07:01 12:00:00", "#4c8"))).body.id;
    await db.execute({
      sql: "UPDATE media SET latitude = 38.7, longitude = -9.1 WHERE blob_id IN (SELECT blob_id FROM files WHERE id IN (?, ?))",
      args: [ids.beach, ids.bobBeach],
    });
    albumId = (await ann.json("POST", "/api/albums", { name: "Summer 2022", fileIds: [ids.beach, ids.dinner] })).body
      .id;
    await ann.json("PUT", `/api/albums/${albumId}/members/${created.body.id}`, { role: "contributor" });
    await bob.json("POST", `/api/albums/${albumId}/items`, { fileIds: [ids.bobBeach] });
  }, 180_000);
  afterAll(async () => {
    db?.close();
    await hearth?.stop();
    if (hearth) removeDataDir(hearth.dataDir);
  });

  it("a password, view-only album link: locked until unlocked, then the album's photos without locations, no downloads", async () => {
    const made = await ann.json("POST", "/api/shares", { albumId, password: "sardines", allowDownload: false });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ kind: "album", albumId, fileId: null, hasPassword: true, allowDownload: false });
    expect((await ann.json("GET", `/api/shares?albumId=${albumId}`)).body.shares.map((s: any) => s.id)).toEqual([
      made.body.id,
    ]);
    const token = made.body.token;
    const guest = visitor();
    expect((await guest.json("GET", `/api/public/${token}`)).body.error.code).toBe("password_required");
    expect((await guest.json("POST", `/api/public/${token}/unlock`, { password: "anchovies" })).status).toBe(401);
    expect(
      (await guest.request("POST", `/api/public/${token}/unlock`, { json: { password: "sardines" } })).status,
    ).toBe(204);
    const page = await guest.json("GET", `/api/public/${token}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ kind: "album", title: "Summer 2022", sharedBy: "Ann", allowDownload: false });
    expect(page.body.photos.map((p: any) => p.id)).toEqual([ids.beach, ids.bobBeach, ids.dinner]);
    expect(JSON.stringify(page.body)).not.toContain("38.7");
    for (const p of page.body.photos) expect([p.parentId, p.media?.latitude ?? null]).toEqual([null, null]);

    const thumb = await guest.request("GET", `/api/public/${token}/files/${ids.beach}/thumbnail?size=240`);
    expect(thumb.status).toBe(200);
    expect((await guest.json("GET", `/api/public/${token}/files/${ids.beach}/content`)).body.error.code).toBe(
      "download_not_allowed",
    );
    expect((await guest.json("GET", `/api/public/${token}/zip`)).status).toBe(403);
    // A photo of Ann's that is not in the album is not there for the link.
    for (const path of [`/files/${ids.private}`, `/files/${ids.private}/thumbnail`, `/files/${ids.private}/content`])
      expect((await guest.request("GET", `/api/public/${token}${path}`)).status).toBe(404);
    expect((await guest.request("GET", `/api/public/${token}/files?parent=root`)).status).toBe(404);
  });

  it("a downloadable album link streams a ZIP of exactly the album's photos, names kept apart", async () => {
    const token = (await ann.json("POST", "/api/shares", { albumId })).body.token;
    const original = await visitor().request("GET", `/api/public/${token}/files/${ids.bobBeach}/content`);
    expect(original.status).toBe(200);
    const zip = await visitor().request("GET", `/api/public/${token}/zip`);
    expect(zip.status).toBe(200);
    expect(zip.headers.get("content-disposition")).toContain("Summer 2022.zip");
    const dir = mkdtempSync(join(tmpdir(), "hearth-album-zip-"));
    try {
      writeFileSync(join(dir, "album.zip"), Buffer.from(await zip.arrayBuffer()));
      execFileSync("unzip", ["-q", "album.zip", "-d", "out"], { cwd: dir });
      const listing = execFileSync("ls", [join(dir, "out")], { encoding: "utf8" })
        .trim()
        .split("\n");
      expect(listing.sort()).toEqual(["beach (1).jpg", "beach.jpg", "dinner.jpg"]);
      const ours = readFileSync(join(dir, "out", "dinner.jpg"));
      const stored = await ann.request("GET", `/api/files/${ids.dinner}/content`);
      expect(Buffer.compare(ours, Buffer.from(await stored.arrayBuffer()))).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // A photo taken out of the album leaves the link at once.
    await ann.json("DELETE", `/api/albums/${albumId}/items`, { fileIds: [ids.dinner] });
    expect((await visitor().request("GET", `/api/public/${token}/files/${ids.dinner}/content`)).status).toBe(404);
    await ann.json("POST", `/api/albums/${albumId}/items`, { fileIds: [ids.dinner] });
  });

  it("expiry ends an album link (410); deleting the album ends its links (404); only the owner makes them", async () => {
    expect((await bob.json("POST", "/api/shares", { albumId })).status).toBe(403);
    expect((await ann.json("POST", "/api/shares", { albumId, fileId: ids.beach })).status).toBe(400);
    const made = await ann.json("POST", "/api/shares", {
      albumId,
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect((await visitor().json("GET", `/api/public/${made.body.token}`)).status).toBe(200);
    await db.execute({ sql: "UPDATE shares SET expires_at = ? WHERE id = ?", args: [Date.now() - 1000, made.body.id] });
    expect((await visitor().json("GET", `/api/public/${made.body.token}`)).body.error.code).toBe("share_expired");

    const scratch = (await ann.json("POST", "/api/albums", { name: "Scratch", fileIds: [ids.beach] })).body.id;
    const token = (await ann.json("POST", "/api/shares", { albumId: scratch })).body.token;
    expect((await visitor().json("GET", `/api/public/${token}`)).status).toBe(200);
    expect((await ann.request("DELETE", `/api/albums/${scratch}`)).status).toBe(204);
    expect((await visitor().json("GET", `/api/public/${token}`)).body.error.code).toBe("share_not_found");
  });

  it("a selection link shows exactly the chosen photos of the owner's; trash takes one out", async () => {
    expect((await ann.json("POST", "/api/shares", { fileIds: [ids.bobBeach] })).status).toBe(404);
    expect((await ann.json("POST", "/api/shares", { fileIds: [] })).status).toBe(400);
    const made = await ann.json("POST", "/api/shares", { fileIds: [ids.private, ids.beach] });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ kind: "selection", fileId: null, albumId: null, photoCount: 2 });
    const token = made.body.token;
    const page = await visitor().json("GET", `/api/public/${token}`);
    expect(page.body).toMatchObject({ kind: "selection", title: "2 photos" });
    expect(page.body.photos.map((p: any) => p.id)).toEqual([ids.beach, ids.private]);
    expect(page.body.photos[0].media.latitude).toBeNull();
    expect((await visitor().request("GET", `/api/public/${token}/files/${ids.dinner}/content`)).status).toBe(404);
    expect((await visitor().request("GET", `/api/public/${token}/files/${ids.private}/content`)).status).toBe(200);
    const zip = await visitor().request("GET", `/api/public/${token}/zip`);
    const archive = Buffer.from(await zip.arrayBuffer());
    expect([archive.includes("beach.jpg"), archive.includes("private.jpg"), archive.includes("dinner.jpg")]).toEqual([
      true,
      true,
      false,
    ]);
    await ann.request("DELETE", `/api/files/${ids.private}`);
    expect((await visitor().json("GET", `/api/public/${token}`)).body.photos.map((p: any) => p.id)).toEqual([
      ids.beach,
    ]);
    expect((await ann.json("GET", "/api/shares")).body.shares.find((s: any) => s.id === made.body.id).photoCount).toBe(
      1,
    );
  });
});
