import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MAP_TILE_ZOOM, tileOf } from "@hearth/contract";
import { testServices, type TestServices } from "../../tests/harness/core-services";
import { seedFile, seedUser } from "../../tests/harness/core-seed";
import { saveMedia } from "../repositories/jobs";
import { addItems, createAlbum, deleteAlbum, patchAlbum, putMember, removeItems } from "./albums";
import { matchQuery, readQuery, searchPhotos } from "./photo-search";
import { setArchived } from "./photos";
import { listPlaces, nameUnplacedPhotos } from "./places";
import { moveToTrash } from "./trash";

const LISBON = { placeCity: "Lisbon", placeRegion: "Lisbon", placeCountry: "Portugal", placeCountryCode: "PT" };
const PORTO = { placeCity: "Porto", placeRegion: "Porto", placeCountry: "Portugal", placeCountryCode: "PT" };
const PARIS = { placeCity: "Paris", placeRegion: "Île-de-France", placeCountry: "France", placeCountryCode: "FR" };
const at = (latitude: number, longitude: number) => {
  const tile = tileOf(latitude, longitude, MAP_TILE_ZOOM);
  return { latitude, longitude, mapX: tile.x, mapY: tile.y };
};

describe("Search in Photos", () => {
  let services: TestServices;
  let ann: string;
  let bob: string;
  const photo = async (owner: string, name: string, takenAt: string, extra: Record<string, unknown> = {}) => {
    const file = await seedFile(services, owner, name, `bytes of ${name} ${Math.random()}`);
    await saveMedia(services.db, file.blobId!, { takenAt: Date.parse(takenAt), ...extra }, services.now());
    return file;
  };
  const search = async (q: string, owner = ann) =>
    (await searchPhotos(services, owner, { q })).items.map((item) => item.name).sort();

  beforeEach(async () => {
    services = await testServices();
    ann = await seedUser(services, "Ann");
    bob = await seedUser(services, "Bob");
    const iphone = { cameraMake: "Apple", cameraModel: "iPhone 12 Pro" };
    await photo(ann, "tram.jpg", "2019-07-14T10:00:00Z", { ...LISBON, ...at(38.7223, -9.1393), ...iphone });
    await photo(ann, "belem.jpg", "2021-08-02T10:00:00Z", { ...LISBON, ...at(38.6916, -9.216) });
    await photo(ann, "bridge.jpg", "2019-03-01T10:00:00Z", { ...PORTO, ...at(41.15, -8.61), ...iphone });
    await photo(ann, "eiffel.jpg", "2019-12-20T10:00:00Z", { ...PARIS, ...at(48.8584, 2.2945) });
    await photo(ann, "IMG_0042.JPG", "2020-01-10T10:00:00Z", { cameraMake: "Canon", cameraModel: "EOS R6" });
    await photo(bob, "bobs-lisbon.jpg", "2019-07-15T10:00:00Z", { ...LISBON, ...at(38.72, -9.14), ...iphone });
  });
  afterEach(() => services.close());

  it("reads years, months, seasons and text", () => {
    expect(readQuery("Summer 2019 in Lisbon").map((w) => w.kind)).toEqual(["season", "year", "text"]);
    expect(matchQuery(readQuery("july"))).toBe("taken:m07");
    expect(matchQuery(readQuery("summer 2019"))).toBe("taken:y2019 AND (taken:m06 OR taken:m07 OR taken:m08)");
    // The last word as typed may be the start of a word; the words before it are whole words.
    expect(matchQuery(readQuery("lisbon lis"))).toBe(
      '{place camera name albums}:"lisbon" AND {place camera name albums}:"lis"*',
    );
    expect(matchQuery(readQuery("lisbon 2019"))).toBe('taken:y2019 AND {place camera name albums}:"lisbon"');
  });

  it("matches the last word's beginning, the others whole", async () => {
    expect(await search("2019 lis")).toEqual(["tram.jpg"]);
    expect(await search("lisbon 2019")).toEqual(["tram.jpg"]);
    expect(await search("lis 2019")).toEqual([]);
    expect(await search("iphone p")).toEqual(["bridge.jpg", "tram.jpg"]); // Porto, Portugal; "Pro"
    expect(await search("ipho lisbon")).toEqual([]);
  });

  it("finds by album name while the photo is in the album, under its current name", async () => {
    const [tram] = (await searchPhotos(services, ann, { q: "tram" })).items;
    const [eiffel] = (await searchPhotos(services, ann, { q: "eiffel" })).items;
    const album = await createAlbum(services, ann, { name: "Grandma's 80th", fileIds: [tram!.id] });
    expect(await search("grandma")).toEqual(["tram.jpg"]);
    expect(await search("grandma's 80th")).toEqual(["tram.jpg"]);
    await addItems(services, ann, album.id, { fileIds: [eiffel!.id] });
    expect(await search("grandma")).toEqual(["eiffel.jpg", "tram.jpg"]);
    expect(await search("grandma july")).toEqual(["tram.jpg"]);
    await removeItems(services, ann, album.id, { fileIds: [tram!.id] });
    expect(await search("grandma")).toEqual(["eiffel.jpg"]);
    await patchAlbum(services, ann, album.id, { name: "Paris weekend" });
    expect(await search("grandma")).toEqual([]);
    expect(await search("weekend")).toEqual(["eiffel.jpg"]);
    // The place and the date are still there after the album rewrote the document.
    expect(await search("paris 2019")).toEqual(["eiffel.jpg"]);
    await deleteAlbum(services, ann, album.id);
    expect(await search("weekend")).toEqual([]);
    expect(await search("paris 2019")).toEqual(["eiffel.jpg"]);
  });

  it("a shared album's name finds only the searcher's own photos in it", async () => {
    const [tram] = (await searchPhotos(services, ann, { q: "tram" })).items;
    const [bobs] = (await searchPhotos(services, bob, { q: "bobs" })).items;
    const album = await createAlbum(services, ann, { name: "Summer trip", fileIds: [tram!.id] });
    await putMember(services, ann, album.id, bob, { role: "contributor" });
    await addItems(services, bob, album.id, { fileIds: [bobs!.id] });
    expect(await search("trip")).toEqual(["tram.jpg"]);
    expect(await search("trip", bob)).toEqual(["bobs-lisbon.jpg"]);
  });

  it("finds by place, country, date, season, camera and file name; words narrow", async () => {
    expect(await search("Lisbon")).toEqual(["belem.jpg", "tram.jpg"]);
    expect(await search("portugal")).toEqual(["belem.jpg", "bridge.jpg", "tram.jpg"]);
    expect(await search("lis")).toEqual(["belem.jpg", "tram.jpg"]);
    expect(await search("2019")).toEqual(["bridge.jpg", "eiffel.jpg", "tram.jpg"]);
    expect(await search("July 2019")).toEqual(["tram.jpg"]);
    expect(await search("july")).toEqual(["tram.jpg"]);
    expect(await search("summer")).toEqual(["belem.jpg", "tram.jpg"]);
    expect(await search("summer 2019")).toEqual(["tram.jpg"]);
    expect(await search("winter 2019")).toEqual(["IMG_0042.JPG", "eiffel.jpg"]);
    expect(await search("iPhone")).toEqual(["bridge.jpg", "tram.jpg"]);
    expect(await search("canon")).toEqual(["IMG_0042.JPG"]);
    expect(await search("img_0042")).toEqual(["IMG_0042.JPG"]);
    expect(await search("Lisbon 2019")).toEqual(["tram.jpg"]);
    expect(await search("iphone porto")).toEqual(["bridge.jpg"]);
    expect(await search("ile-de-france")).toEqual(["eiffel.jpg"]);
    expect(await search("nowhere")).toEqual([]);
  });

  it("never shows another user's photos, nor trashed or archived ones", async () => {
    expect(await search("Lisbon", bob)).toEqual(["bobs-lisbon.jpg"]);
    const [tram] = (await searchPhotos(services, ann, { q: "tram" })).items;
    await moveToTrash(services, ann, tram!.id);
    const [belem] = (await searchPhotos(services, ann, { q: "belem" })).items;
    await setArchived(services, ann, belem!.id, true);
    expect(await search("Lisbon")).toEqual([]);
    await setArchived(services, ann, belem!.id, false);
    expect(await search("Lisbon")).toEqual(["belem.jpg"]);
  });

  it("pages newest first", async () => {
    const first = await searchPhotos(services, ann, { q: "portugal", limit: "2" });
    expect(first.items.map((i) => i.name)).toEqual(["belem.jpg", "tram.jpg"]);
    const second = await searchPhotos(services, ann, { q: "portugal", limit: "2", before: first.nextCursor! });
    expect(second.items.map((i) => i.name)).toEqual(["bridge.jpg"]);
    expect(second.nextCursor).toBeNull();
  });

  it("rejects an empty query and a bad area", async () => {
    await expect(searchPhotos(services, ann, { q: " in the " })).rejects.toMatchObject({ status: 400 });
    await expect(searchPhotos(services, ann, { area: "3/1/1" })).rejects.toMatchObject({ status: 400 });
  });

  it("clusters the owner's photos with GPS, and a cluster opens as a search", async () => {
    const world = await listPlaces(services, ann, { bbox: "-180,-85,180,85", zoom: "0" });
    expect(world.level).toBe(2);
    const counts = world.clusters.map((c) => c.count).sort();
    expect(counts).toEqual([1, 3]); // Portugal's three together, Paris alone; Bob's photo not counted
    const portugal = world.clusters.find((c) => c.count === 3)!;
    expect(portugal.cover?.name).toBe("belem.jpg");
    const opened = await searchPhotos(services, ann, { area: portugal.area });
    expect(opened.items.map((i) => i.name)).toEqual(["belem.jpg", "tram.jpg", "bridge.jpg"]);
    const city = await listPlaces(services, ann, { bbox: "-9.3,38.6,-9.0,38.8", zoom: "14" });
    expect(city.clusters.reduce((n, c) => n + c.count, 0)).toBe(2);
    await expect(listPlaces(services, ann, { bbox: "1,2,3", zoom: "3" })).rejects.toMatchObject({ status: 400 });
  });

  it("names photos that have GPS but no place, without touching the rest", async () => {
    const old = await photo(ann, "old.jpg", "2018-05-05T10:00:00Z", { latitude: 38.72, longitude: -9.14 });
    expect(await search("lisbon")).not.toContain("old.jpg");
    const named = await nameUnplacedPhotos(services, () => ({ ...LISBON, mapX: 1, mapY: 2 }), 10_000);
    expect(named).toBe(1);
    expect(await search("lisbon")).toContain("old.jpg");
    expect((await searchPhotos(services, ann, { q: "old" })).items[0]?.media?.place?.city).toBe("Lisbon");
    expect(await nameUnplacedPhotos(services, () => ({ ...LISBON, mapX: 1, mapY: 2 }), 10_000)).toBe(0);
    void old;
  });
});
