/**
 * Partner sharing through the real runtime (workerd + sqld + the media process): Ann shares her
 * Photos with Bob, from a date and/or only some folders (their subfolders too). Bob sees exactly
 * what the share covers, on the partner's page or merged into his own timeline (each photo marked
 * as Ann's, newest first, keyset paging right across both libraries, the months counted), and the
 * bytes of nothing else; archived and trashed photos are never shared; either side stops it at
 * once; nobody shares with themselves, an unknown or a disabled account; a removed account takes
 * its shares along. The steps build on each other.
 */
import { createClient, type Client as DbClient } from "@libsql/client/web";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "./harness/client";
import { databaseOf, removeDataDir, startHearth, type RunningHearth } from "./harness/hearth";
import { seedPhotos } from "./harness/seed-photos";
import { SseReader } from "./harness/sse";

const PASSWORD = "household password";

async function photoTaken(date: string, colour: string): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = await sharp({ create: { width: 48, height: 32, channels: 3, background: colour } })
    .jpeg()
    .withExifMerge({ IFD2: { DateTimeOriginal: date, OffsetTimeOriginal: "+00:00" } })
    .toBuffer();
  return new Uint8Array(bytes) as Uint8Array<ArrayBuffer>;
}

type Item = { id: string; name: string; owner?: { id: string; name: string }; media?: { latitude: number | null } };

describe("partner sharing", () => {
  let hearth: RunningHearth;
  let db: DbClient;
  let ann: Client;
  let bob: Client;
  let cat: Client;
  let annId = "";
  let bobId = "";
  let catId = "";
  let danId = "";
  const folders = { home: "", trip: "", day1: "" };
  /** Ann's photos by name (home2019 ... arch2022) and Bob's (bob2020, bob2024). */
  const ids: Record<string, string> = {};
  const bytes: Record<string, Uint8Array> = {};

  async function uploadPhotos(client: Client, photos: { name: string; date: string; parent?: string }[]) {
    const events = new SseReader(`${hearth.url}/api/events`, { cookie: client.cookie });
    await events.opened;
    for (const photo of photos) {
      const body = await photoTaken(photo.date, "#4a8");
      const uploaded = await client.upload(`${photo.name}.jpg`, body, photo.parent);
      expect(uploaded.status).toBe(201);
      ids[photo.name] = uploaded.body.id;
      bytes[photo.name] = body;
    }
    for (const photo of photos)
      await events.waitFor((e) => e.event === "thumbnail.ready" && e.data.fileId === ids[photo.name], 120_000);
    events.close();
  }

  async function member(email: string, name: string): Promise<{ client: Client; id: string }> {
    const created = await ann.json("POST", "/api/admin/users", { email, password: PASSWORD, name });
    expect(created.status).toBe(201);
    const client = new Client(hearth.url);
    expect((await client.login(email, PASSWORD)).status).toBe(200);
    return { client, id: created.body.id };
  }

  const folder = async (parentId: string, name: string) =>
    (await ann.json("POST", "/api/folders", { parentId, name })).body.id as string;

  /** Every page of a photo listing, `limit` at a time. */
  async function allPages(client: Client, path: string, limit: number): Promise<Item[]> {
    const items: Item[] = [];
    let before: string | null = null;
    do {
      const sep = path.includes("?") ? "&" : "?";
      const page: { status: number; body: any } = await client.json(
        "GET",
        `${path}${sep}limit=${limit}${before ? `&before=${encodeURIComponent(before)}` : ""}`,
      );
      expect(page.status).toBe(200);
      items.push(...page.body.items);
      before = page.body.nextCursor;
    } while (before);
    return items;
  }

  const names = (items: Item[]) => items.map((item) => item.name.replace(/\.jpg$/, ""));
  const partnerPhotos = (client: Client = bob, owner = annId) => allPages(client, `/api/partners/${owner}/photos`, 100);
  const status = async (client: Client, path: string) => {
    const response = await client.request("GET", path);
    await response.body?.cancel();
    return response.status;
  };
  const thumbnail = (name: string, client: Client = bob) =>
    status(client, `/api/partners/${annId}/photos/${ids[name]}/thumbnail?size=240`);

  beforeAll(async () => {
    hearth = await startHearth();
    db = createClient(databaseOf(hearth));
    ann = new Client(hearth.url);
    annId = (await ann.register("ann@example.com", PASSWORD, "Ann")).body.user.id;
    ({ client: bob, id: bobId } = await member("bob@example.com", "Bob"));
    ({ client: cat, id: catId } = await member("cat@example.com", "Cat"));
    ({ id: danId } = await member("dan@example.com", "Dan"));
    expect((await ann.json("PATCH", `/api/admin/users/${danId}`, { disabled: true })).status).toBe(200);
    folders.home = await folder("root", "Home");
    folders.trip = await folder("root", "Trip");
    folders.day1 = await folder(folders.trip, "Day 1");
    await uploadPhotos(ann, [
      { name: "home2019", date: "2019:03:01 10:00:00", parent: folders.home },
      { name: "home2023", date: "2023:09:01 10:00:00", parent: folders.home },
      { name: "trip2021", date: "2021:06:01 10:00:00", parent: folders.day1 },
      { name: "trip2022", date: "2022:05:01 10:00:00", parent: folders.trip },
      { name: "arch2022", date: "2022:07:01 10:00:00", parent: folders.home },
    ]);
    expect((await ann.json("PUT", `/api/files/${ids.arch2022}/archive`)).status).toBe(200);
    await uploadPhotos(bob, [
      { name: "bob2020", date: "2020:01:01 10:00:00" },
      { name: "bob2024", date: "2024:02:01 10:00:00" },
    ]);
  }, 240_000);
  afterAll(async () => {
    db?.close();
    await hearth?.stop();
    if (hearth) removeDataDir(hearth.dataDir);
  });

  it("cannot share with yourself, an unknown or a disabled account, or with bad input; nothing changes", async () => {
    const refused = [
      [annId, {}, 400, "cannot_share_with_yourself"],
      ["no-such-user", {}, 404, "not_found"],
      [danId, {}, 404, "not_found"],
      [bobId, { from: "last tuesday" }, 400, "invalid_from"],
      [bobId, { from: "2021-13-45" }, 400, "invalid_from"],
      [bobId, { folderIds: "Trip" }, 400, "invalid_folder_ids"],
      [bobId, { folderIds: [ids.home2019] }, 404, "not_found"], // a photo, not a folder
      [bobId, { folderIds: ["nope"] }, 404, "not_found"],
    ] as const;
    for (const [userId, body, code, error] of refused) {
      const response = await ann.json("PUT", `/api/partners/${userId}`, body);
      expect([userId, response.status, response.body.error?.code]).toEqual([userId, code, error]);
    }
    // Nor with someone else's folder.
    const bobFolder = (await bob.json("POST", "/api/folders", { parentId: "root", name: "Bob's" })).body.id;
    expect((await ann.json("PUT", `/api/partners/${bobId}`, { folderIds: [bobFolder] })).status).toBe(404);
    expect((await ann.json("GET", "/api/partners")).body).toEqual({ sharedByMe: [], sharedWithMe: [] });
    expect((await bob.json("GET", "/api/partners")).body).toEqual({ sharedByMe: [], sharedWithMe: [] });
    expect((await bob.json("GET", `/api/partners/${annId}/photos`)).status).toBe(404);
    expect(await thumbnail("home2019")).toBe(404);
    expect((await db.execute("SELECT count(*) AS n FROM partner_shares")).rows[0]!.n).toBe(0);
  });

  it("a share from a date shows the partner only the photos taken on or after it, never an archived one", async () => {
    const put = await ann.json("PUT", `/api/partners/${bobId}`, { from: "2021-06-01T09:00:00Z" });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      user: { id: bobId, name: "Bob" },
      from: "2021-06-01T09:00:00.000Z",
      folders: null,
    });
    const seen = await partnerPhotos();
    expect(names(seen)).toEqual(["home2023", "trip2022", "trip2021"]);
    // Marked as Ann's, and without her locations or folders.
    expect(seen.every((item) => item.owner?.id === annId && item.owner.name === "Ann")).toBe(true);
    expect(seen.every((item: any) => item.parentId === null && item.starred === false)).toBe(true);
    expect((await bob.json("GET", `/api/partners/${annId}/photos/months`)).body.months).toEqual([
      { month: "2023-09", count: 1 },
      { month: "2022-05", count: 1 },
      { month: "2021-06", count: 1 },
    ]);
    // The bytes of what is shared, and 404 for the rest (before the date, archived).
    expect(await thumbnail("trip2021")).toBe(200);
    const original = await bob.request("GET", `/api/partners/${annId}/photos/${ids.trip2021}/content`);
    expect(new Uint8Array(await original.arrayBuffer())).toEqual(bytes.trip2021);
    expect(await thumbnail("home2019")).toBe(404);
    expect(await status(bob, `/api/partners/${annId}/photos/${ids.home2019}/content`)).toBe(404);
    expect(await thumbnail("arch2022")).toBe(404);
    // The per-owner routes stay Ann's alone.
    expect(await status(bob, `/api/files/${ids.trip2021}/thumbnail?size=240`)).toBe(404);
    // A date later in the same month leaves that month's earlier photo out, and its month with it.
    await ann.json("PUT", `/api/partners/${bobId}`, { from: Date.parse("2021-06-01T11:00:00Z") });
    expect(names(await partnerPhotos())).toEqual(["home2023", "trip2022"]);
    expect((await bob.json("GET", `/api/partners/${annId}/photos/months`)).body.months).toEqual([
      { month: "2023-09", count: 1 },
      { month: "2022-05", count: 1 },
    ]);
    expect(await thumbnail("trip2021")).toBe(404);
    // The lightbox's neighbours stay inside the share.
    const around = await bob.json("GET", `/api/partners/${annId}/photos/${ids.trip2022}/neighbours?count=5`);
    expect([names(around.body.newer), names(around.body.older)]).toEqual([["home2023"], []]);
    // Bob sees it as shared with him, Ann as shared by her.
    const listed = (await bob.json("GET", "/api/partners")).body;
    expect(listed.sharedWithMe).toMatchObject([{ user: { id: annId, name: "Ann" }, showInTimeline: false }]);
    expect((await ann.json("GET", "/api/partners")).body.sharedByMe).toMatchObject([{ user: { id: bobId } }]);
    // Cat has nothing of Ann's.
    expect((await cat.json("GET", `/api/partners/${annId}/photos`)).status).toBe(404);
    expect(await thumbnail("home2023", cat)).toBe(404);
  });

  it("a share limited to folders shows only the photos in them and their subfolders", async () => {
    const put = await ann.json("PUT", `/api/partners/${bobId}`, { folderIds: [folders.trip] });
    expect(put.body).toMatchObject({ from: null, folders: [{ id: folders.trip, name: "Trip", trashed: false }] });
    expect(names(await partnerPhotos())).toEqual(["trip2022", "trip2021"]);
    expect((await bob.json("GET", `/api/partners/${annId}/photos/months`)).body.months).toEqual([
      { month: "2022-05", count: 1 },
      { month: "2021-06", count: 1 },
    ]);
    expect(await thumbnail("trip2021")).toBe(200);
    expect(await thumbnail("home2023")).toBe(404);
    expect(await status(bob, `/api/partners/${annId}/photos/${ids.home2023}/content`)).toBe(404);
    // A month from the scrubber.
    expect(names((await bob.json("GET", `/api/partners/${annId}/photos?month=2021-06`)).body.items)).toEqual([
      "trip2021",
    ]);
    // Folders and a date together.
    await ann.json("PUT", `/api/partners/${bobId}`, { folderIds: [folders.trip], from: "2022-01-01" });
    expect(names(await partnerPhotos())).toEqual(["trip2022"]);
    // A photo moved out of the shared folders stops being shared at once; moved back, it is again.
    await ann.json("PUT", `/api/partners/${bobId}`, { folderIds: [folders.trip] });
    expect((await ann.json("PATCH", `/api/files/${ids.trip2021}`, { parentId: folders.home })).status).toBe(200);
    expect(names(await partnerPhotos())).toEqual(["trip2022"]);
    expect(await thumbnail("trip2021")).toBe(404);
    expect((await ann.json("PATCH", `/api/files/${ids.trip2021}`, { parentId: folders.day1 })).status).toBe(200);
    expect(names(await partnerPhotos())).toEqual(["trip2022", "trip2021"]);
    // Trashed photos (and a trashed shared folder's) are not shared; restored, they are again.
    expect((await ann.request("DELETE", `/api/files/${ids.trip2022}`)).status).toBe(204);
    expect(names(await partnerPhotos())).toEqual(["trip2021"]);
    expect(await thumbnail("trip2022")).toBe(404);
    expect((await ann.json("POST", `/api/files/${ids.trip2022}/restore`)).status).toBe(200);
    expect(names(await partnerPhotos())).toEqual(["trip2022", "trip2021"]);
    expect((await ann.request("DELETE", `/api/files/${folders.trip}`)).status).toBe(204);
    expect(await partnerPhotos()).toEqual([]);
    expect((await bob.json("GET", `/api/partners/${annId}/photos/months`)).body.months).toEqual([]);
    expect((await bob.json("GET", "/api/partners")).body.sharedWithMe[0].folders).toEqual([
      { id: folders.trip, name: "Trip", trashed: true },
    ]);
    expect((await ann.json("POST", `/api/files/${folders.trip}/restore`)).status).toBe(200);
    expect(names(await partnerPhotos())).toEqual(["trip2022", "trip2021"]);
  });

  it("shown in the partner's timeline, the photos are merged newest first, marked as the owner's, and counted in the months", async () => {
    await ann.json("PUT", `/api/partners/${bobId}`, { from: "2021-01-01" });
    // Before Bob turns it on, his timeline is his own.
    expect(names(await allPages(bob, "/api/photos", 100))).toEqual(["bob2024", "bob2020"]);
    expect((await cat.json("PATCH", `/api/partners/${annId}`, { showInTimeline: true })).status).toBe(404);
    expect((await bob.json("PATCH", `/api/partners/${annId}`, { showInTimeline: "yes" })).status).toBe(400);
    const patched = await bob.json("PATCH", `/api/partners/${annId}`, { showInTimeline: true });
    expect(patched.body).toMatchObject({ user: { id: annId }, showInTimeline: true });
    const merged = await allPages(bob, "/api/photos", 100);
    expect(names(merged)).toEqual(["bob2024", "home2023", "trip2022", "trip2021", "bob2020"]);
    expect(merged.map((item) => item.owner?.name ?? null)).toEqual([null, "Ann", "Ann", "Ann", null]);
    // One at a time, the cursor walks both libraries in the same order.
    expect(names(await allPages(bob, "/api/photos", 1))).toEqual(names(merged));
    expect((await bob.json("GET", "/api/photos/months")).body.months).toEqual([
      { month: "2024-02", count: 1 },
      { month: "2023-09", count: 1 },
      { month: "2022-05", count: 1 },
      { month: "2021-06", count: 1 },
      { month: "2020-01", count: 1 },
    ]);
    expect(names((await bob.json("GET", "/api/photos?month=2022-05")).body.items)).toEqual(["trip2022"]);
    // The lightbox moves through both libraries, from his photo and from Ann's.
    const fromAnns = await bob.json("GET", `/api/photos/${ids.trip2022}/neighbours?count=2`);
    expect(fromAnns.status).toBe(200);
    expect(fromAnns.body.photo.owner).toEqual({ id: annId, name: "Ann" });
    expect([names(fromAnns.body.newer), names(fromAnns.body.older)]).toEqual([
      ["home2023", "bob2024"],
      ["trip2021", "bob2020"],
    ]);
    const fromHis = await bob.json("GET", `/api/photos/${ids.bob2020}/neighbours?count=2`);
    expect([names(fromHis.body.newer), names(fromHis.body.older)]).toEqual([["trip2021", "trip2022"], []]);
    // Ann's own timeline does not change: Bob shares nothing with her.
    expect(names(await allPages(ann, "/api/photos", 100))).toEqual(["home2023", "trip2022", "trip2021", "home2019"]);
    // A photo outside the share is no neighbour of anything of Bob's, and its neighbours are not his to ask.
    expect((await bob.json("GET", `/api/photos/${ids.home2019}/neighbours`)).status).toBe(404);
    // Turned off again, his timeline is his own.
    await bob.json("PATCH", `/api/partners/${annId}`, { showInTimeline: false });
    expect(names(await allPages(bob, "/api/photos", 100))).toEqual(["bob2024", "bob2020"]);
    expect((await bob.json("GET", `/api/photos/${ids.trip2022}/neighbours`)).status).toBe(404);
  });

  it("keyset paging stays right across both libraries with hundreds of photos, whole or limited to folders", async () => {
    // 230 of Ann's photos in folders of 100 and 170 of Bob's, interleaved over 15 years.
    await seedPhotos(db, annId, 230, { folderSize: 100, tag: "a" });
    await seedPhotos(db, bobId, 170, { folderSize: 100, tag: "b" });
    await ann.json("PUT", `/api/partners/${bobId}`, {});
    await bob.json("PATCH", `/api/partners/${annId}`, { showInTimeline: true });
    const expected = async (condition: string) =>
      (
        await db.execute(`SELECT id FROM files WHERE trashed_at IS NULL AND kind = 'file' AND sort_at IS NOT NULL
          AND archived_at IS NULL AND (${condition}) ORDER BY sort_at DESC, id DESC`)
      ).rows.map((r) => String(r.id));
    const whole = await expected(`owner_id IN ('${annId}', '${bobId}')`);
    expect(whole.length).toBe(230 + 170 + 4 + 2);
    const paged = await allPages(bob, "/api/photos", 37);
    expect(paged.map((item) => item.id)).toEqual(whole);
    const months = (await bob.json("GET", "/api/photos/months")).body.months as { count: number }[];
    expect(months.reduce((sum, m) => sum + m.count, 0)).toBe(whole.length);
    // Limited to two seeded folders, one of them moved inside the other (a subfolder).
    const [f0, f2] = ["photofoldera00000000", "photofoldera00000002"];
    expect((await ann.json("PATCH", `/api/files/${f2}`, { parentId: f0 })).status).toBe(200);
    await ann.json("PUT", `/api/partners/${bobId}`, { folderIds: [f0] });
    const limited = await expected(`owner_id = '${bobId}' OR parent_id IN ('${f0}', '${f2}')`);
    expect(limited.length).toBe(170 + 2 + 130);
    expect((await allPages(bob, "/api/photos", 23)).map((item) => item.id)).toEqual(limited);
    const apart = await expected(`parent_id IN ('${f0}', '${f2}')`);
    expect((await allPages(bob, `/api/partners/${annId}/photos`, 29)).map((item) => item.id)).toEqual(apart);
    const partnerMonths = (await bob.json("GET", `/api/partners/${annId}/photos/months`)).body.months as {
      count: number;
    }[];
    expect(partnerMonths.reduce((sum, m) => sum + m.count, 0)).toBe(apart.length);
    // Every photo's neighbours in the partner's view are the ones next to it in the listing.
    for (const at of [0, 57, apart.length - 1]) {
      const around = await bob.json("GET", `/api/partners/${annId}/photos/${apart[at]}/neighbours?count=3`);
      expect(around.body.newer.map((i: Item) => i.id)).toEqual(apart.slice(Math.max(0, at - 3), at).reverse());
      expect(around.body.older.map((i: Item) => i.id)).toEqual(apart.slice(at + 1, at + 4));
    }
    await bob.json("PATCH", `/api/partners/${annId}`, { showInTimeline: false });
    await ann.json("PUT", `/api/partners/${bobId}`, { from: "2021-01-01" });
  });

  it("either side stops it, and the photos are gone at once", async () => {
    await bob.json("PATCH", `/api/partners/${annId}`, { showInTimeline: true });
    expect(names(await partnerPhotos())).toContain("trip2022");
    // Ann stops sharing.
    expect((await ann.request("DELETE", `/api/partners/${bobId}`)).status).toBe(204);
    expect((await bob.json("GET", `/api/partners/${annId}/photos`)).status).toBe(404);
    expect(await thumbnail("trip2022")).toBe(404);
    expect(names(await allPages(bob, "/api/photos", 1000)).filter((n) => !n.startsWith("IMG_"))).toEqual([
      "bob2024",
      "bob2020",
    ]);
    expect((await bob.json("GET", "/api/partners")).body.sharedWithMe).toEqual([]);
    expect((await ann.request("DELETE", `/api/partners/${bobId}`)).status).toBe(404);
    // Shared again; now Bob stops receiving it.
    await ann.json("PUT", `/api/partners/${bobId}`, {});
    expect(await thumbnail("trip2022")).toBe(200);
    expect((await cat.request("DELETE", `/api/partners/${annId}`)).status).toBe(404);
    expect((await bob.request("DELETE", `/api/partners/${annId}?direction=sideways`)).status).toBe(400);
    expect((await bob.request("DELETE", `/api/partners/${annId}?direction=given`)).status).toBe(404);
    expect(await thumbnail("trip2022")).toBe(200);
    expect((await bob.request("DELETE", `/api/partners/${annId}?direction=received`)).status).toBe(204);
    expect(await thumbnail("trip2022")).toBe(404);
    expect((await ann.json("GET", "/api/partners")).body.sharedByMe).toEqual([]);
  });

  it("a disabled owner's share is suspended, and a removed account takes its shares along, whatever becomes of its files", async () => {
    // Cat shares with Bob, and Ann with Cat.
    const catFolder = (await cat.json("POST", "/api/folders", { parentId: "root", name: "Cat's" })).body.id;
    expect((await cat.json("PUT", `/api/partners/${bobId}`, { folderIds: [catFolder] })).status).toBe(200);
    expect((await ann.json("PUT", `/api/partners/${catId}`, {})).status).toBe(200);
    expect((await bob.json("GET", `/api/partners/${catId}/photos`)).status).toBe(200);
    expect((await ann.json("PATCH", `/api/admin/users/${catId}`, { disabled: true })).status).toBe(200);
    expect((await bob.json("GET", `/api/partners/${catId}/photos`)).status).toBe(404);
    expect((await bob.json("GET", "/api/partners")).body.sharedWithMe).toEqual([]);
    const removed = await ann.json("DELETE", `/api/admin/users/${catId}`, { deleteFiles: true, confirmName: "Cat" });
    expect(removed.status).toBe(204);
    const left = await db.execute({
      sql: "SELECT (SELECT count(*) FROM partner_shares WHERE owner_id = ? OR partner_id = ?) AS shares, (SELECT count(*) FROM partner_share_folders WHERE owner_id = ? OR partner_id = ?) AS folders",
      args: [catId, catId, catId, catId],
    });
    expect({ ...left.rows[0] }).toEqual({ shares: 0, folders: 0 });
    expect((await ann.json("GET", "/api/partners")).body.sharedByMe).toEqual([]);
    // Removed with their files handed to someone else, too: Eve's share with Bob and Ann's with Eve go.
    const { client: eve, id: eveId } = await member("eve@example.com", "Eve");
    expect((await eve.json("PUT", `/api/partners/${bobId}`, {})).status).toBe(200);
    expect((await ann.json("PUT", `/api/partners/${eveId}`, {})).status).toBe(200);
    const handed = await ann.json("DELETE", `/api/admin/users/${eveId}`, { transferTo: annId });
    expect(handed.status).toBe(204);
    const rows = await db.execute({
      sql: "SELECT count(*) AS n FROM partner_shares WHERE owner_id = ? OR partner_id = ?",
      args: [eveId, eveId],
    });
    expect(rows.rows[0]!.n).toBe(0);
    expect((await bob.json("GET", "/api/partners")).body.sharedWithMe).toEqual([]);
    expect((await ann.json("GET", "/api/partners")).body.sharedByMe).toEqual([]);
  });
});
