/**
 * The arm64 image (Raspberry Pi, ARM NAS boxes), built here the way the release workflow builds it:
 * docker/Dockerfile for linux/arm64 on this amd64 machine, the build stages on the build machine's
 * CPU and a final stage that runs nothing, so the build needs no emulation. Then it is run, hardened
 * as compose.yaml runs it, under qemu user emulation (binfmt_misc): to healthy, a first account, a
 * JPEG upload and its thumbnail made by the arm64 media process. Prints the figures worth quoting
 * (base setup, build, size, start to healthy under emulation, thumbnail time).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { elfMachine, ELF_MACHINE } from "../../supervisor/packaging/runtime";
import { Client } from "../harness/client";
import {
  APP_UID,
  MINUTES,
  ROOT,
  aarch64Emulation,
  buildImage,
  dataDir,
  must,
  podman,
  run,
  seconds,
  startContainer,
  waitHealthy,
} from "./podman";

const IMAGE = "localhost/hearth:test-arm64";

/** A 1200x900 photo, grey with a red block in its top-left corner, as a camera's JPEG. */
function photo(): Promise<Uint8Array<ArrayBuffer>> {
  const red = { r: 220, g: 20, b: 20 };
  return sharp({ create: { width: 1200, height: 900, channels: 3, background: { r: 128, g: 128, b: 128 } } })
    .composite([{ input: { create: { width: 300, height: 225, channels: 3, background: red } }, top: 0, left: 0 }])
    .jpeg({ quality: 85 })
    .toBuffer()
    .then((buffer) => new Uint8Array(buffer) as Uint8Array<ArrayBuffer>);
}

describe("the arm64 image under qemu emulation", () => {
  const figures: Record<string, string> = {};
  const started: string[] = [];
  const folders: string[] = [];

  beforeAll(async () => {
    await aarch64Emulation();
    let t = Date.now();
    await must("sh", [join(ROOT, "docker/podman-setup.sh"), "--arm64"]);
    figures["podman setup --arm64"] = seconds(t);
    t = Date.now();
    await buildImage(IMAGE, "arm64");
    figures["image build (arm64, cross)"] = seconds(t);
  }, 40 * MINUTES);

  afterAll(async () => {
    for (const id of started) await run("podman", ["rm", "-f", "-t", "0", id]);
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
    console.log(["arm64 image figures:", ...Object.entries(figures).map(([k, v]) => `  ${k}: ${v}`)].join("\n"));
  });

  it("is an arm64 image whose node, workerd and sqld are aarch64, and stays small", async () => {
    expect(await podman("image", "inspect", "--format", "{{.Os}}/{{.Architecture}}", IMAGE)).toBe("linux/arm64");
    const size = Number(await podman("image", "inspect", "--format", "{{.Size}}", IMAGE));
    figures["image size (arm64)"] = `${(size / 1e6).toFixed(0)} MB (uncompressed)`;
    expect(size).toBeLessThan(450e6);

    // Copied out of a created (never started) container: no emulation needed to look.
    const out = mkdtempSync(join(tmpdir(), "hearth-arm64-bin-"));
    folders.push(out);
    const created = await podman("create", IMAGE);
    started.push(created);
    await podman("cp", `${created}:/app/bin/.`, out);
    await podman("cp", `${created}:/usr/bin/tini`, join(out, "tini"));
    for (const binary of ["node", "workerd", "sqld", "tini"])
      expect(elfMachine(join(out, binary)), binary).toBe(ELF_MACHINE.arm64);
  });

  it("starts read-only as UID 1001 under emulation to healthy, and makes a thumbnail of an upload", async () => {
    const data = dataDir(APP_UID);
    folders.push(data);
    const t = Date.now();
    const { id, url } = await startContainer(IMAGE, data);
    started.push(id);
    await waitHealthy(id, url, 10 * MINUTES);
    figures["run -> healthy (arm64, qemu)"] = seconds(t);
    // The programs really are arm64 ones, emulated.
    expect(await podman("exec", id, "uname", "-m")).toBe("aarch64");
    expect(await podman("exec", id, "id", "-un")).toBe("hearth");

    const client = new Client(url);
    expect((await client.register("pi@example.com", "correct horse battery", "Pi")).status).toBe(201);
    const uploadedAt = Date.now();
    const uploaded = await client.upload("garden.jpg", await photo());
    expect(uploaded.status).toBe(201);
    const fileId = uploaded.body.id as string;

    let file: { thumbnails: number[]; processing?: { state: string; error?: string } } | undefined;
    const deadline = Date.now() + 8 * MINUTES;
    for (;;) {
      file = (await client.json("GET", `/api/files/${fileId}`)).body;
      const state = file?.processing?.state;
      if (state !== "pending" && state !== "processing") break;
      if (Date.now() > deadline) throw new Error(`thumbnail not made after 8 minutes (still ${state})`);
      await new Promise((r) => setTimeout(r, 500));
    }
    figures["upload -> thumbnails (arm64, qemu)"] = seconds(uploadedAt);
    expect(file?.processing?.state, JSON.stringify(file?.processing)).toBe("ready");
    expect(file?.thumbnails.length).toBeGreaterThan(0);

    const size = Math.min(...file!.thumbnails);
    const response = await client.request("GET", `/api/files/${fileId}/thumbnail?size=${size}`);
    expect(response.status).toBe(200);
    const { data: pixels, info } = await sharp(Buffer.from(await response.arrayBuffer()))
      .raw()
      .toBuffer({ resolveWithObject: true });
    // 4:3 like the photo, and its red corner is still top-left.
    expect(Math.round((info.width / info.height) * 3)).toBe(4);
    const [r, g, b] = pixels.subarray(0, 3);
    expect(r).toBeGreaterThan(180);
    expect(g).toBeLessThan(70);
    expect(b).toBeLessThan(70);

    await podman("stop", "-t", "20", id);
  });
});
