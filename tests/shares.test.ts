/**
 * Share links against the real runtime: the owner makes, lists and revokes links; people without
 * an account open them, unlock password links, browse shared folders and download (or, on
 * view-only links, only look). Above all: nothing outside the shared item is reachable through a
 * link — not the folder above it, a sibling folder, another file of the owner, or another user's.
 */
import { createClient, type Client as DbClient } from "@libsql/client/web";
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "./harness/client";
import { databaseOf, removeDataDir, ROOT, startHearth, type RunningHearth } from "./harness/hearth";

const PASSWORD = "household password";
const OWNER_EMAIL = "olive@example.com";
const bytes = (text: string) => new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;
const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

describe("share links", () => {
  let hearth: RunningHearth;
  let db: DbClient;
  let owner: Client;
  let other: Client;
  /** The owner's Drive: Holidays/{Trip/{readme.txt, Day 1/{photo.png, big.bin}}, Private/diary.txt}, notes.txt. */
  const ids = {
    holidays: "",
    trip: "",
    day1: "",
    readme: "",
    photo: "",
    big: "",
    private: "",
    diary: "",
    notes: "",
    theirs: "",
  };
  const big = new Uint8Array(randomBytes(300_000)) as Uint8Array<ArrayBuffer>;

  const folder = async (client: Client, parentId: string, name: string) => {
    const created = await client.json("POST", "/api/folders", { parentId, name });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  const upload = async (client: Client, parent: string, name: string, data: Uint8Array<ArrayBuffer>) => {
    const uploaded = await client.upload(name, data, parent);
    expect(uploaded.status).toBe(201);
    return uploaded.body.id as string;
  };
  const share = (body: Record<string, unknown>, client = owner) => client.json("POST", "/api/shares", body);
  const visitor = () => new Client(hearth.url);

  beforeAll(async () => {
    hearth = await startHearth();
    db = createClient(databaseOf(hearth));
    owner = new Client(hearth.url);
    await owner.register(OWNER_EMAIL, PASSWORD, "Olive");
    expect(
      (await owner.json("POST", "/api/admin/users", { email: "sam@example.com", password: PASSWORD, name: "Sam" }))
        .status,
    ).toBe(201);
    other = new Client(hearth.url);
    expect((await other.login("sam@example.com", PASSWORD)).status).toBe(200);

    ids.holidays = await folder(owner, "root", "Holidays");
    ids.trip = await folder(owner, ids.holidays, "Trip");
    ids.day1 = await folder(owner, ids.trip, "Day 1");
    ids.private = await folder(owner, ids.holidays, "Private");
    ids.readme = await upload(owner, ids.trip, "readme.txt", bytes("pack sunscreen"));
    ids.photo = await upload(
      owner,
      ids.day1,
      "photo.png",
      new Uint8Array(readFileSync(join(ROOT, "tests", "fixtures", "small.png"))),
    );
    ids.big = await upload(owner, ids.day1, "big.bin", big);
    ids.diary = await upload(owner, ids.private, "diary.txt", bytes("dear diary"));
    ids.notes = await upload(owner, "root", "notes.txt", bytes("top-level notes"));
    ids.theirs = await upload(other, "root", "theirs.txt", bytes("sam's file"));
  });
  afterAll(async () => {
    db?.close();
    await hearth?.stop();
    if (hearth) removeDataDir(hearth.dataDir);
  });

  describe("the owner's side", () => {
    it("makes a link to their own item with an unguessable token and a /s/<token> URL, and audits it", async () => {
      const created = await share({ fileId: ids.notes });
      expect(created.status).toBe(201);
      const link = created.body;
      expect(link).toMatchObject({
        fileId: ids.notes,
        expiresAt: null,
        hasPassword: false,
        allowDownload: true,
        opens: 0,
      });
      // base64url of at least 16 random bytes: 22+ characters.
      expect(link.token).toMatch(/^[A-Za-z0-9_-]{22,}$/);
      expect(link.url).toBe(`http://localhost:${hearth.port}/s/${link.token}`);
      const audited = await db.execute({ sql: "SELECT action FROM audit_log WHERE target_id = ?", args: [link.id] });
      expect(audited.rows.map((r) => r.action)).toEqual(["share.create"]);
    });

    it("refuses links to other users' items, unknown ids and trashed items (404), and expiry dates in the past (400)", async () => {
      expect((await share({ fileId: ids.theirs })).status).toBe(404);
      expect((await share({ fileId: ids.notes }, other)).status).toBe(404);
      expect((await share({ fileId: "nosuchid" })).status).toBe(404);
      const past = await share({ fileId: ids.notes, expiresAt: new Date(Date.now() - 60_000).toISOString() });
      expect(past.status).toBe(400);
      expect(past.body.error.code).toBe("invalid_expiry");
      expect((await share({ fileId: ids.notes, allowDownload: "yes" })).status).toBe(400);
      const scratch = await folder(owner, "root", "Scratch");
      expect((await owner.json("DELETE", `/api/files/${scratch}`)).status).toBe(204);
      expect((await share({ fileId: scratch })).status).toBe(404);
    });

    it("lists the owner's links, all or for one item, and shows another user none of them", async () => {
      const link = (await share({ fileId: ids.readme })).body;
      const forItem = await owner.json("GET", `/api/shares?fileId=${ids.readme}`);
      expect(forItem.body.shares.map((s: { id: string }) => s.id)).toEqual([link.id]);
      const all = await owner.json("GET", "/api/shares");
      expect(all.body.shares.length).toBeGreaterThanOrEqual(2);
      expect(all.body.shares.every((s: { fileId: string }) => s.fileId !== ids.theirs)).toBe(true);
      expect((await other.json("GET", "/api/shares")).body.shares).toEqual([]);
      expect((await other.json("GET", `/api/shares?fileId=${ids.readme}`)).body.shares).toEqual([]);
    });

    it("revokes a link: another user cannot (404); the owner can (204, audited), after which it is gone for everyone", async () => {
      const link = (await share({ fileId: ids.readme })).body;
      expect((await other.json("DELETE", `/api/shares/${link.id}`)).status).toBe(404);
      expect((await visitor().json("GET", `/api/public/${link.token}`)).status).toBe(200);

      expect((await owner.json("DELETE", `/api/shares/${link.id}`)).status).toBe(204);
      const gone = await visitor().json("GET", `/api/public/${link.token}`);
      expect(gone.status).toBe(404);
      expect(gone.body.error.code).toBe("share_not_found");
      expect((await visitor().json("GET", `/api/public/${link.token}/files/${ids.readme}`)).status).toBe(404);
      expect((await owner.json("DELETE", `/api/shares/${link.id}`)).status).toBe(404);
      const audited = await db.execute({
        sql: "SELECT action FROM audit_log WHERE target_id = ? ORDER BY id",
        args: [link.id],
      });
      expect(audited.rows.map((r) => r.action)).toEqual(["share.create", "share.revoke"]);
    });
  });

  describe("opening a link", () => {
    it("shows the item and who shared it (by name, never email), and counts each open", async () => {
      const link = (await share({ fileId: ids.trip })).body;
      for (let i = 0; i < 3; i++) {
        const opened = await visitor().request("GET", `/api/public/${link.token}`);
        const text = await opened.text();
        expect(opened.status).toBe(200);
        expect(text).not.toContain(OWNER_EMAIL);
        expect(text).not.toContain(ids.holidays);
        const body = JSON.parse(text);
        expect(body).toMatchObject({ allowDownload: true, expiresAt: null, sharedBy: "Olive" });
        expect(body.item).toMatchObject({ id: ids.trip, name: "Trip", kind: "folder", parentId: null });
      }
      const listed = await owner.json("GET", `/api/shares?fileId=${ids.trip}`);
      expect(listed.body.shares[0].opens).toBe(3);
    });

    it("answers 404 share_not_found for a token that never existed", async () => {
      const response = await visitor().json("GET", `/api/public/${"A".repeat(43)}`);
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe("share_not_found");
    });

    it("answers 410 share_expired once the link's expiry has passed, for the item and everything in it", async () => {
      const link = (await share({ fileId: ids.trip, expiresAt: new Date(Date.now() + 3600_000).toISOString() })).body;
      expect((await visitor().json("GET", `/api/public/${link.token}`)).status).toBe(200);
      await db.execute({ sql: "UPDATE shares SET expires_at = ? WHERE id = ?", args: [Date.now() - 1000, link.id] });
      const expired = await visitor().json("GET", `/api/public/${link.token}`);
      expect(expired.status).toBe(410);
      expect(expired.body.error.code).toBe("share_expired");
      expect((await visitor().request("GET", `/api/public/${link.token}/files/${ids.readme}/content`)).status).toBe(
        410,
      );
      expect((await visitor().json("GET", `/api/public/${link.token}/files`)).status).toBe(410);
    });

    it("a password link is locked (401) until unlocked; a wrong password is refused; the unlock cookie opens only that link", async () => {
      const created = await share({ fileId: ids.trip, password: "open sesame" });
      expect(created.body.hasPassword).toBe(true);
      const stored = await db.execute({
        sql: "SELECT password_hash FROM shares WHERE id = ?",
        args: [created.body.id],
      });
      expect(String(stored.rows[0]?.password_hash)).toMatch(/^scrypt\$/);
      const token = created.body.token as string;
      const guest = visitor();

      const locked = await guest.json("GET", `/api/public/${token}`);
      expect(locked.status).toBe(401);
      expect(locked.body.error.code).toBe("password_required");
      expect(JSON.stringify(locked.body)).not.toContain("Trip");
      expect((await guest.request("GET", `/api/public/${token}/files/${ids.readme}/content`)).status).toBe(401);

      const wrong = await guest.json("POST", `/api/public/${token}/unlock`, { password: "open barley" });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.code).toBe("wrong_password");
      expect((await guest.json("GET", `/api/public/${token}`)).status).toBe(401);

      const unlocked = await guest.request("POST", `/api/public/${token}/unlock`, {
        json: { password: "open sesame" },
      });
      expect(unlocked.status).toBe(204);
      const cookie = unlocked.headers.get("set-cookie") ?? "";
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(cookie).toContain(`Path=/api/public/${token}`);
      expect((await guest.json("GET", `/api/public/${token}`)).body.item.name).toBe("Trip");
      expect(await (await guest.request("GET", `/api/public/${token}/files/${ids.readme}/content`)).text()).toBe(
        "pack sunscreen",
      );

      // The cookie is bound to its link: another link with the same password stays locked...
      const sibling = (await share({ fileId: ids.trip, password: "open sesame" })).body.token as string;
      expect((await guest.json("GET", `/api/public/${sibling}`)).status).toBe(401);
      // ...and a made-up cookie opens nothing.
      const forged = await fetch(`${hearth.url}/api/public/${token}`, {
        headers: { cookie: `hearth_share_unlock=${Date.now() + 3600_000}.${"A".repeat(43)}` },
      });
      expect(forged.status).toBe(401);
    });

    it("a share of a trashed item does not open until the item is restored", async () => {
      const link = (await share({ fileId: ids.trip })).body;
      expect((await owner.json("DELETE", `/api/files/${ids.holidays}`)).status).toBe(204);
      expect((await visitor().json("GET", `/api/public/${link.token}`)).status).toBe(404);
      expect((await visitor().request("GET", `/api/public/${link.token}/files/${ids.readme}/content`)).status).toBe(
        404,
      );
      expect((await owner.json("POST", `/api/files/${ids.holidays}/restore`)).status).toBe(200);
      expect((await visitor().json("GET", `/api/public/${link.token}`)).status).toBe(200);
    });
  });

  describe("inside a shared folder", () => {
    let token = "";
    beforeAll(async () => {
      token = (await share({ fileId: ids.trip })).body.token;
    });

    it("lists the shared folder and a subfolder, with a path that starts at the shared folder", async () => {
      const top = await visitor().json("GET", `/api/public/${token}/files`);
      expect(top.status).toBe(200);
      expect(top.body.items.map((i: { name: string }) => i.name)).toEqual(["Day 1", "readme.txt"]);
      expect(top.body.folder).toMatchObject({ id: ids.trip, parentId: null });
      expect(top.body.path).toEqual([{ id: ids.trip, name: "Trip" }]);

      const sub = await visitor().json("GET", `/api/public/${token}/files?parent=${ids.day1}`);
      expect(sub.status).toBe(200);
      expect(sub.body.items.map((i: { name: string }) => i.name).sort()).toEqual(["big.bin", "photo.png"]);
      expect(sub.body.path).toEqual([
        { id: ids.trip, name: "Trip" },
        { id: ids.day1, name: "Day 1" },
      ]);
      expect(JSON.stringify(sub.body)).not.toContain(ids.holidays);
      expect((await visitor().json("GET", `/api/public/${token}/files/${ids.big}`)).body).toMatchObject({
        name: "big.bin",
        size: big.length,
        parentId: ids.day1,
      });
    });

    it("downloads a file inside: whole (SHA-256 matches), by Range, and 304 on a matching ETag", async () => {
      const path = `/api/public/${token}/files/${ids.big}/content`;
      const whole = await visitor().request("GET", path);
      expect(whole.status).toBe(200);
      expect(sha256(new Uint8Array(await whole.arrayBuffer()))).toBe(sha256(big));
      const etag = whole.headers.get("etag")!;
      expect(etag).toBe(`"${sha256(big)}"`);

      const part = await visitor().request("GET", path, { headers: { range: "bytes=1000-1999" } });
      expect(part.status).toBe(206);
      expect(part.headers.get("content-range")).toBe(`bytes 1000-1999/${big.length}`);
      expect(new Uint8Array(await part.arrayBuffer())).toEqual(big.slice(1000, 2000));

      const cached = await visitor().request("GET", path, { headers: { "if-none-match": etag } });
      expect(cached.status).toBe(304);
    });

    it("downloads the whole shared folder as a ZIP holding only what is inside it", async () => {
      const zip = await visitor().request("GET", `/api/public/${token}/zip`);
      expect(zip.status).toBe(200);
      expect(zip.headers.get("content-type")).toBe("application/zip");
      const archive = Buffer.from(await zip.arrayBuffer());
      expect(archive.subarray(0, 2).toString()).toBe("PK");
      for (const name of ["Trip/readme.txt", "Trip/Day 1/big.bin", "Trip/Day 1/photo.png"])
        expect(archive.includes(name)).toBe(true);
      for (const name of ["diary.txt", "notes.txt", "Private", "Holidays"]) expect(archive.includes(name)).toBe(false);
    });

    it("refuses every id outside the shared folder with 404: the parent, a sibling folder and its file, the owner's other file, another user's file", async () => {
      const outside = {
        parent: ids.holidays,
        sibling: ids.private,
        inSibling: ids.diary,
        ownerOther: ids.notes,
        otherUser: ids.theirs,
        unknown: "nosuchid",
      };
      const failures: string[] = [];
      for (const [what, id] of Object.entries(outside)) {
        for (const path of [
          `/files/${id}`,
          `/files/${id}/content`,
          `/files/${id}/thumbnail?size=240`,
          `/files?parent=${id}`,
        ]) {
          const response = await visitor().request("GET", `/api/public/${token}${path}`);
          const text = await response.text();
          if (response.status !== 404 || /diary|notes|theirs|Holidays|Private/.test(text))
            failures.push(`${what} ${path} → ${response.status} ${text}`);
        }
      }
      expect(failures).toEqual([]);
    });

    it("stops serving a subfolder's files once that subfolder is in the trash", async () => {
      expect((await owner.json("DELETE", `/api/files/${ids.day1}`)).status).toBe(204);
      expect((await visitor().request("GET", `/api/public/${token}/files/${ids.big}/content`)).status).toBe(404);
      expect((await visitor().json("GET", `/api/public/${token}/files?parent=${ids.day1}`)).status).toBe(404);
      expect((await owner.json("POST", `/api/files/${ids.day1}/restore`)).status).toBe(200);
      expect((await visitor().request("GET", `/api/public/${token}/files/${ids.big}/content`)).status).toBe(200);
    });
  });

  describe("a shared file", () => {
    it("is served by its own id, and nothing else is: not a listing, not its folder's other files", async () => {
      const token = (await share({ fileId: ids.readme })).body.token;
      const opened = await visitor().json("GET", `/api/public/${token}`);
      expect(opened.body.item).toMatchObject({ id: ids.readme, name: "readme.txt", parentId: null });
      expect(await (await visitor().request("GET", `/api/public/${token}/files/${ids.readme}/content`)).text()).toBe(
        "pack sunscreen",
      );
      expect((await visitor().json("GET", `/api/public/${token}/files`)).status).toBe(404);
      expect((await visitor().json("GET", `/api/public/${token}/files/${ids.trip}`)).status).toBe(404);
      expect((await visitor().json("GET", `/api/public/${token}/files/${ids.day1}`)).status).toBe(404);
    });
  });

  describe("a view-only link", () => {
    it("serves thumbnails but refuses downloads (403 download_not_allowed), also as a ZIP", async () => {
      // Thumbnails are made by the media process: wait for them.
      const deadline = Date.now() + 120_000;
      while ((await owner.json("GET", `/api/files/${ids.photo}`)).body.thumbnails?.length !== 2) {
        if (Date.now() > deadline) throw new Error("thumbnails were not made in time");
        await new Promise((r) => setTimeout(r, 250));
      }
      const created = await share({ fileId: ids.trip, allowDownload: false });
      expect(created.body.allowDownload).toBe(false);
      const token = created.body.token;
      expect((await visitor().json("GET", `/api/public/${token}`)).body.allowDownload).toBe(false);

      const thumbnail = await visitor().request("GET", `/api/public/${token}/files/${ids.photo}/thumbnail?size=240`);
      expect(thumbnail.status).toBe(200);
      expect(thumbnail.headers.get("content-type")).toBe("image/jpeg");
      expect((await thumbnail.arrayBuffer()).byteLength).toBeGreaterThan(100);

      const download = await visitor().json("GET", `/api/public/${token}/files/${ids.photo}/content`);
      expect(download.status).toBe(403);
      expect(download.body.error.code).toBe("download_not_allowed");
      expect((await visitor().request("GET", `/api/public/${token}/zip`)).status).toBe(403);
      // Outside ids stay 404 (not 403) on a view-only link too: no hint that they exist.
      expect((await visitor().request("GET", `/api/public/${token}/files/${ids.diary}/content`)).status).toBe(404);
    });
  });
});
