/**
 * Issue 12 against the real runtime: a full disk answers 507 insufficient_storage (PUT and tus,
 * before bytes flow and when the disk fills part-way) and keeps nothing; the admin page's free
 * space; extra bytes on a finished tus upload are refused; a database that stops answering makes
 * requests fail fast with 503 database_unavailable and Retry-After, and /health says so.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "./harness/client";
import { removeDataDir, startHearth, type RunningHearth } from "./harness/hearth";

const TUS = { "tus-resumable": "1.0.0" };
const DATA = { ...TUS, "content-type": "application/offset+octet-stream" };
const MiB = 1024 * 1024;
const metadata = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString("base64")}`)
    .join(",");

/** Every regular file under a folder (bytes left behind would show here). */
function filesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(path));
    else if (statSync(path).size > 0) found.push(path);
  }
  return found;
}

const isRoot = process.getuid?.() === 0;

describe.skipIf(!isRoot)("a full disk (a 48 MiB tmpfs data folder; needs root to mount)", () => {
  let hearth: RunningHearth;
  let me: Client;
  let mountPoint: string;

  beforeAll(async () => {
    mountPoint = join(tmpdir(), `hearth-full-${process.pid}`);
    mkdirSync(mountPoint, { recursive: true });
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=48m", "tmpfs", mountPoint]);
    hearth = await startHearth({ dataDir: mountPoint });
    me = new Client(hearth.url);
    await me.register("full@example.com", "full disk password", "Full");
  });
  afterAll(async () => {
    await hearth?.stop();
    execFileSync("umount", [mountPoint]);
    rmdirSync(mountPoint);
  });

  it("an upload that cannot fit is refused with 507 before its bytes flow, for PUT and tus", async () => {
    const put = await me.request("PUT", "/api/files/content?parent=root&name=huge.bin", {
      body: new Blob([new Uint8Array(60 * MiB)]),
    });
    expect(put.status).toBe(507);
    expect((await put.json()).error).toMatchObject({
      code: "insufficient_storage",
      message: expect.stringContaining("Hearth's disk is full"),
    });
    const tus = await me.request("POST", "/api/uploads", {
      headers: { ...TUS, "upload-length": String(60 * MiB), "upload-metadata": metadata({ filename: "huge.bin" }) },
    });
    expect(tus.status).toBe(507);
  });

  it("a body of unknown length that fills the disk part-way: 507, and nothing is kept", async () => {
    const chunk = randomBytes(MiB);
    const put = async () => {
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ >= 60) controller.close();
          else controller.enqueue(chunk);
        },
      });
      const response = await me.request("PUT", "/api/files/content?parent=root&name=stream.bin", { body });
      return { status: response.status, code: (await response.json()).error.code };
    };
    // The answer comes while the client is still sending; the server then closes a connection with
    // unread bytes in it, and the reset can reach the client before the answer's body ("terminated").
    // Nothing may be kept either way; a second try reads the answer.
    let answer: { status: number; code: string } | undefined;
    for (let attempt = 0; attempt < 3 && !answer; attempt++) {
      answer = await put().catch(async (error: Error) => {
        if (!/terminated|fetch failed|other side closed/.test(`${error.message} ${error.cause ?? ""}`)) throw error;
        await expect.poll(() => filesUnder(join(mountPoint, "blobs")), { timeout: 10_000 }).toEqual([]);
        return undefined;
      });
    }
    expect(answer).toEqual({ status: 507, code: "insufficient_storage" });
    expect(filesUnder(join(mountPoint, "blobs"))).toEqual([]);
    // Room again for what fits.
    const small = await me.upload("small.txt", new TextEncoder().encode("still works") as Uint8Array<ArrayBuffer>);
    expect(small.status).toBe(201);
  });

  it("the admin page sees the data folder's free space and warns when it is low", async () => {
    const { status, body } = await me.json("GET", "/api/admin/storage");
    expect(status).toBe(200);
    expect(body.disk.totalBytes).toBeLessThanOrEqual(48 * MiB);
    expect(body.disk.freeBytes).toBeLessThan(body.disk.totalBytes);
    expect(body.disk.writable).toBe(true);
    expect(body.low).toBe(true);
  });
});

describe("faults a client can see", () => {
  let hearth: RunningHearth;
  let me: Client;

  beforeAll(async () => {
    hearth = await startHearth();
    me = new Client(hearth.url);
    await me.register("faults@example.com", "faults user password", "Faults");
  });
  afterAll(async () => {
    await hearth?.stop();
    if (hearth) removeDataDir(hearth.dataDir);
  });

  it("extra bytes on a finished tus upload are refused, not dropped with 204", async () => {
    const created = await me.request("POST", "/api/uploads", {
      headers: { ...TUS, "upload-length": "5", "upload-metadata": metadata({ filename: "five.txt" }) },
    });
    const location = created.headers.get("location")!;
    const done = await me.request("PATCH", location, { headers: { ...DATA, "upload-offset": "0" }, body: "12345" });
    expect(done.status).toBe(204);
    const retry = await me.request("PATCH", location, { headers: { ...DATA, "upload-offset": "0" }, body: "12345" });
    expect(retry.status).toBe(204); // the last chunk again (its answer was lost): answered as the first time
    const extra = await me.request("PATCH", location, { headers: { ...DATA, "upload-offset": "5" }, body: "678" });
    expect(extra.status).toBe(413);
    expect((await extra.json()).error.code).toBe("beyond_upload_length");
  });

  it("a database that stops answering: 503 database_unavailable with Retry-After, and /health says down", async () => {
    // Hearth's own sqld (its child), and only once the kernel says it is stopped.
    const sqld = execFileSync("pgrep", [
      "-P",
      String(hearth.process.pid),
      "-f",
      `db-path ${join(hearth.dataDir, "db")}`,
    ])
      .toString()
      .trim()
      .split("\n");
    expect(sqld).toHaveLength(1);
    process.kill(Number(sqld[0]), "SIGSTOP");
    const state = () => readFileSync(`/proc/${sqld[0]}/stat`, "utf8").split(") ")[1]![0];
    while (state() !== "T") await new Promise((resolve) => setTimeout(resolve, 10));
    try {
      const listing = await me.request("GET", "/api/files?parent=root");
      expect(listing.status).toBe(503);
      expect(listing.headers.get("retry-after")).toBe("5");
      expect((await listing.json()).error.code).toBe("database_unavailable");
      const health = await fetch(`${hearth.url}/health`);
      expect(health.status).toBe(503);
      expect((await health.json()).db).toBe("down");
    } finally {
      process.kill(Number(sqld[0]), "SIGCONT");
    }
    expect((await me.request("GET", "/api/files?parent=root")).status).toBe(200);
  });
});
