/**
 * Formats beyond JPEG/PNG/WebP/GIF and plain MP4, through the real runtime as a user sees them:
 * - an iPhone-style HEVC .mov gets a 720p H.264 preview (`media.videoPreview`, served with Range
 *   by GET /api/files/:id/preview) as long as the original, an H.264 MP4 gets none;
 * - a HEIC photo (irot + EXIF orientation, as iPhones write) and a DNG with an embedded JPEG get
 *   upright thumbnails of the right size;
 * - a format that stays unsupported says why.
 * Fixtures: tests/fixtures/make-fixtures.mjs (HEIC via heif-enc, the DNG written byte by byte).
 */
import { readFileSync } from "node:fs";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES } from "./fixtures/make-fixtures.mjs";
import { Client, householdOfTwo } from "./harness/client";
import { removeDataDir, startHearth, type RunningHearth } from "./harness/hearth";

const bytes = (path: string) => new Uint8Array(readFileSync(path)) as Uint8Array<ArrayBuffer>;

describe("media formats: video previews, HEIC, camera RAW", () => {
  let hearth: RunningHearth;
  let ann: Client;
  let bob: Client;

  /** Polls the file until its processing leaves pending/processing. */
  async function settled(id: string, timeoutMs = 150_000) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const file = await ann.json("GET", `/api/files/${id}`);
      const state = file.body.processing?.state;
      if (state !== "pending" && state !== "processing") return file.body;
      if (Date.now() > until) throw new Error(`file ${id} still ${state}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async function thumbnail(id: string, size: number) {
    const response = await ann.request("GET", `/api/files/${id}/thumbnail?size=${size}`);
    expect(response.status).toBe(200);
    const jpeg = Buffer.from(await response.arrayBuffer());
    const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => {
      const at = (Math.floor(y) * info.width + Math.floor(x)) * info.channels;
      return [data[at]!, data[at + 1]!, data[at + 2]!] as const;
    };
    return { width: info.width, height: info.height, pixel };
  }

  const isRed = ([r, g, b]: readonly number[]) => r! > 180 && g! < 70 && b! < 70;

  beforeAll(async () => {
    hearth = await startHearth();
    ({ ann, bob } = await householdOfTwo(hearth.url));
  });
  afterAll(async () => {
    await hearth?.stop();
    if (hearth) removeDataDir(hearth.dataDir);
  });

  it("an HEVC .mov gets a playable 720p H.264 preview as long as the original, with Range; 404 before and for others", async () => {
    const uploaded = await ann.upload("IMG_0042.MOV", bytes(FIXTURES.hevcMov));
    expect(uploaded.status).toBe(201);
    const id = uploaded.body.id as string;
    // Transcoding takes seconds; right after the upload there is no preview yet.
    expect((await ann.request("GET", `/api/files/${id}/preview`)).status).toBe(404);

    const file = await settled(id);
    expect(file.processing).toEqual({ state: "ready", reason: null });
    expect(file.media).toMatchObject({ width: 640, height: 360, videoPreview: true });
    expect(file.media.durationSeconds).toBeCloseTo(3, 1);

    const whole = await ann.request("GET", `/api/files/${id}/preview`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-type")).toBe("video/mp4");
    expect(whole.headers.get("accept-ranges")).toBe("bytes");
    const mp4 = Buffer.from(await whole.arrayBuffer());
    const boxes = topLevelBoxes(mp4);
    expect(boxes.map((box) => box.type)).toContain("moov");
    // moov before mdat: the browser starts playing before the whole file has arrived.
    expect(boxes.findIndex((box) => box.type === "moov")).toBeLessThan(boxes.findIndex((box) => box.type === "mdat"));
    expect(mp4.includes("avc1")).toBe(true);
    expect(mp4.includes("mp4a")).toBe(true);
    expect(mp4Duration(mp4)).toBeCloseTo(3, 1);

    const range = await ann.request("GET", `/api/files/${id}/preview`, { headers: { range: "bytes=100-1099" } });
    expect(range.status).toBe(206);
    expect(range.headers.get("content-range")).toBe(`bytes 100-1099/${mp4.length}`);
    expect(Buffer.from(await range.arrayBuffer()).equals(mp4.subarray(100, 1100))).toBe(true);

    expect((await bob.request("GET", `/api/files/${id}/preview`)).status).toBe(404);
    expect((await new Client(hearth.url).request("GET", `/api/files/${id}/preview`)).status).toBe(401);
  });

  it("an H.264/AAC MP4 at a low bitrate plays as it is: no preview", async () => {
    const uploaded = await ann.upload("clip.mp4", bytes(FIXTURES.video));
    const file = await settled(uploaded.body.id);
    expect(file.processing.state).toBe("ready");
    expect(file.media.videoPreview).toBe(false);
    expect((await ann.request("GET", `/api/files/${file.id}/preview`)).status).toBe(404);
  });

  it("a HEIC photo with irot and EXIF orientation 6 gets upright 480x640 thumbnails, turned once", async () => {
    const uploaded = await ann.upload("IMG_0043.HEIC", bytes(FIXTURES.heic));
    expect(uploaded.status).toBe(201);
    const file = await settled(uploaded.body.id);
    expect(file.processing).toEqual({ state: "ready", reason: null });
    expect(file.media).toMatchObject({ width: 480, height: 640 });
    expect(file.thumbnails).toEqual([240, 720]);
    const large = await thumbnail(file.id, 720);
    expect([large.width, large.height]).toEqual([480, 640]);
    // The red block stored top-left is top-right once turned a quarter clockwise.
    expect(isRed(large.pixel(large.width - 10, 10))).toBe(true);
    expect(isRed(large.pixel(10, 10))).toBe(false);
    const small = await thumbnail(file.id, 240);
    expect([small.width, small.height]).toEqual([180, 240]);
  });

  it("a DNG shows the JPEG preview its camera embedded, upright, with the RAW's EXIF", async () => {
    const uploaded = await ann.upload("DSC_0044.DNG", bytes(FIXTURES.dng));
    const file = await settled(uploaded.body.id);
    expect(file.processing).toEqual({ state: "ready", reason: null });
    expect(file.media).toMatchObject({ width: 800, height: 1200, cameraMake: "Hearth", cameraModel: "Fixture RAW 1" });
    expect(file.media.takenAt).toMatch(/^2019-08-15T10:20:30/);
    const large = await thumbnail(file.id, 720);
    expect([large.width, large.height]).toEqual([480, 720]);
    expect(isRed(large.pixel(large.width - 10, 10))).toBe(true);
    expect(isRed(large.pixel(10, 10))).toBe(false);
  });

  it("a camera RAW without an embedded preview and a TIFF say why they have no thumbnail", async () => {
    const rawWithoutPreview = await ann.upload(
      "DSC_0045.NEF",
      new Uint8Array(Buffer.from("II*\0\x08\0\0\0\0\0\0\0\0\0", "latin1")),
    );
    const raw = await settled(rawWithoutPreview.body.id);
    expect(raw.processing.state).toBe("unsupported");
    expect(raw.processing.reason).toMatch(/no embedded JPEG preview/);

    const tiff = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#336699" } })
      .tiff()
      .toBuffer();
    const uploaded = await ann.upload("scan.tiff", new Uint8Array(tiff));
    const file = await settled(uploaded.body.id);
    expect(file.processing.state).toBe("unsupported");
    expect(file.processing.reason).toMatch(/TIFF/);
  });
});

function topLevelBoxes(mp4: Buffer): { type: string; at: number; size: number }[] {
  const found = [];
  for (let at = 0; at + 8 <= mp4.length;) {
    const size = mp4.readUInt32BE(at);
    found.push({ type: mp4.toString("latin1", at + 4, at + 8), at, size });
    if (size < 8) break;
    at += size;
  }
  return found;
}

/** The movie's duration from moov/mvhd, in seconds. */
function mp4Duration(mp4: Buffer): number {
  const moov = topLevelBoxes(mp4).find((box) => box.type === "moov")!;
  const mvhd = mp4.indexOf("mvhd", moov.at, "latin1") - 4;
  const version = mp4[mvhd + 8];
  return version === 1
    ? Number(mp4.readBigUInt64BE(mvhd + 32)) / mp4.readUInt32BE(mvhd + 28)
    : mp4.readUInt32BE(mvhd + 24) / mp4.readUInt32BE(mvhd + 20);
}
