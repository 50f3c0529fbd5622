/**
 * Drive behaviour against the real runtime: names that clash, moves, copies, stars, search,
 * deduplication on disk, quotas enforced before bytes flow, the trash (restore into re-created
 * folders, delete forever, purge that keeps shared bytes), and ZIP downloads opened by `unzip`.
 */
import { createClient, type Client as DbClient } from "@libsql/client/web";
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "./harness/client";
import {
  blobOnDisk,
  databaseOf,
  removeDataDir,
  mediaProcessAddress,
  startHearth,
  type RunningHearth,
} from "./harness/hearth";

const bytes = (text: string) => new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;
const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

/** Total size of the files under a folder, as `du` would count them. */
function diskUsage(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? diskUsage(path) : statSync(path).size;
  }
  return total;
}

describe("Drive", () => {
  let hearth: RunningHearth;
  let db: DbClient;
  let me: Client;
  const folder = async (name: string, parentId: string | null = null) =>
    (await me.json("POST", "/api/folders", { parentId, name })).body;
  const list = async (parent = "root") => (await me.json("GET", `/api/files?parent=${parent}`)).body.items as any[];
  const names = async (parent = "root") => (await list(parent)).map((i) => i.name);

  beforeAll(async () => {
    // Long idle time: a test below calls the media process's /maintenance directly.
    hearth = await startHearth({ env: { MEDIA_IDLE_SECONDS: "3600" } });
    db = createClient(databaseOf(hearth));
    me = new Client(hearth.url);
    await me.register("drive@example.com", "drive user password", "Drive");
  });
  afterAll(async () => {
    await hearth?.stop();
    if (hearth) removeDataDir(hearth.dataDir);
  });

  it("a taken name is refused, kept as “name (1)”, or replaced, as asked", async () => {
    const parent = await folder("Clashes");
    await me.upload("report.pdf", bytes("v1"), parent.id);
    expect((await me.json("POST", "/api/folders", { parentId: parent.id, name: "REPORT.pdf" })).status).toBe(409);
    const second = await me.upload("report.pdf", bytes("v2"), parent.id);
    expect(second.body.name).toBe("report (1).pdf");
    const replaced = await me.request(
      "PUT",
      `/api/files/content?parent=${parent.id}&name=report.pdf&onConflict=replace`,
      { body: "v3" },
    );
    expect(replaced.status).toBe(201);
    expect((await names(parent.id)).sort()).toEqual(["report (1).pdf", "report.pdf"]);
    const current = (await list(parent.id)).find((i) => i.name === "report.pdf");
    expect(await (await me.request("GET", `/api/files/${current.id}/content`)).text()).toBe("v3");
    expect((await me.json("GET", "/api/trash")).body.items.map((i: any) => i.name)).toContain("report.pdf");
  });

  it("lists folders first with breadcrumbs, sorted by name, date or size", async () => {
    const top = await folder("Sorting");
    const inner = await folder("Inner", top.id);
    await me.upload("b-big.txt", bytes("x".repeat(300)), top.id);
    await me.upload("a-small.txt", bytes("x"), top.id);
    await me.upload("c-mid.txt", bytes("x".repeat(20)), top.id);
    const byName = await me.json("GET", `/api/files?parent=${top.id}`);
    expect(byName.body.items.map((i: any) => i.name)).toEqual(["Inner", "a-small.txt", "b-big.txt", "c-mid.txt"]);
    const bySize = await me.json("GET", `/api/files?parent=${top.id}&sort=size&order=desc`);
    expect(bySize.body.items.map((i: any) => i.name)).toEqual(["Inner", "b-big.txt", "c-mid.txt", "a-small.txt"]);
    const deep = await me.json("GET", `/api/files?parent=${inner.id}`);
    expect(deep.body.path).toEqual([
      { id: top.id, name: "Sorting" },
      { id: inner.id, name: "Inner" },
    ]);
    expect(deep.body.folder.id).toBe(inner.id);
  });

  it("pages big listings with limit and cursor, in order, without gaps", async () => {
    const paged = await folder("Paged");
    for (const n of [5, 3, 1, 4, 2]) await me.upload(`file-${n}.txt`, bytes(String(n)), paged.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const after: string = cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`;
      const page: any = (await me.json("GET", `/api/files?parent=${paged.id}&limit=2${after}`)).body;
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i: any) => i.name));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(["file-1.txt", "file-2.txt", "file-3.txt", "file-4.txt", "file-5.txt"]);
    expect((await me.json("GET", `/api/files?parent=${paged.id}&limit=0`)).status).toBe(400);
    // The cursor is the server's (a position, not a count): anything else is refused.
    expect((await me.json("GET", `/api/files?parent=${paged.id}&limit=2&cursor=2`)).status).toBe(400);
  });

  it("moves a folder with everything in it by changing one row, and never into itself", async () => {
    const a = await folder("Move A");
    const b = await folder("Move B");
    const child = await folder("Child", a.id);
    await me.upload("deep.txt", bytes("deep"), child.id);
    expect((await me.json("PATCH", `/api/files/${a.id}`, { parentId: child.id })).status).toBe(400);
    const moved = await me.json("PATCH", `/api/files/${a.id}`, { parentId: b.id });
    expect(moved.body.parentId).toBe(b.id);
    expect(await names(child.id)).toEqual(["deep.txt"]);
    const path = (await me.json("GET", `/api/files?parent=${child.id}`)).body.path.map((s: any) => s.name);
    expect(path).toEqual(["Move B", "Move A", "Child"]);
  });

  it("copies a folder tree without copying bytes", async () => {
    const source = await folder("Copy source");
    const sub = await folder("Sub", source.id);
    await me.upload("one.txt", bytes("one"), sub.id);
    const before = diskUsage(join(hearth.dataDir, "blobs"));
    const copy = await me.json("POST", `/api/files/${source.id}/copy`, { parentId: null });
    expect(copy.status).toBe(201);
    expect(copy.body.name).toBe("Copy source (1)");
    const copiedSub = (await list(copy.body.id))[0];
    const copiedFile = (await list(copiedSub.id))[0];
    expect(await (await me.request("GET", `/api/files/${copiedFile.id}/content`)).text()).toBe("one");
    expect(diskUsage(join(hearth.dataDir, "blobs"))).toBe(before);
  });

  it("stars, recent and search by part of a name", async () => {
    const holiday = await folder("Vacation 2024");
    const photo = (await me.upload("IMG_2041.jpg", bytes("not really a jpeg"), holiday.id)).body;
    await me.upload("notes-100%.txt", bytes("percent"));
    expect((await me.json("PUT", `/api/files/${photo.id}/star`)).body.starred).toBe(true);
    expect((await me.json("GET", "/api/starred")).body.items.map((i: any) => i.id)).toEqual([photo.id]);
    expect((await me.json("GET", "/api/recent")).body.items[0].name).toBe("notes-100%.txt");
    expect((await me.json("GET", "/api/search?q=2041")).body.items.map((i: any) => i.name)).toEqual(["IMG_2041.jpg"]);
    expect((await me.json("GET", "/api/search?q=vacat")).body.items.map((i: any) => i.name)).toEqual(["Vacation 2024"]);
    expect((await me.json("GET", "/api/search?q=100%25")).body.items.map((i: any) => i.name)).toEqual([
      "notes-100%.txt",
    ]);
    expect((await me.json("GET", "/api/search?q=_")).body.items.map((i: any) => i.name)).toContain("IMG_2041.jpg");
    await me.request("DELETE", `/api/files/${holiday.id}`);
    expect((await me.json("GET", "/api/search?q=2041")).body.items).toEqual([]);
    expect((await me.json("GET", "/api/starred")).body.items).toEqual([]);
  });

  it("a second upload of the same bytes stores no second copy", async () => {
    const data = randomBytes(2 * 1024 * 1024) as Uint8Array<ArrayBuffer>;
    await me.upload("original.bin", data);
    const before = diskUsage(join(hearth.dataDir, "blobs"));
    const again = await me.upload("copy-of-original.bin", data);
    expect(again.status).toBe(201);
    expect(diskUsage(join(hearth.dataDir, "blobs"))).toBe(before);
    expect(
      sha256(new Uint8Array(await (await me.request("GET", `/api/files/${again.body.id}/content`)).arrayBuffer())),
    ).toBe(sha256(data));
    const blobs = await db.execute({ sql: "SELECT count(*) AS n FROM blobs WHERE sha256 = ?", args: [sha256(data)] });
    expect(blobs.rows[0]?.n).toBe(1);
  });

  it("a 100 MiB upload (stored in pieces, hashed beside the upload) keeps its bytes and SHA-256, and a second copy stores nothing", async () => {
    const data = randomBytes(100 * 1024 * 1024 + 7) as Uint8Array<ArrayBuffer>;
    const first = await me.upload("video.mov", data);
    expect(first.status).toBe(201);
    expect(first.body.sha256).toBe(sha256(data));
    const before = diskUsage(join(hearth.dataDir, "blobs"));
    const again = await me.upload("video copy.mov", data);
    expect(again.body.sha256).toBe(sha256(data));
    expect(diskUsage(join(hearth.dataDir, "blobs"))).toBe(before);
    const content = await me.request("GET", `/api/files/${again.body.id}/content`);
    expect(sha256(new Uint8Array(await content.arrayBuffer()))).toBe(sha256(data));
    // Bytes either side of where one 32 MiB piece ends and the next begins.
    const from = 32 * 1024 * 1024 - 10;
    const range = await me.request("GET", `/api/files/${first.body.id}/content`, {
      headers: { range: `bytes=${from}-${from + 19}` },
    });
    expect(range.status).toBe(206);
    expect(Buffer.from(await range.arrayBuffer()).equals(Buffer.from(data.subarray(from, from + 20)))).toBe(true);
  });

  it("six 20 MiB uploads at once each keep their own bytes (read buffers pass from one request to the next)", async () => {
    const files = Array.from({ length: 6 }, () => randomBytes(20 * 1024 * 1024 + 1) as Uint8Array<ArrayBuffer>);
    const uploaded = await Promise.all(files.map((data, i) => me.upload(`parallel-${i}.bin`, data)));
    for (const [i, { status, body }] of uploaded.entries()) {
      expect(status).toBe(201);
      expect(body.sha256).toBe(sha256(files[i]!));
      const content = await me.request("GET", `/api/files/${body.id}/content`);
      expect(sha256(new Uint8Array(await content.arrayBuffer()))).toBe(sha256(files[i]!));
    }
  });

  it("24 uploads at once all arrive (no request waits on another's database client)", async () => {
    const parent = await folder("Parallel");
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) => me.upload(`p-${i}.txt`, bytes(`file ${i}`), parent.id)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(24).fill(201));
    expect((await names(parent.id)).length).toBe(24);
    expect((await me.upload("after.txt", bytes("still works"), parent.id)).status).toBe(201);
  });

  it("an upload over quota is refused before its bytes flow, and usage is shown", async () => {
    const used = (await me.json("GET", "/api/me")).body.user.usedBytes as number;
    expect(used).toBeGreaterThan(2 * 1024 * 1024);
    await db.execute({
      sql: "UPDATE users SET quota_bytes = ? WHERE email = 'drive@example.com'",
      args: [used + 1000],
    });
    const blobsBefore = diskUsage(join(hearth.dataDir, "blobs"));
    const refused = await me.request("PUT", "/api/files/content?parent=root&name=too-big.bin", {
      body: new Uint8Array(5000),
      headers: { "content-length": "5000" },
    });
    expect(refused.status).toBe(413);
    expect((await refused.json()).error.code).toBe("quota_exceeded");
    expect(diskUsage(join(hearth.dataDir, "blobs"))).toBe(blobsBefore);
    expect(await names()).not.toContain("too-big.bin");
    expect((await me.upload("fits.txt", bytes("small"))).status).toBe(201);
    expect((await me.json("GET", "/api/me")).body.user).toMatchObject({ quotaBytes: used + 1000, usedBytes: used + 5 });
    await db.execute("UPDATE users SET quota_bytes = NULL");
  });

  it("restores a file whose folder was deleted forever into a re-created folder", async () => {
    const photos = await folder("Photos");
    const year = await folder("2019", photos.id);
    const beach = (await me.upload("beach.txt", bytes("sand"), year.id)).body;
    await me.request("DELETE", `/api/files/${beach.id}`);
    await me.request("DELETE", `/api/files/${photos.id}`);
    const trash = (await me.json("GET", "/api/trash")).body.items;
    expect(trash.find((i: any) => i.id === beach.id).originalPath).toBe("/Photos/2019");
    expect((await me.request("DELETE", `/api/trash/${photos.id}`)).status).toBe(204);
    expect((await me.json("GET", `/api/files/${year.id}`)).status).toBe(404);

    const restored = await me.json("POST", `/api/files/${beach.id}/restore`);
    expect(restored.status).toBe(200);
    const newPhotos = (await list()).find((i) => i.name === "Photos");
    const newYear = (await list(newPhotos.id)).find((i: any) => i.name === "2019");
    expect(await names(newYear.id)).toEqual(["beach.txt"]);
    expect(await (await me.request("GET", `/api/files/${beach.id}/content`)).text()).toBe("sand");
  });

  it("restoring a trashed folder brings back what was inside it, not what was trashed before", async () => {
    const album = await folder("Album");
    const kept = (await me.upload("kept.txt", bytes("k"), album.id)).body;
    const gone = (await me.upload("gone-earlier.txt", bytes("g"), album.id)).body;
    await me.request("DELETE", `/api/files/${gone.id}`);
    await me.request("DELETE", `/api/files/${album.id}`);
    expect((await me.json("GET", `/api/files/${kept.id}`)).status).toBe(404);
    await me.json("POST", `/api/files/${album.id}/restore`);
    expect(await names(album.id)).toEqual(["kept.txt"]);
    expect((await me.json("GET", "/api/trash")).body.items.map((i: any) => i.id)).toContain(gone.id);
  });

  it("the purge deletes bytes only when no file uses them any more", async () => {
    const shared = randomBytes(4096) as Uint8Array<ArrayBuffer>;
    const first = (await me.upload("shared-a.bin", shared)).body;
    const second = (await me.upload("shared-b.bin", shared)).body;
    const key = (await db.execute({ sql: "SELECT key FROM blobs WHERE sha256 = ?", args: [sha256(shared)] })).rows[0]
      ?.key as string;
    const onDisk = () => blobOnDisk(hearth.dataDir, key);
    expect(onDisk()).toBe(true);
    const media = await mediaProcessAddress(hearth);
    const purge = async () =>
      (await (await fetch(`http://${media}/maintenance`, { method: "POST" })).json()) as { purgedFromTrash: number };

    await me.request("DELETE", `/api/files/${first.id}`);
    await db.execute({
      sql: "UPDATE files SET trashed_at = ? WHERE id = ?",
      args: [Date.now() - 31 * 24 * 3600_000, first.id],
    });
    expect((await purge()).purgedFromTrash).toBe(1);
    expect((await me.json("GET", "/api/trash")).body.items.map((i: any) => i.id)).not.toContain(first.id);
    expect(onDisk()).toBe(true);

    await me.request("DELETE", `/api/files/${second.id}`);
    expect((await purge()).purgedFromTrash).toBe(0);
    await db.execute({
      sql: "UPDATE files SET trashed_at = ? WHERE id = ?",
      args: [Date.now() - 31 * 24 * 3600_000, second.id],
    });
    expect((await purge()).purgedFromTrash).toBe(1);
    expect(onDisk()).toBe(false);
  });

  it("empties the trash", async () => {
    await me.upload("doomed.txt", bytes("d")).then((r) => me.request("DELETE", `/api/files/${r.body.id}`));
    const emptied = await me.json("DELETE", "/api/trash");
    expect(emptied.body.deleted).toBeGreaterThan(0);
    expect((await me.json("GET", "/api/trash")).body.items).toEqual([]);
  });

  it("downloads a nested folder as a ZIP that unzip opens, names and bytes intact", async () => {
    const top = await folder("Zip me");
    const nested = await folder("Nested ünïcode", top.id);
    const big = randomBytes(3 * 1024 * 1024) as Uint8Array<ArrayBuffer>;
    await me.upload("top.txt", bytes("top level"), top.id);
    await me.upload("big.bin", big, nested.id);
    await folder("Empty", top.id);
    const response = await me.request("GET", `/api/zip?ids=${top.id}&name=Zip me`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    expect(response.headers.get("content-disposition")).toMatch(/attachment; filename="Zip me.zip"/);
    const dir = mkdtempSync(join(tmpdir(), "hearth-zip-"));
    writeFileSync(join(dir, "download.zip"), Buffer.from(await response.arrayBuffer()));
    execFileSync("unzip", ["-q", "download.zip", "-d", "out"], { cwd: dir });
    expect(readFileSync(join(dir, "out", "Zip me", "top.txt"), "utf8")).toBe("top level");
    expect(sha256(readFileSync(join(dir, "out", "Zip me", "Nested ünïcode", "big.bin")))).toBe(sha256(big));
    expect(existsSync(join(dir, "out", "Zip me", "Empty"))).toBe(true);
    expect((await me.request("GET", "/api/zip?ids=nope")).status).toBe(404);
    removeDataDir(dir);
  });

  it("hostile names are refused with a clear message and change nothing", async () => {
    const before = await names();
    for (const name of [
      "../x",
      "a/b",
      "nul\u0000byte",
      "x".repeat(1000),
      "evil\u202Egpj.exe",
      "CON",
      " padded",
      "trailing.",
      "..",
    ]) {
      const response = await me.json("POST", "/api/folders", { parentId: null, name });
      expect({ name, status: response.status }).toEqual({ name, status: 400 });
      expect(response.body.error.message.length).toBeGreaterThan(10);
      const upload = await me.request("PUT", `/api/files/content?parent=root&name=${encodeURIComponent(name)}`, {
        body: "x",
      });
      expect(upload.status).toBe(400);
    }
    expect(await names()).toEqual(before);
  });

  it("a file that could run script is served as a sandboxed attachment", async () => {
    const page = (await me.upload("page.html", bytes("<script>alert(1)</script>"))).body;
    const response = await me.request("GET", `/api/files/${page.id}/content`);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment/);
    expect(response.headers.get("content-type")).toBe("application/octet-stream");
    expect(response.headers.get("content-security-policy")).toMatch(/sandbox/);
    const svg = (await me.upload("icon.svg", bytes("<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>")))
      .body;
    expect((await me.request("GET", `/api/files/${svg.id}/content`)).headers.get("content-disposition")).toMatch(
      /^attachment/,
    );
  });
});
