/**
 * Memories through the real runtime: JPEGs with real EXIF dates (made here with sharp) are
 * processed by the media process, and `GET /api/photos/memories` lists the ones taken on today's
 * date in earlier years, grouped by year, newest year first. Yesterday's and this year's photos,
 * archived and trashed ones, and another user's never appear. A day is the timeline's: the EXIF
 * wall-clock date, so 23:59 belongs to it and 00:00 the next day does not.
 */
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, householdOfTwo } from "./harness/client";
import { removeDataDir, startHearth, type RunningHearth } from "./harness/hearth";
import { SseReader } from "./harness/sse";

/** A small JPEG whose EXIF DateTimeOriginal is `date` ("YYYY:MM:DD hh:mm:ss", no time zone, as most cameras write it). */
async function photoTaken(date: string): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = await sharp({ create: { width: 60, height: 40, channels: 3, background: "#a73" } })
    .jpeg()
    .withExif({ IFD0: { Make: "Hearth", Model: "Memories" }, IFD2: { DateTimeOriginal: date } })
    .toBuffer();
  return new Uint8Array(bytes) as Uint8Array<ArrayBuffer>;
}

/** Today's date (UTC, the server's default) `yearsBack` years ago, shifted by `days`, as EXIF writes it. */
function exifDate(yearsBack: number, time: string, days = 0): string {
  const today = new Date();
  const date = new Date(Date.UTC(today.getUTCFullYear() - yearsBack, today.getUTCMonth(), today.getUTCDate() + days));
  const iso = date.toISOString().slice(0, 10).replaceAll("-", ":");
  return `${iso} ${time}`;
}

const namesByYear = (body: { years: { yearsAgo: number; items: { name: string }[] }[] }) =>
  body.years.map((year) => [year.yearsAgo, year.items.map((item) => item.name)]);

describe("Memories", () => {
  let hearth: RunningHearth;
  let ann: Client;
  let bob: Client;
  const ids = new Map<string, string>();
  const today = new Date().toISOString().slice(0, 10);
  const year = Number(today.slice(0, 4));

  beforeAll(async () => {
    hearth = await startHearth();
    ({ ann, bob } = await householdOfTwo(hearth.url));

    const photos: [Client, string, string][] = [
      [ann, "last-year.jpg", exifDate(1, "10:00:00")],
      [ann, "three-years-ago.jpg", exifDate(3, "15:30:00")],
      [ann, "yesterday-last-year.jpg", exifDate(1, "12:00:00", -1)],
      [ann, "today.jpg", exifDate(0, "00:00:01")],
      [ann, "archived.jpg", exifDate(1, "11:00:00")],
      [ann, "trashed.jpg", exifDate(1, "12:00:00")],
      // Near midnight, two years ago: the last second of today's date is a memory, the first of tomorrow's is not.
      [ann, "just-before-midnight.jpg", exifDate(2, "23:59:59")],
      [ann, "just-after-midnight.jpg", exifDate(2, "00:00:00", 1)],
      [bob, "bobs-last-year.jpg", exifDate(1, "09:00:00")],
    ];
    const streams = new Map<Client, SseReader>();
    for (const client of [ann, bob]) {
      const events = new SseReader(`${hearth.url}/api/events`, { cookie: (client as any).cookie });
      await events.opened;
      streams.set(client, events);
    }
    for (const [client, name, date] of photos) {
      const uploaded = await client.upload(name, await photoTaken(date));
      expect(uploaded.status).toBe(201);
      ids.set(name, uploaded.body.id);
    }
    for (const [client, name] of photos)
      await streams
        .get(client)!
        .waitFor((e) => e.event === "thumbnail.ready" && e.data.fileId === ids.get(name), 120_000);
    for (const events of streams.values()) events.close();
    expect((await ann.json("PUT", `/api/files/${ids.get("archived.jpg")}/archive`)).status).toBe(200);
    expect((await ann.request("DELETE", `/api/files/${ids.get("trashed.jpg")}`)).status).toBe(204);
  }, 240_000);
  afterAll(async () => {
    await hearth?.stop();
    if (hearth) removeDataDir(hearth.dataDir);
  });

  it("memories returns last year's photo of today", async () => {
    const { status, body } = await ann.json("GET", `/api/photos/memories?date=${today}`);
    expect(status).toBe(200);
    expect(body.date).toBe(today);
    // Exactly the earlier years' photos of today, newest year first, grouped by year.
    expect(namesByYear(body)).toEqual([
      [1, ["last-year.jpg"]],
      [2, ["just-before-midnight.jpg"]],
      [3, ["three-years-ago.jpg"]],
    ]);
    expect(body.years.map((y: any) => y.year)).toEqual([year - 1, year - 2, year - 3]);
    // The items are the timeline's: processed, with their date taken and thumbnails.
    const lastYear = body.years[0].items[0];
    expect(lastYear.id).toBe(ids.get("last-year.jpg"));
    expect(lastYear.thumbnails).toEqual([240, 720]);
    expect(lastYear.media.takenAt).toBe(`${exifDate(1, "10:00:00").slice(0, 10).replaceAll(":", "-")}T10:00:00.000Z`);
    expect(body.years[0].more).toBe(false);
  });

  it("without a date, today is the server's UTC date", async () => {
    const { body } = await ann.json("GET", "/api/photos/memories");
    // (A run across UTC midnight would see tomorrow; the test's own date then no longer matches.)
    if (body.date === today) expect(namesByYear(body).map(([ago]) => ago)).toEqual([1, 2, 3]);
    else expect(body.date > today).toBe(true);
  });

  it("tomorrow's memories start at midnight", async () => {
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const { body } = await ann.json("GET", `/api/photos/memories?date=${tomorrow}`);
    expect(namesByYear(body)).toEqual([[2, ["just-after-midnight.jpg"]]]);
  });

  it("an archived or trashed photo is not a memory, and comes back when unarchived", async () => {
    const before = await ann.json("GET", `/api/photos/memories?date=${today}`);
    const names = before.body.years.flatMap((y: any) => y.items.map((item: any) => item.name));
    expect(names).not.toContain("archived.jpg");
    expect(names).not.toContain("trashed.jpg");
    expect((await ann.json("DELETE", `/api/files/${ids.get("archived.jpg")}/archive`)).status).toBe(200);
    const after = await ann.json("GET", `/api/photos/memories?date=${today}`);
    expect(after.body.years[0].items.map((item: any) => item.name)).toEqual(["archived.jpg", "last-year.jpg"]);
    expect((await ann.json("PUT", `/api/files/${ids.get("archived.jpg")}/archive`)).status).toBe(200);
  });

  it("another user's photo never appears, and theirs are theirs alone", async () => {
    const anns = await ann.json("GET", `/api/photos/memories?date=${today}`);
    expect(JSON.stringify(anns.body)).not.toContain("bobs-last-year.jpg");
    const bobs = await bob.json("GET", `/api/photos/memories?date=${today}`);
    expect(namesByYear(bobs.body)).toEqual([[1, ["bobs-last-year.jpg"]]]);
  });

  it("a date that is not a day is refused with a clear error", async () => {
    for (const bad of ["2025-02-30", "2025-13-01", "yesterday", "2025-1-1"]) {
      const { status, body } = await ann.json("GET", `/api/photos/memories?date=${bad}`);
      expect(status, bad).toBe(400);
      expect(body.error.code).toBe("invalid_date");
      expect(body.error.message).toMatch(/YYYY-MM-DD/);
    }
    const signedOut = await new Client(hearth.url).request("GET", `/api/photos/memories?date=${today}`);
    expect(signedOut.status).toBe(401);
  });
});
