/**
 * The album rules on a real (file) libSQL database: covers, who is told of a change, what leaving
 * takes with it, and who may do what. The same rules run end to end in tests/albums.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testServices, type TestServices } from "../../tests/harness/core-services";
import { newId } from "../lib/ids";
import { insertUser } from "../repositories/users";
import {
  addItems,
  createAlbum,
  getAlbum,
  listAlbums,
  patchAlbum,
  putMember,
  removeItems,
  removeMember,
} from "./albums";
import { moveToTrash, restoreFromTrash } from "./trash";
import { recordUpload } from "./uploads";

let services: TestServices;
let ann: string;
let bob: string;

const refused = (status: number, code: string) => expect.objectContaining({ status, code });

async function user(name: string): Promise<string> {
  const id = newId();
  await insertUser(services.db, {
    id,
    email: `${name}@example.com`,
    name,
    passwordHash: "x",
    now: services.now(),
    role: "member",
  });
  return id;
}

async function photo(ownerId: string, name: string): Promise<string> {
  const key = `originals/${newId()}`;
  await services.bucket.put(key, new Uint8Array([1, 2, 3]));
  services.advance(60_000); // a later file date: a later place on the timeline
  const item = await recordUpload(services, {
    ownerId,
    parentId: null,
    name,
    mime: "image/jpeg",
    key,
    size: 3,
    sha256: newId(),
    onConflict: "keepBoth",
  });
  return item.id;
}

beforeEach(async () => {
  services = await testServices();
  ann = await user("ann");
  bob = await user("bob");
});
afterEach(async () => {
  await services.close();
});

describe("albums", () => {
  it("the cover is the chosen photo while it is live in the album, else the newest", async () => {
    const [old, newer] = [await photo(ann, "old.jpg"), await photo(ann, "new.jpg")];
    const album = await createAlbum(services, ann, { name: "Trip", fileIds: [old, newer] });
    expect(album.cover?.fileId).toBe(newer);
    expect((await patchAlbum(services, ann, album.id, { coverId: old })).coverId).toBe(old);
    await moveToTrash(services, ann, old);
    const trashed = await getAlbum(services, ann, album.id);
    expect([trashed.album.cover?.fileId, trashed.album.coverId, trashed.album.count]).toEqual([newer, null, 1]);
    await restoreFromTrash(services, ann, old);
    expect((await getAlbum(services, ann, album.id)).album.cover?.fileId).toBe(old);
  });

  it("tells the owner and every member when photos are added", async () => {
    const album = await createAlbum(services, ann, { name: "Trip" });
    await putMember(services, ann, album.id, bob, { role: "contributor" });
    const bobPhoto = await photo(bob, "b.jpg");
    services.published.length = 0;
    await addItems(services, bob, album.id, { fileIds: [bobPhoto] });
    expect(services.published.map((p) => [p.userId, p.event.type]).sort()).toEqual(
      [
        [ann, "album.changed"],
        [bob, "album.changed"],
      ].sort(),
    );
  });

  it("a viewer cannot add; a contributor removes only their own; leaving takes their additions", async () => {
    const annPhoto = await photo(ann, "a.jpg");
    const bobPhoto = await photo(bob, "b.jpg");
    const album = await createAlbum(services, ann, { name: "Trip", fileIds: [annPhoto] });
    await putMember(services, ann, album.id, bob, { role: "viewer" });
    await expect(addItems(services, bob, album.id, { fileIds: [bobPhoto] })).rejects.toEqual(
      refused(403, "viewer_cannot_add"),
    );
    await putMember(services, ann, album.id, bob, { role: "contributor" });
    await addItems(services, bob, album.id, { fileIds: [bobPhoto] });
    await expect(removeItems(services, bob, album.id, { fileIds: [annPhoto] })).rejects.toEqual(
      refused(403, "not_your_addition"),
    );
    expect((await listAlbums(services, bob)).shared.map((a) => [a.name, a.count, a.access])).toEqual([
      ["Trip", 2, "contributor"],
    ]);
    await removeMember(services, bob, album.id, bob);
    expect((await getAlbum(services, ann, album.id)).items.map((i) => i.id)).toEqual([annPhoto]);
    await expect(getAlbum(services, bob, album.id)).rejects.toEqual(refused(404, "not_found"));
  });
});
