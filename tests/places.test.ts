/**
 * Places and search through the real runtime: photos with GPS EXIF are named by the media process
 * from its built-in GeoNames table (no network is involved: the table is in the bundle), search
 * finds them by place, month, year, season, camera and file name, combined words narrow, the map's
 * clusters count only the caller's photos, and a public link never shows the place.
 */
import { readFileSync } from "node:fs";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { placeLabel } from "@hearth/contract";
import { ensureFixtures, FIXTURES } from "./fixtures/make-fixtures.mjs";
import { Client, householdOfTwo } from "./harness/client";
import { removeDataDir, startHearth, type RunningHearth } from "./harness/hearth";
import { SseReader } from "./harness/sse";

/** A small JPEG with EXIF date, camera and (optionally) GPS, written by sharp. */
async function photo(options: {
  date: string;
  make: string;
  model: string;
  gps?: { lat: string; latRef: string; lng: string; lngRef: string };
}): Promise<Uint8Array<ArrayBuffer>> {
  const gps = options.gps && {
    IFD3: {
      GPSLatitudeRef: options.gps.latRef,
      GPSLatitude: options.gps.lat,
      GPSLongitudeRef: options.gps.lngRef,
      GPSLongitude: options.gps.lng,
    },
  };
  const bytes = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#58a" } })
    .jpeg()
    .withExif({ IFD0: { Make: options.make, Model: options.model }, IFD2: { DateTimeOriginal: options.date }, ...gps })
    .toBuffer();
  return new Uint8Array(bytes) as Uint8Array<ArrayBuffer>;
}

describe("Places and search", () => {
  let hearth: RunningHearth;
  let ann: Client;
  let bob: Client;
  let bobId = "";
  const ids = new Map<string, string>();

  const upload = async (client: Client, name: string, bytes: Uint8Array<ArrayBuffer>, events: SseReader) => {
    const uploaded = await client.upload(name, bytes);
    expect(uploaded.status).toBe(201);
    ids.set(name, uploaded.body.id);
    await events.waitFor((e) => e.event === "thumbnail.ready" && e.data.fileId === uploaded.body.id, 120_000);
  };
  const names = async (q: string, client = ann) => {
    const { status, body } = await client.json("GET", `/api/photos/search?q=${encodeURIComponent(q)}`);
    expect(status).toBe(200);
    return body.items.map((item: { name: string }) => item.name).sort();
  };

  beforeAll(async () => {
    await ensureFixtures();
    hearth = await startHearth();
    ({ ann, bob, bobId } = await householdOfTwo(hearth.url));

    const annEvents = new SseReader(`${hearth.url}/api/events`, { cookie: (ann as any).cookie });
    const bobEvents = new SseReader(`${hearth.url}/api/events`, { cookie: (bob as any).cookie });
    await Promise.all([annEvents.opened, bobEvents.opened]);
    const lisbon = new Uint8Array(readFileSync(FIXTURES.lisbon)) as Uint8Array<ArrayBuffer>;
    await upload(ann, "lisbon.jpg", lisbon, annEvents); // 2019-07-14, Apple iPhone 12
    await upload(
      ann,
      "ribeira.jpg",
      await photo({
        date: "2020:12:25 10:00:00",
        make: "Canon",
        model: "EOS R6",
        gps: { lat: "41/1 8/1 4000/100", latRef: "N", lng: "8/1 36/1 5000/100", lngRef: "W" }, // Porto
      }),
      annEvents,
    );
    await upload(
      ann,
      "IMG_0001.jpg",
      await photo({ date: "2019:08:10 09:00:00", make: "Hearth", model: "Cam" }),
      annEvents,
    );
    await upload(
      bob,
      "bobs-lisbon.jpg",
      await photo({
        date: "2019:07:20 12:00:00",
        make: "Apple",
        model: "iPhone 13",
        gps: { lat: "38/1 43/1 0/1", latRef: "N", lng: "9/1 9/1 0/1", lngRef: "W" },
      }),
      bobEvents,
    );
    annEvents.close();
    bobEvents.close();
  }, 240_000);
  afterAll(async () => {
    await hearth?.stop();
    if (hearth) removeDataDir(hearth.dataDir);
  });

  it("names a photo taken over Lisbon 'Lisbon, Portugal' from its GPS, offline", async () => {
    const { body } = await ann.json("GET", `/api/files/${ids.get("lisbon.jpg")}`);
    expect(body.media.place).toEqual({ city: "Lisbon", region: "Lisbon", country: "Portugal", countryCode: "PT" });
    expect(placeLabel(body.media.place)).toBe("Lisbon, Portugal");
    const porto = await ann.json("GET", `/api/files/${ids.get("ribeira.jpg")}`);
    expect(placeLabel(porto.body.media.place)).toBe("Porto, Portugal");
    const noGps = await ann.json("GET", `/api/files/${ids.get("IMG_0001.jpg")}`);
    expect(noGps.body.media.place).toBeNull();
  });

  it("finds by place, month, year, season, camera and file name; more words narrow", async () => {
    expect(await names("Lisbon")).toEqual(["lisbon.jpg"]);
    expect(await names("Portugal")).toEqual(["lisbon.jpg", "ribeira.jpg"]);
    expect(await names("July")).toEqual(["lisbon.jpg"]);
    expect(await names("July 2019")).toEqual(["lisbon.jpg"]);
    expect(await names("2019")).toEqual(["IMG_0001.jpg", "lisbon.jpg"]);
    expect(await names("summer 2019")).toEqual(["IMG_0001.jpg", "lisbon.jpg"]);
    expect(await names("winter")).toEqual(["ribeira.jpg"]);
    expect(await names("iPhone")).toEqual(["lisbon.jpg"]);
    expect(await names("canon")).toEqual(["ribeira.jpg"]);
    expect(await names("img_0001")).toEqual(["IMG_0001.jpg"]);
    expect(await names("Lisbon 2019")).toEqual(["lisbon.jpg"]);
    expect(await names("Lisbon 2020")).toEqual([]);
    expect(await names("Portugal canon")).toEqual(["ribeira.jpg"]);
  });

  it("never shows another user's photos", async () => {
    expect(await names("Lisbon", bob)).toEqual(["bobs-lisbon.jpg"]);
    expect(await names("iPhone", bob)).toEqual(["bobs-lisbon.jpg"]);
    expect(await names("2019")).not.toContain("bobs-lisbon.jpg");
  });

  it("finds a photo by the name of an album it is in, while it is in it, under the album's current name", async () => {
    const lisbon = ids.get("lisbon.jpg")!;
    const img = ids.get("IMG_0001.jpg")!;
    const created = await ann.json("POST", "/api/albums", { name: "Grandma's 80th", fileIds: [lisbon, img] });
    expect(created.status).toBe(201);
    const album = created.body.id as string;
    expect(await names("grandma")).toEqual(["IMG_0001.jpg", "lisbon.jpg"]);
    expect(await names("Grandma's 80th")).toEqual(["IMG_0001.jpg", "lisbon.jpg"]);
    expect(await names("grandma Lisbon")).toEqual(["lisbon.jpg"]);
    expect(await names("grandma 2019")).toEqual(["IMG_0001.jpg", "lisbon.jpg"]);
    expect(await names("grandma august 2019")).toEqual(["IMG_0001.jpg"]);
    expect(await names("grandma 2020")).toEqual([]);

    // Shared with Bob as a contributor, who adds his own photo: each finds only their own photos.
    expect((await ann.json("PUT", `/api/albums/${album}/members/${bobId}`, { role: "contributor" })).status).toBe(200);
    const added = await bob.json("POST", `/api/albums/${album}/items`, { fileIds: [ids.get("bobs-lisbon.jpg")] });
    expect(added.status).toBe(200);
    expect(await names("grandma", bob)).toEqual(["bobs-lisbon.jpg"]);
    expect(await names("grandma")).toEqual(["IMG_0001.jpg", "lisbon.jpg"]);
    expect(await names("grandma lisbon")).toEqual(["lisbon.jpg"]);

    // Out of the album, it is not found by the album's name any more; still by its place.
    expect((await ann.json("DELETE", `/api/albums/${album}/items`, { fileIds: [lisbon] })).status).toBe(200);
    expect(await names("grandma")).toEqual(["IMG_0001.jpg"]);
    expect(await names("Lisbon")).toEqual(["lisbon.jpg"]);
    expect((await ann.json("POST", `/api/albums/${album}/items`, { fileIds: [lisbon] })).status).toBe(200);

    // Renamed: found by the new name only.
    expect((await ann.json("PATCH", `/api/albums/${album}`, { name: "Family reunion" })).status).toBe(200);
    expect(await names("grandma")).toEqual([]);
    expect(await names("reunion")).toEqual(["IMG_0001.jpg", "lisbon.jpg"]);
    expect(await names("reunion", bob)).toEqual(["bobs-lisbon.jpg"]);
    expect(await names("family 2019")).toEqual(["IMG_0001.jpg", "lisbon.jpg"]);

    // Someone else cannot rename it, and a bad album changes nothing.
    expect((await bob.json("PATCH", `/api/albums/${album}`, { name: "Bob's" })).status).toBe(403);
    expect((await ann.json("POST", "/api/albums/nope/items", { fileIds: [lisbon] })).status).toBe(404);
    expect(await names("reunion")).toEqual(["IMG_0001.jpg", "lisbon.jpg"]);

    // Deleted: no photo is found by its name; the photos themselves stay.
    expect((await ann.json("DELETE", `/api/albums/${album}`)).status).toBe(204);
    expect(await names("reunion")).toEqual([]);
    expect(await names("reunion", bob)).toEqual([]);
    expect(await names("Lisbon 2019")).toEqual(["lisbon.jpg"]);
  });

  it("answers 400 to a search with nothing to search for", async () => {
    const empty = await ann.json("GET", "/api/photos/search?q=");
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe("invalid_query");
    expect((await ann.json("GET", "/api/photos/search?q=x&before=abc")).body.error.code).toBe("invalid_cursor");
  });

  it("clusters the caller's photos on the map, and a cluster opens its photos", async () => {
    const world = await ann.json("GET", "/api/photos/places?bbox=-180,-85,180,85&zoom=0");
    expect(world.status).toBe(200);
    expect(world.body.clusters).toHaveLength(1); // Lisbon and Porto in one tile at this zoom
    const [portugal] = world.body.clusters;
    expect(portugal.count).toBe(2);
    expect(portugal.cover.name).toBe("ribeira.jpg"); // the newest
    const opened = await ann.json("GET", `/api/photos/search?area=${portugal.area}`);
    expect(opened.body.items.map((i: { name: string }) => i.name)).toEqual(["ribeira.jpg", "lisbon.jpg"]);
    const close = await ann.json("GET", "/api/photos/places?bbox=-9.3,38.6,-9.0,38.8&zoom=12");
    expect(close.body.clusters.map((c: { count: number }) => c.count)).toEqual([1]);
    const bobs = await bob.json("GET", "/api/photos/places?bbox=-180,-85,180,85&zoom=0");
    expect(bobs.body.clusters.map((c: { count: number }) => c.count)).toEqual([1]);
    expect(bobs.body.clusters[0].cover.name).toBe("bobs-lisbon.jpg");
    // Bob cannot open Ann's cluster: the same tile holds only his own photo for him.
    const peek = await bob.json("GET", `/api/photos/search?area=${portugal.area}`);
    expect(peek.body.items.map((i: { name: string }) => i.name)).toEqual(["bobs-lisbon.jpg"]);
    expect((await ann.json("GET", "/api/photos/places?bbox=1,2&zoom=3")).status).toBe(400);
  });

  it("keeps GPS and the place out of a public link", async () => {
    const link = await ann.json("POST", "/api/shares", { fileId: ids.get("lisbon.jpg") });
    expect(link.status).toBe(201);
    const visitor = new Client(hearth.url);
    const shared = await visitor.json("GET", `/api/public/${link.body.token}`);
    expect(shared.status).toBe(200);
    const text = JSON.stringify(shared.body);
    expect(text).not.toContain("Lisbon");
    expect(text).not.toContain("38.7");
  });

  it("keeps the map offline until an admin sets street detail; the CSP follows", async () => {
    expect((await ann.json("GET", "/api/photos/map")).body).toEqual({ tileUrl: null });
    const page = await ann.request("GET", "/photos/places");
    expect(page.headers.get("content-security-policy")).toContain("connect-src 'self';");
    const bad = await ann.json("PATCH", "/api/admin/settings", { mapTileUrl: "javascript:alert(1)" });
    expect(bad.status).toBe(400);
    const tiles = "https://tiles.example.org/{z}/{x}/{y}.png";
    expect((await ann.json("PATCH", "/api/admin/settings", { mapTileUrl: tiles })).status).toBe(200);
    expect((await bob.json("GET", "/api/photos/map")).body).toEqual({ tileUrl: tiles });
    const opened = await ann.request("GET", "/photos/places");
    expect(opened.headers.get("content-security-policy")).toContain("connect-src 'self' https://tiles.example.org;");
    expect((await ann.json("PATCH", "/api/admin/settings", { mapTileUrl: null })).status).toBe(200);
  });
});
