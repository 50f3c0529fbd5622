import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testServices, type TestServices } from "../../tests/harness/core-services";
import { seedBlob, seedFile, seedFolder, seedUser } from "../../tests/harness/core-seed";
import { derivedKeys } from "../lib/blob-keys";
import { listFolder, listRecent, search } from "./drive";
import { deleteForever, emptyTrash, listTrash, moveToTrash, purgeTrash, restoreFromTrash } from "./trash";

const DAY = 24 * 3600_000;
const namesOf = (items: { name: string }[]) => items.map((item) => item.name);

describe("the trash", () => {
  let services: TestServices;
  let ann: string;
  const folder = (parentId: string | null = null) =>
    listFolder(services, ann, { parentId, sort: "name", order: "asc", limit: 100 });
  const listing = async (parentId: string | null = null) => namesOf((await folder(parentId)).items);

  beforeEach(async () => {
    services = await testServices();
    ann = await seedUser(services);
  });
  afterEach(async () => services.close());

  it("trashing a folder hides it and everything inside it from listings, search and recent", async () => {
    const trip = await seedFolder(services, ann, "Trip");
    const day1 = await seedFolder(services, ann, "Day 1", trip.id);
    await seedFile(services, ann, "beach.jpg", "sand", day1.id);
    await moveToTrash(services, ann, trip.id);
    expect(await listing()).toEqual([]);
    expect(await search(services, ann, "beach")).toEqual([]);
    expect(await listRecent(services, ann)).toEqual([]);
    expect((await listTrash(services, ann)).map((item) => item.name)).toEqual(["Trip"]);
    expect(services.published.map((p) => p.event)).toEqual([{ type: "file.trashed", fileId: trip.id }]);
  });

  it("lists where each trashed item was", async () => {
    const photos = await seedFolder(services, ann, "Photos");
    const year = await seedFolder(services, ann, "2024", photos.id);
    const file = await seedFile(services, ann, "cake.jpg", "cake", year.id);
    const top = await seedFile(services, ann, "notes.txt", "notes");
    await moveToTrash(services, ann, file.id);
    await moveToTrash(services, ann, top.id);
    const trash = await listTrash(services, ann);
    expect(trash.map((item) => [item.name, item.originalPath])).toEqual(
      expect.arrayContaining([
        ["cake.jpg", "/Photos/2024"],
        ["notes.txt", "/"],
      ]),
    );
  });

  it("restoring a folder brings back what was trashed with it, not what was trashed earlier on its own", async () => {
    const album = await seedFolder(services, ann, "Album");
    await seedFile(services, ann, "kept.jpg", "k", album.id);
    const earlier = await seedFile(services, ann, "gone-earlier.jpg", "g", album.id);
    await moveToTrash(services, ann, earlier.id);
    await moveToTrash(services, ann, album.id);
    const restored = await restoreFromTrash(services, ann, album.id);
    expect(restored).toMatchObject({ id: album.id, name: "Album", parentId: null });
    expect(await listing(album.id)).toEqual(["kept.jpg"]);
    expect((await listTrash(services, ann)).map((item) => item.id)).toEqual([earlier.id]);
    expect(services.published.at(-1)?.event).toMatchObject({ type: "file.restored", file: { id: album.id } });
  });

  it("restores into re-created folders of the same names when its folder was deleted forever", async () => {
    const photos = await seedFolder(services, ann, "Photos");
    const year = await seedFolder(services, ann, "2019", photos.id);
    const beach = await seedFile(services, ann, "beach.txt", "sand", year.id);
    await moveToTrash(services, ann, beach.id);
    await moveToTrash(services, ann, photos.id);
    await deleteForever(services, ann, photos.id);

    await restoreFromTrash(services, ann, beach.id);
    const [newPhotos] = (await folder()).items;
    expect(newPhotos).toMatchObject({ name: "Photos", kind: "folder" });
    const [newYear] = (await folder(newPhotos!.id)).items;
    expect(newYear).toMatchObject({ name: "2019", kind: "folder" });
    expect(await listing(newYear!.id)).toEqual(["beach.txt"]);
  });

  it("a name taken meanwhile gets “ (1)” on restore", async () => {
    const first = await seedFile(services, ann, "report.pdf", "v1");
    await moveToTrash(services, ann, first.id);
    await seedFile(services, ann, "report.pdf", "v2");
    const restored = await restoreFromTrash(services, ann, first.id);
    expect(restored.name).toBe("report (1).pdf");
    expect((await listing()).sort()).toEqual(["report (1).pdf", "report.pdf"]);
  });

  it("only the owner can restore or delete forever, and only what is in the trash", async () => {
    const bob = await seedUser(services, "Bob");
    const file = await seedFile(services, ann, "private.txt", "mine");
    await expect(restoreFromTrash(services, ann, file.id)).rejects.toMatchObject({ status: 404 });
    await moveToTrash(services, ann, file.id);
    await expect(restoreFromTrash(services, bob, file.id)).rejects.toMatchObject({ status: 404 });
    await expect(deleteForever(services, bob, file.id)).rejects.toMatchObject({ status: 404 });
    await expect(moveToTrash(services, bob, file.id)).rejects.toMatchObject({ status: 404 });
    expect((await listTrash(services, ann)).map((item) => item.id)).toEqual([file.id]);
  });

  it("deleting forever removes bytes only when no other file uses the blob", async () => {
    const shared = await seedBlob(services, "shared bytes");
    const a = await seedFile(services, ann, "a.txt", shared);
    const b = await seedFile(services, ann, "b.txt", shared);
    await services.bucket.put(derivedKeys(shared.id)[0]!, "thumbnail");
    await moveToTrash(services, ann, a.id);
    await deleteForever(services, ann, a.id);
    expect(services.memory.objects.has(shared.key)).toBe(true);

    await moveToTrash(services, ann, b.id);
    await deleteForever(services, ann, b.id);
    expect(services.memory.objects.has(shared.key)).toBe(false);
    expect(services.memory.objects.has(derivedKeys(shared.id)[0]!)).toBe(false);
    expect(await listTrash(services, ann)).toEqual([]);
  });

  it("emptying the trash deletes every trashed item and says how many", async () => {
    const folder = await seedFolder(services, ann, "Old");
    await seedFile(services, ann, "inside.txt", "x", folder.id);
    await seedFile(services, ann, "live.txt", "y");
    await moveToTrash(services, ann, folder.id);
    expect(await emptyTrash(services, ann)).toBe(2);
    expect(await listTrash(services, ann)).toEqual([]);
    expect(await listing()).toEqual(["live.txt"]);
    expect(services.memory.objects.size).toBe(1);
  });

  it("the purge deletes what has been in the trash longer than the retention, and nothing newer", async () => {
    const old = await seedFile(services, ann, "old.txt", "old");
    const recent = await seedFile(services, ann, "recent.txt", "recent");
    await moveToTrash(services, ann, old.id);
    services.advance(20 * DAY);
    await moveToTrash(services, ann, recent.id);
    services.advance(11 * DAY);
    expect(await purgeTrash(services, 30)).toBe(1);
    expect((await listTrash(services, ann)).map((item) => item.name)).toEqual(["recent.txt"]);
    expect(await purgeTrash(services, 30)).toBe(0);
    services.advance(20 * DAY);
    expect(await purgeTrash(services, 30)).toBe(1);
    expect(services.memory.objects.size).toBe(0);
  });
});
