/**
 * JPEG thumbnails through libjpeg-turbo (codecs/jpeg-turbo.wasm) inside REAL workerd: sizes,
 * orientation, quality against sharp, CMYK colours, damaged files, memory. Fixture variants are
 * made here with sharp from the 12 MP photo of tests/fixtures/. Figures are printed, never timed.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureFixtures, FIXTURES, PHOTO_STORED } from "../../tests/fixtures/make-fixtures.mjs";
import { ROOT } from "../../tests/harness/hearth";
import { fromBase64, startMediaRuntime, type EncodedThumb, type MediaRuntime } from "../../tests/harness/media-runtime";
import { lumaOf, lumaOfRgb, ssim } from "../../tests/harness/ssim";

/** Measured 0.983 (720) and 0.99 (240) against sharp's unencoded resize; sharp's own q80 JPEG scores 0.983. */
const MIN_SSIM_VS_SHARP = 0.97;

let runtime: MediaRuntime;
let photo: Uint8Array<ArrayBuffer>;

beforeAll(async () => {
  await ensureFixtures();
  photo = new Uint8Array(await readFile(FIXTURES.photo));
  runtime = await startMediaRuntime();
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
});

describe("the codec build", () => {
  it("the committed jpeg-turbo.wasm is the one supervisor/codecs/jpeg-turbo/build.sh recorded", () => {
    const wasm = readFileSync(join(ROOT, "workers", "media", "codecs", "jpeg-turbo.wasm"));
    const recorded = readFileSync(join(ROOT, "supervisor", "codecs", "jpeg-turbo", "jpeg-turbo.sha256"), "utf8");
    expect(createHash("sha256").update(wasm).digest("hex")).toBe(recorded.split(/\s+/)[0]);
    const exports = WebAssembly.Module.exports(new WebAssembly.Module(wasm)).map((entry) => entry.name);
    expect(exports).toEqual(expect.arrayContaining(["decode_jpeg", "resize", "orient", "encode_jpeg", "stackRestore"]));
  });
});

describe("JPEG thumbnails", () => {
  it("a 12 MP photo's 720 and 240 thumbnails match sharp's Lanczos3 resize (SSIM floor)", async () => {
    const [large, small] = await thumbnailsOf(photo);
    expect(large).toMatchObject({ width: 540, height: 720 });
    expect(small).toMatchObject({ width: 180, height: 240 });
    const scores = await ssimAgainstSharp(photo, [large!, small!]);
    console.log(`SSIM vs sharp: 720 ${scores[0]!.toFixed(4)}, 240 ${scores[1]!.toFixed(4)}`);
    for (const score of scores) expect(score).toBeGreaterThanOrEqual(MIN_SSIM_VS_SHARP);
  });

  it("EXIF orientation 3 turns the photo upside down: the red block stored top-left shows bottom-right", async () => {
    const upsideDown = await reencode(sharp(photo).withMetadata({ orientation: 3 }).jpeg({ quality: 88 }));
    const [large] = await thumbnailsOf(upsideDown);
    expect(large).toMatchObject({ width: 720, height: 540 });
    const onThumb = (stored: number) => (stored * 720) / PHOTO_STORED.width;
    const block = { width: onThumb(PHOTO_STORED.redBlock.width), height: onThumb(PHOTO_STORED.redBlock.height) };
    expect(await pixelAt(large!, large!.width - block.width / 2, large!.height - block.height / 2)).toSatisfy(isRed);
    expect(await pixelAt(large!, block.width / 2, block.height / 2)).not.toSatisfy(isRed);
  });

  it("a progressive 12 MP JPEG gets the same upright thumbnails, as good as sharp's", async () => {
    const progressive = await reencode(sharp(photo).withMetadata().jpeg({ quality: 88, progressive: true }));
    const thumbs = await thumbnailsOf(progressive);
    expect(thumbs.map((t) => [t.width, t.height])).toEqual([
      [540, 720],
      [180, 240],
    ]);
    const scores = await ssimAgainstSharp(progressive, thumbs);
    console.log(`progressive: SSIM vs sharp: 720 ${scores[0]!.toFixed(4)}, 240 ${scores[1]!.toFixed(4)}`);
    for (const score of scores) expect(score).toBeGreaterThanOrEqual(MIN_SSIM_VS_SHARP);
  });

  it("a CMYK JPEG keeps its colours: each patch's mean within 20 levels of sharp's (ICC-managed)", async () => {
    const cmyk = await reencode(sharp(colourPatches()).toColourspace("cmyk").jpeg({ quality: 92 }));
    expect((await sharp(cmyk).metadata()).space).toBe("cmyk");
    const [large] = await thumbnailsOf(cmyk);
    expect(large).toMatchObject({ width: 720, height: 480 });
    const ours = await patchMeans(fromBase64(large!.jpeg));
    const reference = await patchMeans(await sharp(cmyk).resize(720, 480).jpeg({ quality: 92 }).toBuffer());
    console.log(`CMYK patch means (ours vs sharp): ${ours.map((rgb, i) => `${rgb} / ${reference[i]}`).join("; ")}`);
    const worst = Math.max(...ours.flatMap((rgb, i) => rgb.map((value, c) => Math.abs(value - reference[i]![c]!))));
    expect(worst).toBeLessThanOrEqual(20);
  });

  it("a grayscale JPEG gets gray thumbnails", async () => {
    const gray = await reencode(sharp(colourPatches()).grayscale().jpeg({ quality: 90 }));
    const [large] = await thumbnailsOf(gray);
    const [r, g, b] = await pixelAt(large!, 60, 60);
    expect(Math.max(r, g, b) - Math.min(r, g, b)).toBeLessThanOrEqual(2);
  });
});

describe("damaged JPEGs", () => {
  it("a JPEG whose Huffman table is garbage is refused as corrupt_image, and the next photo still works", async () => {
    const broken = await smallJpeg();
    const table = indexOfMarker(broken, 0xc4);
    broken.fill(0xff, table + 5, table + 21); // the 16 code-length counts: far more codes than exist
    const { status, body } = await runtime.post("/thumbnails?mime=image/jpeg", broken, 10_000);
    expect(status).toBe(422);
    expect(body.error.code).toBe("corrupt_image");
    expect(body.error.message).toMatch(/Huffman/);
    expect((await thumbnailsOf(photo))[0]).toMatchObject({ width: 540, height: 720 });
  });

  it("random bytes in the scan data give thumbnails or corrupt_image, never a crash or a hang", async () => {
    const outcomes: number[] = [];
    for (let seed = 1; seed <= 8; seed++) {
      const damaged = await smallJpeg();
      const scan = indexOfMarker(damaged, 0xda) + 20;
      let state = seed;
      for (let i = scan; i < damaged.length - 2; i += 7) {
        state = (state * 1103515245 + 12345) & 0x7fffffff;
        damaged[i] = state % 255; // never 0xFF: no new markers, the end-of-image stays
      }
      const { status, body } = await runtime.post("/thumbnails?mime=image/jpeg", damaged, 10_000);
      expect([200, 422], JSON.stringify(body)).toContain(status);
      if (status === 422) expect(body.error.code).toBe("corrupt_image");
      outcomes.push(status);
    }
    console.log(`damaged scans: ${outcomes.join(" ")}`);
    expect((await thumbnailsOf(photo))[0]).toMatchObject({ width: 540, height: 720 });
  });
  it("a progressive JPEG with thousands of repeated scans is refused promptly as corrupt_image", async () => {
    const progressive = await reencode(sharp(colourPatches()).resize(320).jpeg({ quality: 80, progressive: true }));
    // Repeat the last scan (from its DHT/SOS to just before the end-of-image marker) 2000 times.
    const lastScan = indexOfMarker(progressive, 0xda, "last");
    const scan = progressive.subarray(lastScan, progressive.length - 2);
    const end = new Uint8Array([0xff, 0xd9]);
    const parts = [progressive.subarray(0, progressive.length - 2), ...Array(2000).fill(scan), end];
    const bomb = new Uint8Array(Buffer.concat(parts));
    const { status, body } = await runtime.post("/thumbnails?mime=image/jpeg", bomb, 10_000);
    expect(status).toBe(422);
    expect(body.error).toMatchObject({ code: "corrupt_image", message: expect.stringContaining("too many scans") });
  });
});

describe("memory", () => {
  it("progressive JPEGs' coefficient memory is handed back: RSS does not climb over repeated jobs", async () => {
    const progressive = await reencode(sharp(photo).withMetadata().jpeg({ quality: 88, progressive: true }));
    await thumbnailsOf(progressive);
    const before = runtime.stats();
    for (let i = 0; i < 6; i++) await thumbnailsOf(i % 2 ? photo : progressive);
    const after = runtime.stats();
    console.log(`6 more 12 MP thumbnail sets: workerd RSS ${before.rssMiB} -> ${after.rssMiB} MiB`);
    // A codec instance kept per progressive file would add ~40 MiB each.
    expect(after.rssMiB - before.rssMiB).toBeLessThan(60);
  });
});

async function thumbnailsOf(jpeg: Uint8Array<ArrayBuffer>): Promise<EncodedThumb[]> {
  const { status, body } = await runtime.post("/thumbnails?mime=image/jpeg", jpeg, 60_000);
  expect(status, JSON.stringify(body)).toBe(200);
  return body.thumbs as EncodedThumb[];
}

async function reencode(image: sharp.Sharp): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await image.toBuffer());
}

/** SSIM of each thumbnail against sharp's (unencoded) Lanczos3 resize of the same original. */
async function ssimAgainstSharp(original: Uint8Array, thumbs: EncodedThumb[]): Promise<number[]> {
  return Promise.all(
    thumbs.map(async (thumb) => {
      const { data, info } = await sharp(original)
        .rotate()
        .resize(thumb.width, thumb.height, { fit: "fill" })
        .raw()
        .toBuffer({ resolveWithObject: true });
      return ssim(await lumaOf(fromBase64(thumb.jpeg)), lumaOfRgb(data, info.width, info.height, info.channels));
    }),
  );
}

/** Six flat colour patches in a 3x2 grid, 1500x1000. */
function colourPatches(): Buffer {
  const colours = ["#d02020", "#20a040", "#2050d0", "#f0c020", "#a040c0", "#808080"];
  const rect = (fill: string, i: number) => {
    const [x, y] = [(i % 3) * 500, Math.floor(i / 3) * 500];
    return `<rect x="${x}" y="${y}" width="500" height="500" fill="${fill}"/>`;
  };
  const rects = colours.map(rect).join("");
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="1500" height="1000">${rects}</svg>`);
}

/** Mean RGB of the centre of each patch of colourPatches() in a 720x480 image. */
async function patchMeans(jpeg: Buffer): Promise<number[][]> {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  return [0, 1, 2, 3, 4, 5].map((i) => {
    const x0 = (i % 3) * 240 + 80;
    const y0 = Math.floor(i / 3) * 240 + 80;
    const sum = [0, 0, 0];
    for (let y = y0; y < y0 + 80; y++) {
      for (let x = x0; x < x0 + 80; x++) {
        for (let c = 0; c < 3; c++) sum[c]! += data[(y * info.width + x) * info.channels + c]!;
      }
    }
    return sum.map((s) => Math.round(s / 6400));
  });
}

async function smallJpeg(): Promise<Uint8Array<ArrayBuffer>> {
  return reencode(sharp(colourPatches()).resize(640).jpeg({ quality: 85 }));
}

/** Offset of the first (or last) 0xFF `marker` segment. */
function indexOfMarker(jpeg: Uint8Array, marker: number, which: "first" | "last" = "first"): number {
  let found = -1;
  for (let i = 2; i < jpeg.length - 1; i++) {
    if (jpeg[i] !== 0xff || jpeg[i + 1] !== marker) continue;
    found = i;
    if (which === "first") break;
  }
  if (found < 0) throw new Error(`no 0xFF${marker.toString(16)} marker`);
  return found;
}

async function pixelAt(thumb: EncodedThumb, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(fromBase64(thumb.jpeg)).raw().toBuffer({ resolveWithObject: true });
  const at = (Math.floor(y) * info.width + Math.floor(x)) * info.channels;
  return [data[at]!, data[at + 1]!, data[at + 2]!];
}

function isRed([r, g, b]: [number, number, number]): boolean {
  return r > 180 && g < 60 && b < 60;
}
