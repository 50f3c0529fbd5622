/**
 * The Photos timeline through the real runtime: photos with real EXIF dates (made here with sharp)
 * are processed by the media process and come back newest taken first, in their months; archive
 * hides a photo from the timeline and its month count; keyset pages cover every photo once; and
 * another user sees none of it.
 */
import sharp from "sharp";
import { thumbHashToApproximateAspectRatio, thumbHashToAverageRGBA } from "thumbhash";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, householdOfTwo } from "./harness/client";
import { removeDataDir, startHearth, type RunningHearth } from "./harness/hearth";
import { SseReader } from "./harness/sse";

/** A small JPEG with a real EXIF DateTimeOriginal (and offset) and orientation. */
async function photoTaken(date: string, offset: string, orientation = 1): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = await sharp({ create: { width: 60, height: 40, channels: 3, background: "#3a7" } })
    .jpeg()
    // sharp writes the orientation tag itself (withMetadata); withExifMerge adds the rest.
    .withMetadata({ orientation })
    .withExifMerge({
      IFD0: { Make: "Hearth", Model: "Test Camera" },
      IFD2: { DateTimeOriginal: date, OffsetTimeOriginal: offset },
    })
    .toBuffer();
  return new Uint8Array(bytes) as Uint8Array<ArrayBuffer>;
}

const PHOTOS = [
  { name: "2015.jpg", date: "2015:03:14 09:00:00", offset: "+01:00", month: "2015-03" },
  { name: "2018.jpg", date: "2018:08:20 18:30:00", offset: "-07:00", month: "2018-08" },
  { name: "2024-early.jpg", date: "2024:07:02 12:00:00", offset: "+02:00", month: "2024-07" },
  { name: "2024-late.jpg", date: "2024:07:28 12:00:00", offset: "+02:00", month: "2024-07", orientation: 6 },
  { name: "2021.jpg", date: "2021:12:24 20:00:00", offset: "+00:00", month: "2021-12" },
];

describe("Photos timeline", () => {
  let hearth: RunningHearth;
  let ann: Client;
  let bob: Client;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    hearth = await startHearth();
    ({ ann, bob } = await householdOfTwo(hearth.url));

    const events = new SseReader(`${hearth.url}/api/events`, { cookie: (ann as any).cookie });
    await events.opened;
    for (const photo of PHOTOS) {
      const uploaded = await ann.upload(photo.name, await photoTaken(photo.date, photo.offset, photo.orientation));
      expect(uploaded.status).toBe(201);
      ids.set(photo.name, uploaded.body.id);
    }
    for (const id of ids.values())
      await events.waitFor((e) => e.event === "thumbnail.ready" && e.data.fileId === id, 120_000);
    events.close();
  }, 180_000);
  afterAll(async () => {
    await hearth?.stop();
    if (hearth) removeDataDir(hearth.dataDir);
  });

  it("lists photos newest taken first, with EXIF dates, sizes after orientation, and thumbnails", async () => {
    const { status, body } = await ann.json("GET", "/api/photos");
    expect(status).toBe(200);
    expect(body.items.map((item: any) => item.name)).toEqual([
      "2024-late.jpg",
      "2024-early.jpg",
      "2021.jpg",
      "2018.jpg",
      "2015.jpg",
    ]);
    expect(body.nextCursor).toBeNull();
    const late = body.items[0];
    expect(late.media.takenAt).toBe("2024-07-28T10:00:00.000Z");
    expect([late.media.width, late.media.height]).toEqual([40, 60]);
    expect(late.thumbnails).toEqual([240, 720]);
    expect(body.items[3].media.takenAt).toBe("2018-08-21T01:30:00.000Z");
  });

  it("gives every processed photo a ThumbHash placeholder of its colours and shape, and its average colour", async () => {
    const { body } = await ann.json("GET", "/api/photos");
    for (const item of body.items) {
      const hash = Uint8Array.from(atob(item.media.thumbhash), (char) => char.charCodeAt(0));
      const { r, g, b } = thumbHashToAverageRGBA(hash);
      // The photos are a flat #33aa77: the hash's average says so, within JPEG's rounding.
      expect(Math.abs(r * 255 - 0x33)).toBeLessThan(12);
      expect(Math.abs(g * 255 - 0xaa)).toBeLessThan(12);
      expect(Math.abs(b * 255 - 0x77)).toBeLessThan(12);
      expect(item.media.placeholderColour).toMatch(/^#[0-9a-f]{6}$/);
      const ratio = item.media.width / item.media.height;
      expect(Math.abs(thumbHashToApproximateAspectRatio(hash) - ratio)).toBeLessThan(0.2);
    }
  });

  it("counts months newest first and lists one month", async () => {
    const months = await ann.json("GET", "/api/photos/months");
    expect(months.body.months).toEqual([
      { month: "2024-07", count: 2 },
      { month: "2021-12", count: 1 },
      { month: "2018-08", count: 1 },
      { month: "2015-03", count: 1 },
    ]);
    for (const photo of PHOTOS) {
      const page = await ann.json("GET", `/api/photos?month=${photo.month}`);
      expect(page.body.items.map((item: any) => item.name)).toContain(photo.name);
    }
    expect((await ann.json("GET", "/api/photos?month=2024-7")).body.error.code).toBe("invalid_month");
  });

  it("pages by keyset cursor, covering every photo exactly once", async () => {
    const seen: string[] = [];
    let path = "/api/photos?limit=2";
    for (;;) {
      const { body } = await ann.json("GET", path);
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((item: any) => item.id));
      if (!body.nextCursor) break;
      path = `/api/photos?limit=2&before=${encodeURIComponent(body.nextCursor)}`;
    }
    expect(seen).toHaveLength(PHOTOS.length);
    expect(new Set(seen)).toEqual(new Set(ids.values()));
    expect((await ann.json("GET", "/api/photos?before=nonsense")).status).toBe(400);
  });

  it("archive hides a photo from the timeline and its month, and lists it on its own", async () => {
    const id = ids.get("2021.jpg")!;
    const archived = await ann.json("PUT", `/api/files/${id}/archive`);
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).toBeDefined();
    expect((await ann.json("GET", "/api/photos")).body.items.map((item: any) => item.id)).not.toContain(id);
    const months = (await ann.json("GET", "/api/photos/months")).body.months.map((m: any) => m.month);
    expect(months).toEqual(["2024-07", "2018-08", "2015-03"]);
    expect((await ann.json("GET", "/api/photos/archive")).body.items.map((item: any) => item.id)).toEqual([id]);
    // Still in Drive.
    expect((await ann.json("GET", `/api/files/${id}`)).status).toBe(200);

    expect((await ann.json("DELETE", `/api/files/${id}/archive`)).status).toBe(200);
    expect((await ann.json("GET", "/api/photos/months")).body.months).toHaveLength(4);
    expect((await ann.json("GET", "/api/photos/archive")).body.items).toEqual([]);
  });

  it("gives a photo's neighbours for the lightbox", async () => {
    const { status, body } = await ann.json("GET", `/api/photos/${ids.get("2021.jpg")}/neighbours?count=2`);
    expect(status).toBe(200);
    expect(body.photo.name).toBe("2021.jpg");
    expect(body.newer.map((item: any) => item.name)).toEqual(["2024-early.jpg", "2024-late.jpg"]);
    expect(body.older.map((item: any) => item.name)).toEqual(["2018.jpg", "2015.jpg"]);
  });

  it("trashing a photo takes it out of the timeline and months; restoring puts it back", async () => {
    const id = ids.get("2015.jpg")!;
    expect((await ann.request("DELETE", `/api/files/${id}`)).status).toBe(204);
    expect((await ann.json("GET", "/api/photos/months")).body.months.map((m: any) => m.month)).not.toContain("2015-03");
    expect((await ann.request("POST", `/api/files/${id}/restore`)).status).toBe(200);
    expect((await ann.json("GET", "/api/photos/months")).body.months.map((m: any) => m.month)).toContain("2015-03");
  });

  it("another user sees none of it and cannot archive or look around it", async () => {
    expect((await bob.json("GET", "/api/photos")).body).toEqual({ items: [], nextCursor: null });
    expect((await bob.json("GET", "/api/photos?month=2024-07")).body.items).toEqual([]);
    expect((await bob.json("GET", "/api/photos/months")).body.months).toEqual([]);
    expect((await bob.json("GET", "/api/photos/archive")).body.items).toEqual([]);
    const id = ids.get("2018.jpg")!;
    expect((await bob.json("GET", `/api/photos/${id}/neighbours`)).status).toBe(404);
    expect((await bob.json("PUT", `/api/files/${id}/archive`)).status).toBe(404);
    expect((await bob.json("DELETE", `/api/files/${id}/archive`)).status).toBe(404);
    expect((await ann.json("GET", `/api/files/${id}`)).body.archivedAt).toBeUndefined();
  });
});
