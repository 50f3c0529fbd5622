/** Share links as a visitor and an owner meet them: core/shares.ts and core/share-visits.ts. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testServices, type TestServices } from "../../tests/harness/core-services";
import { thumbnailKey } from "../lib/blob-keys";
import { newId } from "../lib/ids";
import { recordUpload } from "./uploads";
import { insertItem } from "../repositories/files";
import { saveMedia } from "../repositories/jobs";
import { moveToTrash, restoreFromTrash } from "./trash";
import { insertUser } from "../repositories/users";
import { serveThumbnail } from "../http/serve-blob";
import {
  getSharedItem,
  listSharedFolder,
  sharedFileToDownload,
  sharedFileToPreview,
  sharedZip,
  viewShare,
} from "./share-visits";
import { createShareLink, listShareLinks, revokeShareLink, unlockShare, UNLOCK_LIFETIME_MS } from "./shares";
import type { PublicShareResponse } from "@hearth/contract";

/** The shared item of a file or folder link's landing page. */
function itemOf(opened: PublicShareResponse) {
  if (opened.kind !== "item") throw new Error(`expected an item link, got ${opened.kind}`);
  return opened.item;
}

const HOUR = 3600_000;

let services: TestServices;
let owner: string;
let other: string;
let ids: Awaited<ReturnType<typeof seedDrives>>;

async function user(name: string): Promise<string> {
  const id = newId();
  const now = services.now();
  await insertUser(services.db, { id, email: `${name}@example.com`, name, passwordHash: "x", now, role: "member" });
  return id;
}

async function folder(ownerId: string, parentId: string | null, name: string): Promise<string> {
  const createdAt = services.now();
  const row = { id: newId(), ownerId, parentId, name, kind: "folder" as const, size: 0, createdAt };
  return (await insertItem(services.db, { ...row, updatedAt: createdAt })).id;
}

async function upload(ownerId: string, parentId: string | null, name: string, mime: string, text: string) {
  const bytes = new TextEncoder().encode(text);
  const key = `originals/${newId()}`;
  await services.bucket.put(key, bytes);
  const item = await recordUpload(services, {
    ownerId,
    parentId,
    name,
    mime,
    key,
    size: bytes.byteLength,
    sha256: newId(),
    onConflict: "keepBoth",
  });
  return item.id;
}

const refused = (status: number, code: string) => expect.objectContaining({ status, code });

/** Holidays/Trip/{Day 1/beach.jpg, plan.txt}, Holidays/Private/diary.txt, and the other user's theirs.txt. */
async function seedDrives() {
  const holidays = await folder(owner, null, "Holidays");
  const trip = await folder(owner, holidays, "Trip");
  const day1 = await folder(owner, trip, "Day 1");
  const beach = await upload(owner, day1, "beach.jpg", "image/jpeg", "not really a jpeg");
  const plan = await upload(owner, trip, "plan.txt", "text/plain", "fly out on friday");
  const privateFolder = await folder(owner, holidays, "Private");
  const diary = await upload(owner, privateFolder, "diary.txt", "text/plain", "dear diary");
  const theirs = await upload(other, null, "theirs.txt", "text/plain", "sam's file");
  return { holidays, trip, day1, beach, plan, private: privateFolder, diary, theirs };
}

beforeEach(async () => {
  services = await testServices();
  owner = await user("olive");
  other = await user("sam");
  ids = await seedDrives();
});

afterEach(async () => {
  await services.close();
});

describe("the owner's side", () => {
  it("a link is made only to the owner's own live items, with an expiry in the future", async () => {
    await expect(createShareLink(services, owner, { fileId: ids.theirs })).rejects.toEqual(refused(404, "not_found"));
    await expect(createShareLink(services, other, { fileId: ids.trip })).rejects.toEqual(refused(404, "not_found"));
    const past = new Date(services.now() - 60_000).toISOString();
    await expect(createShareLink(services, owner, { fileId: ids.trip, expiresAt: past })).rejects.toEqual(
      refused(400, "invalid_expiry"),
    );
    await moveToTrash(services, owner, ids.private);
    await expect(createShareLink(services, owner, { fileId: ids.diary })).rejects.toEqual(refused(404, "not_found"));
  });

  it("revoking ends the link for everyone; only the owner can revoke it", async () => {
    const link = await createShareLink(services, owner, { fileId: ids.trip });
    await expect(revokeShareLink(services, other, link.id)).rejects.toEqual(refused(404, "not_found"));
    expect(itemOf(await viewShare(services, { token: link.token })).id).toBe(ids.trip);

    await revokeShareLink(services, owner, link.id);
    await expect(viewShare(services, { token: link.token })).rejects.toEqual(refused(404, "share_not_found"));
    const gone = refused(404, "share_not_found");
    await expect(getSharedItem(services, { token: link.token }, ids.plan)).rejects.toEqual(gone);
    expect(await listShareLinks(services, owner)).toEqual([]);
  });
});

describe("opening a link", () => {
  it("a share link opens its item, names who shared it, and counts each open", async () => {
    const link = await createShareLink(services, owner, { fileId: ids.trip });
    const opened = await viewShare(services, { token: link.token });
    await viewShare(services, { token: link.token });
    expect(opened).toMatchObject({ allowDownload: true, expiresAt: null, sharedBy: "olive" });
    // The shared item's own parent lies outside the share: a visitor does not see it.
    expect(itemOf(opened)).toMatchObject({ id: ids.trip, name: "Trip", kind: "folder", parentId: null });
    expect((await listShareLinks(services, owner, ids.trip))[0]?.opens).toBe(2);
  });

  it("an unknown token is 404 share_not_found", async () => {
    await expect(viewShare(services, { token: "no-such-token" })).rejects.toEqual(refused(404, "share_not_found"));
  });

  it("an expired link is 410, for the item and everything in it", async () => {
    const expiresAt = new Date(services.now() + HOUR).toISOString();
    const link = await createShareLink(services, owner, { fileId: ids.trip, expiresAt });
    expect((await viewShare(services, { token: link.token })).expiresAt).toBe(expiresAt);

    services.advance(HOUR);
    await expect(viewShare(services, { token: link.token })).rejects.toEqual(refused(410, "share_expired"));
    const expired = refused(410, "share_expired");
    await expect(listSharedFolder(services, { token: link.token }, ids.day1)).rejects.toEqual(expired);
  });

  it("a link to a trashed item does not open until the item is restored", async () => {
    const link = await createShareLink(services, owner, { fileId: ids.trip });
    await moveToTrash(services, owner, ids.holidays);
    await expect(viewShare(services, { token: link.token })).rejects.toEqual(refused(404, "share_not_found"));
    await restoreFromTrash(services, owner, ids.holidays);
    expect(itemOf(await viewShare(services, { token: link.token })).id).toBe(ids.trip);
  });
});

describe("a password link", () => {
  it("wrong guesses slow down the guesser, not a visitor with the right password; many guessers hit a ceiling", async () => {
    const link = await createShareLink(services, owner, { fileId: ids.trip, password: "open sesame" });
    for (let i = 0; i < 4; i++)
      await unlockShare(services, link.token, "wrong", "203.0.113.7").catch((error: unknown) => error);
    await expect(unlockShare(services, link.token, "open sesame", "203.0.113.7")).rejects.toMatchObject({
      status: 429,
    });
    expect(await unlockShare(services, link.token, "open sesame", "198.51.100.2")).not.toBeNull();
    // Thirty addresses guessing together lock the link for a while, even for the right password.
    for (let i = 0; i < 30; i++)
      await unlockShare(services, link.token, "wrong", `192.0.2.${i}`).catch((error: unknown) => error);
    await expect(unlockShare(services, link.token, "open sesame", "198.51.100.3")).rejects.toMatchObject({
      status: 429,
    });
  });

  it("stays locked (401) until the right password gives an unlock proof", async () => {
    const link = await createShareLink(services, owner, { fileId: ids.trip, password: "open sesame" });
    expect(link.passwordHash).toMatch(/^scrypt\$/);
    await expect(viewShare(services, { token: link.token })).rejects.toEqual(refused(401, "password_required"));
    await expect(unlockShare(services, link.token, "open barley")).rejects.toEqual(refused(401, "wrong_password"));
    await expect(viewShare(services, { token: link.token, unlockProof: "123.abc" })).rejects.toEqual(
      refused(401, "password_required"),
    );

    const unlocked = await unlockShare(services, link.token, "open sesame");
    expect(unlocked?.expiresAt).toBe(services.now() + UNLOCK_LIFETIME_MS);
    const visit = { token: link.token, unlockProof: unlocked?.proof };
    expect(itemOf(await viewShare(services, visit)).id).toBe(ids.trip);
    expect((await getSharedItem(services, visit, ids.plan)).name).toBe("plan.txt");
  });

  it("refuses a proof made for another link, even one with the same password", async () => {
    const first = await createShareLink(services, owner, { fileId: ids.trip, password: "open sesame" });
    const second = await createShareLink(services, owner, { fileId: ids.trip, password: "open sesame" });
    const unlocked = await unlockShare(services, first.token, "open sesame");
    await expect(viewShare(services, { token: second.token, unlockProof: unlocked?.proof })).rejects.toEqual(
      refused(401, "password_required"),
    );
  });

  it("refuses an expired proof, and a proof never outlives its link", async () => {
    const link = await createShareLink(services, owner, { fileId: ids.trip, password: "open sesame" });
    const unlocked = await unlockShare(services, link.token, "open sesame");
    services.advance(UNLOCK_LIFETIME_MS);
    await expect(viewShare(services, { token: link.token, unlockProof: unlocked?.proof })).rejects.toEqual(
      refused(401, "password_required"),
    );

    const expiresAt = new Date(services.now() + HOUR).toISOString();
    const shortLived = await createShareLink(services, owner, { fileId: ids.trip, password: "pw", expiresAt });
    expect((await unlockShare(services, shortLived.token, "pw"))?.expiresAt).toBe(Date.parse(expiresAt));
  });

  it("a link without a password has nothing to unlock", async () => {
    const link = await createShareLink(services, owner, { fileId: ids.trip });
    expect(await unlockShare(services, link.token, "anything")).toBeNull();
  });
});

describe("inside a shared folder", () => {
  it("lists the shared folder and its subfolders, with a path that starts at the shared folder", async () => {
    const link = await createShareLink(services, owner, { fileId: ids.trip });
    const top = await listSharedFolder(services, { token: link.token }, null);
    expect(top.items.map((item) => item.name)).toEqual(["Day 1", "plan.txt"]);
    expect(top.path).toEqual([{ id: ids.trip, name: "Trip" }]);
    const day1 = await listSharedFolder(services, { token: link.token }, ids.day1);
    expect(day1.items.map((item) => item.name)).toEqual(["beach.jpg"]);
    expect(day1.path.map((step) => step.name)).toEqual(["Trip", "Day 1"]);
  });

  it("a visitor cannot reach items outside the shared folder: parent, sibling, its file, another user's", async () => {
    const visit = { token: (await createShareLink(services, owner, { fileId: ids.trip })).token };
    for (const id of [ids.holidays, ids.private, ids.diary, ids.theirs, "no-such-id"]) {
      await expect(getSharedItem(services, visit, id)).rejects.toEqual(refused(404, "not_found"));
      await expect(listSharedFolder(services, visit, id)).rejects.toEqual(refused(404, "not_found"));
      await expect(sharedFileToDownload(services, visit, id)).rejects.toEqual(refused(404, "not_found"));
      await expect(sharedFileToPreview(services, visit, id)).rejects.toEqual(refused(404, "not_found"));
    }
  });

  it("a subfolder in the trash is no longer served", async () => {
    const visit = { token: (await createShareLink(services, owner, { fileId: ids.trip })).token };
    expect((await sharedFileToDownload(services, visit, ids.beach)).file.name).toBe("beach.jpg");
    await moveToTrash(services, owner, ids.day1);
    await expect(sharedFileToDownload(services, visit, ids.beach)).rejects.toEqual(refused(404, "not_found"));
  });

  it("a link to one file serves that file and nothing beside it", async () => {
    const visit = { token: (await createShareLink(services, owner, { fileId: ids.plan })).token };
    expect((await getSharedItem(services, visit, ids.plan)).parentId).toBeNull();
    await expect(getSharedItem(services, visit, ids.day1)).rejects.toEqual(refused(404, "not_found"));
    await expect(listSharedFolder(services, visit, null)).rejects.toEqual(refused(404, "not_found"));
  });
});

describe("downloading a shared folder as a ZIP", () => {
  it("holds the shared folder and what is inside it, and nothing from outside", async () => {
    const visit = { token: (await createShareLink(services, owner, { fileId: ids.trip })).token };
    const plan = await sharedZip(services, visit);
    expect(plan.filename).toBe("Trip.zip");
    const names = plan.entries.map((entry) => entry.name);
    expect(names).toEqual(["Trip/", "Trip/Day 1/", "Trip/Day 1/beach.jpg", "Trip/plan.txt"]);
  });
});

describe("a view-only link", () => {
  it("refuses content downloads and the ZIP (403 download_not_allowed) but serves thumbnails", async () => {
    const beach = await sharedFileToDownload(
      services,
      { token: (await createShareLink(services, owner, { fileId: ids.trip })).token },
      ids.beach,
    );
    const blobId = beach.file.blobId!;
    await services.bucket.put(thumbnailKey(blobId, 240), new Uint8Array([0xff, 0xd8, 0xff, 0xd9]));
    await saveMedia(services.db, blobId, { thumbnails: "240", latitude: 51.5, longitude: -0.1 }, services.now());

    const link = await createShareLink(services, owner, { fileId: ids.trip, allowDownload: false });
    const visit = { token: link.token };
    expect((await viewShare(services, visit)).allowDownload).toBe(false);
    const viewOnly = refused(403, "download_not_allowed");
    await expect(sharedFileToDownload(services, visit, ids.beach)).rejects.toEqual(viewOnly);
    await expect(sharedZip(services, visit)).rejects.toEqual(viewOnly);

    const preview = await sharedFileToPreview(services, visit, ids.beach);
    const thumbnail = await serveThumbnail(services.bucket, preview, new Request("http://hearth/t?size=240"));
    expect(thumbnail.status).toBe(200);
    expect(new Uint8Array(await thumbnail.arrayBuffer())).toEqual(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]));
    // The photo's location (often the family home) never reaches a visitor.
    expect((await getSharedItem(services, visit, ids.beach)).media).toMatchObject({ latitude: null, longitude: null });
  });
});
