/**
 * Media processing inside REAL workerd: test-worker.ts is bundled with the media build options,
 * served by workerd on a free loopback port, and fed the fixtures of tests/fixtures/.
 * Also prints (does not assert) time, CPU time and workerd memory for the expensive calls.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { THUMBNAIL_SIZES } from "@hearth/contract";
import { findBinary } from "@hearth/supervisor/binaries";
import { mediaBuild } from "@hearth/supervisor/media-bundle";
import { ensureFixtures, FIXTURES, PHOTO_EXIF, PHOTO_STORED } from "../../tests/fixtures/make-fixtures.mjs";
import { MAX_VIDEO_INPUT_BYTES } from "./limits";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = join(here, "..", "..");

interface Runtime {
  url: string;
  process: ChildProcess;
  dir: string;
  log: string[];
}

let runtime: Runtime;

beforeAll(async () => {
  await ensureFixtures();
  runtime = await startWorkerd();
}, 120_000);

afterAll(async () => {
  if (!runtime) return;
  runtime.process.kill("SIGTERM");
  await new Promise((resolve) => runtime.process.once("exit", resolve));
  await rm(runtime.dir, { recursive: true, force: true });
});

describe("thumbnails", () => {
  it("a 12 MP photo with EXIF orientation 6 gets upright 540x720 and 180x240 JPEGs", async () => {
    const photo = await fixture(FIXTURES.photo);
    // The first call also compiles photon's wasm functions; the second shows the steady cost.
    const { status, body } = await measured("12 MP thumbnails, first call", () => post("/thumbnails?mime=image/jpeg", photo, 60_000));
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
    const blockOnThumb = { width: (block.height * 720) / PHOTO_STORED.width, height: (block.width * 720) / PHOTO_STORED.width };
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
    const before = processStats(runtime.process.pid!);
    for (let i = 0; i < 5; i++) expect((await post("/poster", input, 60_000)).status).toBe(200);
    const after = processStats(runtime.process.pid!);
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

  it("a video over MAX_VIDEO_INPUT_BYTES is refused with input_too_large", async () => {
    const { status, body } = await post("/poster", new Uint8Array(MAX_VIDEO_INPUT_BYTES + 1), 60_000);
    expect(status).toBe(422);
    expect(body.error.code).toBe("input_too_large");
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

interface EncodedThumb {
  size: number;
  width: number;
  height: number;
  jpeg: string;
}

/** Response bodies are checked field by field by the assertions themselves. */
type Json = any;

async function post(path: string, bytes: Uint8Array<ArrayBuffer>, timeoutMs = 20_000): Promise<{ status: number; body: Json }> {
  const response = await fetch(runtime.url + path, {
    method: "POST",
    body: bytes,
    // A hang must fail the test, not stall the suite.
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: response.status, body: await response.json() };
}

async function fixture(path: string): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await readFile(path));
}

/** Runs `request` and prints its wall time, the CPU time workerd spent and workerd's memory. */
async function measured<T>(label: string, request: () => Promise<T>): Promise<T> {
  const before = processStats(runtime.process.pid!);
  const started = performance.now();
  const result = await request();
  const wallMs = performance.now() - started;
  const after = processStats(runtime.process.pid!);
  console.log(
    `${label}: ${wallMs.toFixed(0)} ms wall, ${after.cpuMs - before.cpuMs} ms workerd CPU, ` +
      `workerd RSS ${after.rssMiB} MiB (peak ${after.peakRssMiB} MiB)`,
  );
  return result;
}

function fromBase64(text: string): Buffer {
  return Buffer.from(text, "base64");
}

async function pixelAt(thumb: EncodedThumb, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(fromBase64(thumb.jpeg)).raw().toBuffer({ resolveWithObject: true });
  const at = (Math.floor(y) * info.width + Math.floor(x)) * info.channels;
  return [data[at]!, data[at + 1]!, data[at + 2]!];
}

function isRed([r, g, b]: [number, number, number]): boolean {
  return r > 180 && g < 60 && b < 60;
}

/** Bundle the test worker, write a workerd config beside it and serve it on a free port. */
async function startWorkerd(): Promise<Runtime> {
  const dir = await mkdtemp(join(tmpdir(), "hearth-media-test-"));
  const media = mediaBuild();
  await build({
    ...media.esbuildOptions,
    entryPoints: [join(here, "test-worker.ts")],
    outfile: join(dir, "worker.js"),
    logLevel: "warning",
  });
  // capnp `embed` only reads files below the config's folder, so the wasm files are copied in.
  for (const wasm of media.wasmModules) await copyFile(wasm.path, join(dir, wasm.name));
  const port = await freePort();
  const modules = [
    `(name = "worker.js", esModule = embed "worker.js")`,
    ...media.wasmModules.map((wasm) => `(name = "${wasm.name}", wasm = embed "${wasm.name}")`),
  ];
  await writeFile(
    join(dir, "config.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "media", worker = .mediaWorker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "media") ],
);
const mediaWorker :Workerd.Worker = (
  modules = [ ${modules.join(", ")} ],
  compatibilityDate = "2025-09-01",
);
`,
  );
  const log: string[] = [];
  const child = spawn(findBinary("workerd", process.env.HEARTH_WORKERD_BIN, root), ["serve", "config.capnp"], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => log.push(chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => log.push(chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitUntilServing(url, child, log);
  return { url, process: child, dir, log };
}

async function waitUntilServing(url: string, child: ChildProcess, log: string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`workerd exited (${child.exitCode}):\n${log.join("")}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`workerd did not start serving within 30 s:\n${log.join("")}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** workerd's resident memory and CPU time so far, from /proc (Linux clock ticks are 10 ms). */
function processStats(pid: number): { rssMiB: number; peakRssMiB: number; cpuMs: number } {
  // Synchronous on purpose: snapshots taken right before and right after a request.
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  // Fields 14 and 15 of /proc/<pid>/stat (after the parenthesised command name) are user and system ticks.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { rssMiB: Math.round(kib("VmRSS") / 1024), peakRssMiB: Math.round(kib("VmHWM") / 1024), cpuMs: ticks * 10 };
}
