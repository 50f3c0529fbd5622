import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./preflight";
import { BlobDigests, startBlobDigests } from "./blob-digests";

const sha256 = (...parts: Buffer[]) => {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest("hex");
};

describe("the blob digest helper", () => {
  let blobs: string;
  let server: Server;
  let url: string;
  const parts = [randomBytes(5 * 1024 * 1024 + 17), randomBytes(3 * 1024 * 1024), randomBytes(1000)];
  /** Writes a file of the run folder `~multipart/<run>`. */
  const write = (run: string, name: string, bytes: Buffer) => {
    mkdirSync(join(blobs, "~multipart", run), { recursive: true });
    writeFileSync(join(blobs, "~multipart", run, name), bytes);
  };
  const post = (path: string, body: unknown) =>
    fetch(`${url}${path}`, {
      method: "POST",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json" },
    });
  const feed = (run: string, index: number, name: string, size: number) =>
    post("/feed", { run: ["~multipart", run], index, name, size });
  const result = async (run: string, names: string[]) => {
    const response = await post("/result", { run: ["~multipart", run], names });
    return {
      status: response.status,
      body: (await response.json()) as { sha256?: string; size?: number; reason?: string },
    };
  };

  beforeAll(async () => {
    blobs = mkdtempSync(join(tmpdir(), "hearth-digests-"));
    const port = await freePort();
    server = (await startBlobDigests(blobs, port)).server;
    url = `http://127.0.0.1:${port}`;
  });
  afterAll(() => {
    server?.close();
    rmSync(blobs, { recursive: true, force: true });
  });

  it("hashes the files of a run in order, as one stream of bytes", async () => {
    parts.forEach((bytes, i) => write("a", `${i + 1}.part`, bytes));
    for (const [i, bytes] of parts.entries())
      expect((await feed("a", i, `${i + 1}.part`, bytes.length)).status).toBe(202);
    const answer = await result("a", ["1.part", "2.part", "3.part"]);
    expect(answer).toEqual({
      status: 200,
      body: { sha256: sha256(...parts), size: parts.reduce((n, p) => n + p.length, 0) },
    });
    // The same file fed twice (a retried request) changes nothing.
    await feed("a", 2, "3.part", parts[2]!.length);
    expect((await result("a", ["1.part", "2.part", "3.part"])).body.sha256).toBe(sha256(...parts));
  });

  it("rewinds when a file is fed again in place of an earlier one (a part uploaded again)", async () => {
    const again = randomBytes(3 * 1024 * 1024);
    parts.forEach((bytes, i) => write("b", `${i + 1}.part`, bytes));
    write("b", "2.again", again);
    for (const [i, bytes] of parts.entries()) await feed("b", i, `${i + 1}.part`, bytes.length);
    expect((await result("b", ["1.part", "2.part", "3.part"])).status).toBe(200);
    await feed("b", 1, "2.again", again.length);
    await feed("b", 2, "3.part", parts[2]!.length);
    const answer = await result("b", ["1.part", "2.again", "3.part"]);
    expect(answer.body.sha256).toBe(sha256(parts[0]!, again, parts[2]!));
  });

  it("answers only for exactly the files it hashed, never a guess", async () => {
    parts.forEach((bytes, i) => write("c", `${i + 1}.part`, bytes));
    await feed("c", 0, "1.part", parts[0]!.length);
    await feed("c", 1, "2.part", parts[1]!.length);
    // Other files, fewer files, an unknown run: 409, so the bucket hashes the bytes itself.
    expect((await result("c", ["1.part", "3.part"])).status).toBe(409);
    expect((await result("c", ["1.part"])).status).toBe(409);
    expect((await result("nobody", ["1.part"])).body.reason).toBe("unknown run");
    // A file fed out of order, a size that does not match, a missing file.
    write("d", "1.part", parts[0]!);
    await feed("d", 1, "1.part", parts[0]!.length);
    expect((await result("d", ["1.part"])).status).toBe(409);
    write("e", "1.part", parts[0]!);
    await feed("e", 0, "1.part", parts[0]!.length + 1);
    expect((await result("e", ["1.part"])).body.reason).toMatch(/holds \d+ bytes/);
    await feed("f", 0, "missing.part", 10);
    expect((await result("f", ["missing.part"])).status).toBe(409);
  });

  it("forgets a run when told, and reads nothing outside the blob folder", async () => {
    write("g", "1.part", parts[2]!);
    await feed("g", 0, "1.part", parts[2]!.length);
    expect((await result("g", ["1.part"])).status).toBe(200);
    expect((await post("/forget", { run: ["~multipart", "g"] })).status).toBe(204);
    expect((await result("g", ["1.part"])).body.reason).toBe("unknown run");

    const outside = join(blobs, "..", `outside-${Date.now()}`);
    writeFileSync(outside, "secret");
    for (const run of [[".."], ["~multipart", ".."], ["a/../.."], [".hidden"], []])
      expect((await post("/feed", { run, index: 0, name: "x", size: 1 })).status, JSON.stringify(run)).toBe(400);
    expect((await post("/feed", { run: ["~multipart", "h"], index: 0, name: "../x", size: 1 })).status).toBe(400);
    expect((await post("/feed", { run: ["~multipart", "h"], index: -1, name: "x", size: 1 })).status).toBe(400);
    expect((await post("/feed", "not json")).status).toBe(400);
    // A symlink in place of a file is not followed.
    mkdirSync(join(blobs, "~multipart", "h"), { recursive: true });
    symlinkSync(outside, join(blobs, "~multipart", "h", "link.part"));
    await feed("h", 0, "link.part", 6);
    expect((await result("h", ["link.part"])).status).toBe(409);
    rmSync(outside);
  });

  it("drops runs idle for a day", () => {
    const digests = new BlobDigests(blobs);
    digests.feed({ run: ["~multipart", "old"], index: 0, name: "x", size: 0 });
    expect(digests.runs).toBe(1);
    digests.sweep(Date.now() + 2 * 24 * 3600_000);
    expect(digests.runs).toBe(0);
  });
});
