/**
 * The walking skeleton, through every real layer: workerd isolates, sqld, the disk blob store,
 * the media process (photon, exifr, ffmpeg) and the Progress Durable Object's SSE stream.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "./harness/client";
import { removeDataDir, ROOT, startHearth, type RunningHearth } from "./harness/hearth";
import { SseReader } from "./harness/sse";

const fixture = (name: string) =>
  new Uint8Array(readFileSync(join(ROOT, "tests", "fixtures", name))) as Uint8Array<ArrayBuffer>;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("walking skeleton", () => {
  let hearth: RunningHearth;
  let client: Client;
  let events: SseReader;

  beforeAll(async () => {
    hearth = await startHearth();
    client = new Client(hearth.url);
  });
  afterAll(async () => {
    events?.close();
    await hearth?.stop();
    if (hearth) removeDataDir(hearth.dataDir);
  });

  it("reports healthy with its version", async () => {
    const health = await client.json("GET", "/health");
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: "ok", db: "ok", blobs: "ok" });
    expect(health.body.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("the first account to register becomes the admin and is signed in", async () => {
    expect((await client.json("GET", "/api/setup")).body.needsSetup).toBe(true);
    expect((await client.json("GET", "/api/me")).status).toBe(401);
    const registered = await client.register("Parent@Example.com", "correct horse battery", "Parent");
    expect(registered.status).toBe(201);
    expect(registered.body.user).toMatchObject({ email: "parent@example.com", name: "Parent", role: "admin" });
    expect((await client.json("GET", "/api/me")).body.user.email).toBe("parent@example.com");
    expect((await client.json("GET", "/api/setup")).body.needsSetup).toBe(false);
  });

  it("logs out and back in with a cookie that is HttpOnly", async () => {
    expect((await client.request("POST", "/api/auth/logout")).status).toBe(204);
    expect((await client.json("GET", "/api/me")).status).toBe(401);
    const wrong = await client.login("parent@example.com", "not the password");
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe("invalid_credentials");
    const response = await client.request("POST", "/api/auth/login", {
      json: { email: "parent@example.com", password: "correct horse battery" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toMatch(/HttpOnly/i);
    expect((await client.json("GET", "/api/me")).status).toBe(200);
  });

  it("a photo upload is stored with its SHA-256, processed by the media process, and its thumbnails served", async () => {
    events = new SseReader(`${hearth.url}/api/events`, { cookie: (client as any).cookie });
    await events.opened;
    const photo = fixture("photo-12mp-orientation6.jpg");
    const uploaded = await client.upload("IMG_2041.jpg", photo);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({
      name: "IMG_2041.jpg",
      kind: "file",
      size: photo.length,
      mime: "image/jpeg",
      sha256: sha256(photo),
    });
    const id = uploaded.body.id as string;

    const listed = await client.json("GET", "/api/files?parent=root");
    expect(listed.body.items.map((i: any) => i.name)).toContain("IMG_2041.jpg");

    await events.waitFor((e) => e.event === "file.created" && e.data.file.id === id);
    await events.waitFor((e) => e.event === "job.progress" && e.data.fileId === id);
    const ready = await events.waitFor((e) => e.event === "thumbnail.ready" && e.data.fileId === id, 120_000);
    expect(ready.data.sizes).toEqual([240, 720]);

    for (const size of [240, 720]) {
      const response = await client.request("GET", `/api/files/${id}/thumbnail?size=${size}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/jpeg");
      const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
      expect(meta.format).toBe("jpeg");
      // The fixture is 4000x3000 with EXIF orientation 6: upright it is portrait.
      expect(Math.max(meta.width!, meta.height!)).toBe(size);
      expect(meta.height!).toBeGreaterThan(meta.width!);
    }

    const file = await client.json("GET", `/api/files/${id}`);
    expect(file.body.thumbnails).toEqual([240, 720]);
    expect(file.body.media).toMatchObject({
      cameraMake: "Hearth",
      cameraModel: "Fixture Cam 1",
      takenAt: expect.stringMatching(/^2023-06-01T/),
    });
    expect(file.body.media.latitude).toBeCloseTo(-22.9519, 3);
    expect(file.body.media.longitude).toBeCloseTo(-43.2105, 3);
  });

  it("a Range request on the original returns exactly the requested bytes", async () => {
    const photo = fixture("photo-12mp-orientation6.jpg");
    const { body: list } = await client.json("GET", "/api/files?parent=root");
    const id = list.items.find((i: any) => i.name === "IMG_2041.jpg").id;
    const response = await client.request("GET", `/api/files/${id}/content`, { headers: { range: "bytes=1000-1999" } });
    expect(response.status).toBe(206);
    expect(response.headers.get("content-range")).toBe(`bytes 1000-1999/${photo.length}`);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(photo.subarray(1000, 2000));

    const suffix = await client.request("GET", `/api/files/${id}/content`, { headers: { range: "bytes=-10" } });
    expect(new Uint8Array(await suffix.arrayBuffer())).toEqual(photo.subarray(photo.length - 10));

    const whole = await client.request("GET", `/api/files/${id}/content`);
    expect(whole.status).toBe(200);
    expect(sha256(new Uint8Array(await whole.arrayBuffer()))).toBe(sha256(photo));
    const etag = whole.headers.get("etag")!;
    expect(
      (await client.request("GET", `/api/files/${id}/content`, { headers: { "if-none-match": etag } })).status,
    ).toBe(304);
    expect(
      (await client.request("GET", `/api/files/${id}/content`, { headers: { range: `bytes=${photo.length}-` } }))
        .status,
    ).toBe(416);
  });

  it("a short MP4 gets a poster frame and its duration from the media process", async () => {
    const video = fixture("video-2s.mp4");
    const uploaded = await client.upload("clip.mp4", video);
    expect(uploaded.status).toBe(201);
    const id = uploaded.body.id as string;
    await events.waitFor((e) => e.event === "thumbnail.ready" && e.data.fileId === id, 120_000);
    const poster = await client.request("GET", `/api/files/${id}/thumbnail?size=240`);
    expect(poster.status).toBe(200);
    const meta = await sharp(Buffer.from(await poster.arrayBuffer())).metadata();
    expect(meta.format).toBe("jpeg");
    expect(meta.width).toBe(240);
    const file = await client.json("GET", `/api/files/${id}`);
    expect(file.body.media.durationSeconds).toBeCloseTo(2, 0);
  });

  it("a damaged photo is stored as a file but fails processing without breaking the queue", async () => {
    const uploaded = await client.upload("broken.jpg", fixture("truncated.jpg"));
    expect(uploaded.status).toBe(201);
    const failed = await events.waitFor(
      (e) => e.event === "job.progress" && e.data.fileId === uploaded.body.id && e.data.state === "failed",
      120_000,
    );
    expect(failed.data.state).toBe("failed");
    expect((await client.request("GET", `/api/files/${uploaded.body.id}/thumbnail?size=240`)).status).toBe(404);
  });
});
