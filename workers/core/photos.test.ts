import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testServices, type TestServices } from "../../tests/harness/core-services";
import { seedFile, seedFolder, seedUser } from "../../tests/harness/core-seed";
import { saveMedia } from "../repositories/jobs";
import { copyItem } from "./drive";
import {
  decodeCursor,
  encodeCursor,
  listArchive,
  listMonths,
  listTimeline,
  monthOf,
  monthRange,
  neighboursOf,
  setArchived,
} from "./photos";
import { deleteForever, moveToTrash, restoreFromTrash } from "./trash";

describe("Photos timeline", () => {
  let services: TestServices;
  let ann: string;
  /** A photo whose EXIF date the media process found (null: none), as the media process saves it. */
  const photo = async (name: string, takenAt: string | null, parentId: string | null = null) => {
    const file = await seedFile(services, ann, name, `bytes of ${name}`, parentId);
    const taken = takenAt === null ? null : Date.parse(takenAt);
    await saveMedia(services.db, file.blobId!, { takenAt: taken, width: 4000, height: 3000 }, services.now());
    return file;
  };
  const months = async () => (await listMonths(services, ann)).months;
  const names = async (query = {}) => (await listTimeline(services, ann, query)).items.map((item) => item.name);

  beforeEach(async () => {
    services = await testServices();
    services.advance(Date.parse("2026-03-10T12:00:00Z") - services.now());
    ann = await seedUser(services, "Ann");
  });
  afterEach(() => services.close());

  it("orders by date taken (file date without one), counts months, and pages by keyset", async () => {
    await photo("2016.jpg", "2016-05-01T10:00:00Z");
    await photo("2024a.jpg", "2024-07-20T08:00:00Z");
    await photo("no-date.jpg", null);
    await photo("2024b.jpg", "2024-07-03T08:00:00Z");
    await seedFile(services, ann, "notes.txt", "not a photo");
    expect(await names()).toEqual(["no-date.jpg", "2024a.jpg", "2024b.jpg", "2016.jpg"]);
    expect(await months()).toEqual([
      { month: "2026-03", count: 1 },
      { month: "2024-07", count: 2 },
      { month: "2016-05", count: 1 },
    ]);
    expect(await names({ month: "2024-07" })).toEqual(["2024a.jpg", "2024b.jpg"]);
    expect(await names({ month: "2020-01" })).toEqual([]);

    const seen: string[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await listTimeline(services, ann, { limit: "1", before });
      seen.push(...page.items.map((item) => item.name));
      if (!page.nextCursor) break;
      before = page.nextCursor;
    }
    expect(seen).toEqual(["no-date.jpg", "2024a.jpg", "2024b.jpg", "2016.jpg"]);
  });

  it("moves a photo to its month when the media process learns its date later", async () => {
    const file = await seedFile(services, ann, "late.jpg", "late");
    expect(await months()).toEqual([{ month: "2026-03", count: 1 }]);
    await saveMedia(services.db, file.blobId!, { takenAt: Date.parse("2019-02-02T00:00:00Z") }, services.now());
    expect(await months()).toEqual([{ month: "2019-02", count: 1 }]);
    const [item] = (await listTimeline(services, ann, {})).items;
    expect(item?.media?.takenAt).toBe("2019-02-02T00:00:00.000Z");
  });

  it("keeps months right through trash, restore, archive, copy and deletion", async () => {
    const folder = await seedFolder(services, ann, "Trip");
    const a = await photo("a.jpg", "2021-01-05T00:00:00Z", folder.id);
    await photo("b.jpg", "2021-01-06T00:00:00Z", folder.id);
    expect(await months()).toEqual([{ month: "2021-01", count: 2 }]);
    await moveToTrash(services, ann, folder.id);
    expect(await months()).toEqual([]);
    expect(await names()).toEqual([]);
    await restoreFromTrash(services, ann, folder.id);
    expect(await months()).toEqual([{ month: "2021-01", count: 2 }]);

    const archived = await setArchived(services, ann, a.id, true);
    expect(archived.archivedAt).toBeDefined();
    expect(await months()).toEqual([{ month: "2021-01", count: 1 }]);
    expect(await names()).toEqual(["b.jpg"]);
    expect((await listArchive(services, ann, {})).items.map((item) => item.name)).toEqual(["a.jpg"]);
    await setArchived(services, ann, a.id, false);
    expect(await names()).toEqual(["b.jpg", "a.jpg"]);

    await copyItem(services, ann, a.id, { parentId: null, onConflict: "keepBoth" });
    expect(await months()).toEqual([{ month: "2021-01", count: 3 }]);
    await moveToTrash(services, ann, a.id);
    await deleteForever(services, ann, a.id);
    expect(await months()).toEqual([{ month: "2021-01", count: 2 }]);
  });

  it("gives a photo's neighbours and keeps other users out", async () => {
    const old = await photo("old.jpg", "2010-01-01T00:00:00Z");
    const mid = await photo("mid.jpg", "2015-01-01T00:00:00Z");
    const recent = await photo("new.jpg", "2020-01-01T00:00:00Z");
    const around = await neighboursOf(services, ann, mid.id, "2");
    expect(around.newer.map((item) => item.id)).toEqual([recent.id]);
    expect(around.older.map((item) => item.id)).toEqual([old.id]);

    const bob = await seedUser(services, "Bob");
    expect(await listTimeline(services, bob, {})).toEqual({ items: [], nextCursor: null });
    expect((await listMonths(services, bob)).months).toEqual([]);
    await expect(neighboursOf(services, bob, mid.id, undefined)).rejects.toMatchObject({ status: 404 });
    await expect(setArchived(services, bob, mid.id, true)).rejects.toMatchObject({ status: 404 });
    const text = await seedFile(services, ann, "notes.txt", "text");
    await expect(setArchived(services, ann, text.id, true)).rejects.toMatchObject({ status: 404 });
  });

  it("validates months, cursors and limits", async () => {
    expect(monthRange("2024-02")).toEqual({ from: Date.UTC(2024, 1, 1), to: Date.UTC(2024, 2, 1) });
    expect(monthRange("2024-12").to).toBe(Date.UTC(2025, 0, 1));
    expect(monthOf(Date.UTC(1999, 11, 31, 23, 59))).toBe("1999-12");
    expect(decodeCursor(encodeCursor({ sortAt: -5000, id: "abc" }))).toEqual({ sortAt: -5000, id: "abc" });
    await expect(listTimeline(services, ann, { month: "2024-13" })).rejects.toMatchObject({ code: "invalid_month" });
    await expect(listTimeline(services, ann, { before: "x;drop" })).rejects.toMatchObject({ code: "invalid_cursor" });
    await expect(listTimeline(services, ann, { limit: "0" })).rejects.toMatchObject({ code: "invalid_limit" });
    await expect(neighboursOf(services, ann, "nope", "100")).rejects.toMatchObject({ code: "invalid_count" });
  });
});
