/**
 * Media processing inside REAL workerd (tests/harness/media-runtime.ts), fed the fixtures of
 * tests/fixtures/. Also prints (does not assert) time, CPU time and workerd memory for the
 * expensive calls. JPEG-specific behaviour (libjpeg-turbo) is in jpeg-thumbnails.test.ts.
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { THUMBNAIL_SIZES } from "@hearth/contract";
import { ensureFixtures, FIXTURES, PHOTO_EXIF, PHOTO_STORED } from "../../tests/fixtures/make-fixtures.mjs";
import {
  fromBase64,
  startMediaRuntime,
  type EncodedThumb,
  type Json,
  type MediaRuntime,
} from "../../tests/harness/media-runtime";

let runtime: MediaRuntime;

beforeAll(async () => {
  await ensureFixtures();
  runtime = await startMediaRuntime();
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
});

describe("thumbnails", () => {
  it("a 12 MP photo with EXIF orientation 6 gets upright 540x720 and 180x240 JPEGs", async () => {
    const photo = await fixture(FIXTURES.photo);
    // The first call also compiles photon's wasm functions; the second shows the steady cost.
    const { status, body } = await measured("12 MP thumbnails, first call", () =>
      post("/thumbnails?mime=image/jpeg", photo, 60_000),
    );
    await measured("12 MP thumbnails, second call", () => post("/thumbnails?mime=image/jpeg", photo, 60_000));

    expect(status).toBe(200);
    expect({ width: body.width, height: body.height }).toEqual({ width: 3000, height: 4000 });
    const [large, small] = body.thumbs as EncodedThumb[];
    // One thumbnail per size of the contract's list, largest first.
    expect(body.thumbs.map((thumb: EncodedThumb) => thumb.size)).toEqual([...THUMBNAIL_SIZES].sort((a, b) => b - a));
    expect(large).toMatchObject({ size: 720, width: 540, height: 720 });
    expect(small).toMatchObject({ size: 240, width: 180, height: 240 });
    for (const thumb of [large!, small!]) {
      expect(await sharp(fromBase64(thumb.jpeg)).metadata()).toMatchObject({
        format: "jpeg",
        width: thumb.width,
        height: thumb.height,
      });
    }
    // The red block stored top-left must show top-right once turned a quarter clockwise.
    const block = PHOTO_STORED.redBlock;
    const blockOnThumb = {
      width: (block.height * 720) / PHOTO_STORED.width,
      height: (block.width * 720) / PHOTO_STORED.width,
    };
    expect(await pixelAt(large!, large!.width - blockOnThumb.width / 2, blockOnThumb.height / 2)).toSatisfy(isRed);
    expect(await pixelAt(large!, blockOnThumb.width / 2, blockOnThumb.height / 2)).not.toSatisfy(isRed);
  });

  it("PNG, WebP and GIF smaller than 720 keep their size in the 720 thumbnail and shrink to 240", async () => {
    const cases = [
      { path: FIXTURES.png, mime: "image/png", original: [320, 200], small: [240, 150] },
      { path: FIXTURES.webp, mime: "image/webp", original: [300, 200], small: [240, 160] },
      { path: FIXTURES.gif, mime: "image/gif", original: [200, 150], small: [200, 150] },
    ];
    for (const { path, mime, original, small } of cases) {
      const { status, body } = await post(`/thumbnails?mime=${mime}`, await fixture(path));
      expect(status, basename(path)).toBe(200);
      const [large, little] = body.thumbs as EncodedThumb[];
      expect([large!.width, large!.height], basename(path)).toEqual(original);
      expect([little!.width, little!.height], basename(path)).toEqual(small);
      expect((await sharp(fromBase64(little!.jpeg)).metadata()).format).toBe("jpeg");
    }
  });

  it("transparent PNG pixels come out white, not black", async () => {
    const { body } = await post("/thumbnails?mime=image/png", await fixture(FIXTURES.png));
    const large = (body.thumbs as EncodedThumb[])[0]!;
    // The fixture's bottom 40% is fully transparent.
    const [r, g, b] = await pixelAt(large, 10, large.height - 10);
    expect(Math.min(r, g, b)).toBeGreaterThan(240);
  });

  it("an image over MAX_IMAGE_PIXELS is refused from its header, before decoding", async () => {
    // A PNG whose header claims 20000x20000: decoding it would need ~3 GB of wasm memory.
    const bomb = await fixture(FIXTURES.png);
    const header = new DataView(bomb.buffer);
    header.setUint32(16, 20_000);
    header.setUint32(20, 20_000);
    const { status, body } = await post("/thumbnails?mime=image/png", bomb, 10_000);
    expect(status).toBe(422);
    expect(body.error.code).toBe("image_too_large");
  });

  it("a truncated JPEG is refused as corrupt_image, promptly", async () => {
    const { status, body } = await post("/thumbnails?mime=image/jpeg", await fixture(FIXTURES.truncatedJpeg), 10_000);
    expect(status).toBe(422);
    expect(body.error.code).toBe("corrupt_image");
  });

  it("a text file named .jpg is refused as unsupported_format, promptly", async () => {
    const { status, body } = await post("/thumbnails?mime=image/jpeg", await fixture(FIXTURES.textAsJpeg), 10_000);
    expect(status).toBe(422);
    expect(body.error.code).toBe("unsupported_format");
    expect(body.error.message).toContain("image/jpeg");
  });
});

describe("EXIF", () => {
  it("reads back the capture time, camera, lens, position and upright size the fixture carries", async () => {
    const { status, body } = await post("/exif", await fixture(FIXTURES.photo));
    expect(status).toBe(200);
    const { latitude, longitude, ...rest } = body;
    const { latitude: expectedLatitude, longitude: expectedLongitude, ...expectedRest } = PHOTO_EXIF;
    expect(rest).toEqual(expectedRest);
    expect(latitude).toBeCloseTo(expectedLatitude, 4);
    expect(longitude).toBeCloseTo(expectedLongitude, 4);
  });

  it("a photo without EXIF gives nulls and its size", async () => {
    const { status, body } = await post("/exif", await fixture(FIXTURES.png));
    expect(status).toBe(200);
    expect(body).toEqual({
      takenAt: null,
      cameraMake: null,
      cameraModel: null,
      lens: null,
      latitude: null,
      longitude: null,
      width: 320,
      height: 200,
      orientation: 1,
    });
  });

  it("a file that is not an image gives nulls instead of an error", async () => {
    const { status, body } = await post("/exif", await fixture(FIXTURES.textAsJpeg));
    expect(status).toBe(200);
    expect(body.takenAt).toBeNull();
    expect(body.width).toBeNull();
  });
});

describe("video", () => {
  it("a 2 s 320x240 MP4 gets a 320x240 JPEG poster and a duration of 2 s", async () => {
    const input = await fixture(FIXTURES.video);
    const { status, body } = await measured("poster", () => post("/poster", input, 60_000));

    expect(status).toBe(200);
    expect(body).toMatchObject({ width: 320, height: 240 });
    expect(body.durationSeconds).toBeCloseTo(2, 1);
    expect(await sharp(fromBase64(body.jpeg)).metadata()).toMatchObject({ format: "jpeg", width: 320, height: 240 });
  });

  it("posters start a fresh FFmpeg each time without piling up memory", async () => {
    const input = await fixture(FIXTURES.video);
    const before = runtime.stats();
    for (let i = 0; i < 5; i++) expect((await post("/poster", input, 60_000)).status).toBe(200);
    const after = runtime.stats();
    console.log(`5 more posters: workerd RSS ${before.rssMiB} -> ${after.rssMiB} MiB (peak ${after.peakRssMiB} MiB)`);
    // Each FFmpeg instance touches well over 32 MiB of wasm memory; five kept alive would show.
    expect(after.rssMiB - before.rssMiB).toBeLessThan(100);
  });

  it("a video recorded in portrait (rotation in the container) gets an upright 240x320 poster", async () => {
    const { status, body } = await post("/poster", await fixture(FIXTURES.rotatedVideo), 60_000);
    expect(status).toBe(200);
    expect(body).toMatchObject({ width: 240, height: 320 });
  });

  it("a still image or a text file is not taken for a video", async () => {
    for (const path of [FIXTURES.png, FIXTURES.textAsJpeg]) {
      const { status, body } = await post("/poster", await fixture(path), 30_000);
      expect(status, basename(path)).toBe(422);
      expect(body.error.code, basename(path)).toBe("unsupported_format");
    }
  });

  it("a 600 MiB input is streamed, never held: it is judged (not a video) without workerd growing by its size", async () => {
    const before = runtime.stats().rssMiB;
    const { status, body } = await measured("600 MiB of zeros, streamed", () =>
      post(`/poster?fill=${600 * 1024 * 1024}`, new Uint8Array(0), 60_000),
    );
    expect(status).toBe(422);
    expect(body.error.code).toBe("unsupported_format");
    expect(runtime.stats().peakRssMiB - before).toBeLessThan(300);
  });

  it("the 720p preview of the MP4 is an H.264/AAC MP4 that decodes again, at its original 320x240", async () => {
    const input = await fixture(FIXTURES.video);
    const { status, body } = await measured("720p preview of the 2 s clip", () => post("/preview", input, 90_000));
    expect(status).toBe(200);
    const mp4 = new Uint8Array(fromBase64(body.mp4));
    const text = new TextDecoder("latin1").decode(mp4);
    expect(text.slice(4, 8)).toBe("ftyp");
    expect(text).toContain("avc1");
    expect(text).toContain("mp4a");
    // moov before mdat: the browser can start playing before the whole file has arrived.
    expect(text.indexOf("moov")).toBeLessThan(text.indexOf("mdat"));
    const again = await post("/poster", mp4, 60_000);
    expect(again.body).toMatchObject({ width: 320, height: 240 });
    expect(again.body.durationSeconds).toBeCloseTo(2, 1);
  });
});

function post(
  path: string,
  bytes: Uint8Array<ArrayBuffer>,
  timeoutMs?: number,
): Promise<{ status: number; body: Json }> {
  return runtime.post(path, bytes, timeoutMs);
}

async function fixture(path: string): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await readFile(path));
}

/** Runs `request` and prints its wall time, the CPU time workerd spent and workerd's memory. */
async function measured<T>(label: string, request: () => Promise<T>): Promise<T> {
  const before = runtime.stats();
  const started = performance.now();
  const result = await request();
  const wallMs = performance.now() - started;
  const after = runtime.stats();
  console.log(
    `${label}: ${wallMs.toFixed(0)} ms wall, ${after.cpuMs - before.cpuMs} ms workerd CPU, ` +
      `workerd RSS ${after.rssMiB} MiB (peak ${after.peakRssMiB} MiB)`,
  );
  return result;
}

async function pixelAt(thumb: EncodedThumb, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(fromBase64(thumb.jpeg)).raw().toBuffer({ resolveWithObject: true });
  const at = (Math.floor(y) * info.width + Math.floor(x)) * info.channels;
  return [data[at]!, data[at + 1]!, data[at + 2]!];
}

function isRed([r, g, b]: [number, number, number]): boolean {
  return r > 180 && g < 60 && b < 60;
}
