import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testServices, type TestServices } from "../../tests/harness/core-services";
import { seedFile, seedFolder, seedUser } from "../../tests/harness/core-seed";
import { copyItem, getItem, listFolder, listRecent, listStarred, renameOrMove, search, setStar } from "./drive";
import type { FolderPage } from "./drive";

describe("Drive", () => {
  let services: TestServices;
  let ann: string;
  const page = (parentId: string | null, options: Partial<FolderPage> = {}) =>
    listFolder(services, ann, { parentId, sort: "name", order: "asc", limit: 100, ...options });
  const names = async (parentId: string | null = null) => (await page(parentId)).items.map((item) => item.name);

  beforeEach(async () => {
    services = await testServices();
    ann = await seedUser(services);
  });
  afterEach(async () => services.close());

  it("lists folders first, sorted as asked, with the folder and its trail", async () => {
    const top = await seedFolder(services, ann, "Sorting");
    const inner = await seedFolder(services, ann, "Inner", top.id);
    await seedFile(services, ann, "b-big.txt", "x".repeat(300), top.id);
    await seedFile(services, ann, "a-small.txt", "x", top.id);
    await seedFile(services, ann, "c-mid.txt", "x".repeat(20), top.id);
    expect(await names(top.id)).toEqual(["Inner", "a-small.txt", "b-big.txt", "c-mid.txt"]);
    const bySize = await page(top.id, { sort: "size", order: "desc" });
    expect(bySize.items.map((item) => item.name)).toEqual(["Inner", "b-big.txt", "c-mid.txt", "a-small.txt"]);
    const deep = await page(inner.id);
    expect(deep.folder?.id).toBe(inner.id);
    expect(deep.path).toEqual([
      { id: top.id, name: "Sorting" },
      { id: inner.id, name: "Inner" },
    ]);
  });

  it("pages a listing with a cursor, without gaps, and says when it ends", async () => {
    for (const n of [5, 3, 1, 4, 2]) await seedFile(services, ann, `file-${n}.txt`, String(n));
    const first = await page(null, { limit: 2 });
    expect(first.items.map((item) => item.name)).toEqual(["file-1.txt", "file-2.txt"]);
    const second = await page(null, { limit: 2, cursor: first.nextCursor! });
    const third = await page(null, { limit: 2, cursor: second.nextCursor! });
    expect([...second.items, ...third.items].map((item) => item.name)).toEqual([
      "file-3.txt",
      "file-4.txt",
      "file-5.txt",
    ]);
    expect(third.nextCursor).toBeNull();
  });

  it("pages keep their place across folders and files, in every order, and when items go between pages", async () => {
    for (const name of ["Beta", "alpha", "Gamma"]) await seedFolder(services, ann, name);
    for (const [name, bytes] of [
      ["b.txt", 3],
      ["A.txt", 1],
      ["c.txt", 2],
      ["d.txt", 2],
    ] as const)
      await seedFile(services, ann, name, "x".repeat(bytes));
    const walk = async (options: Partial<FolderPage>) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const next = await page(null, { ...options, limit: 2, cursor });
        seen.push(...next.items.map((item) => item.name));
        cursor = next.nextCursor ?? undefined;
      } while (cursor);
      return seen;
    };
    expect(await walk({})).toEqual(["alpha", "Beta", "Gamma", "A.txt", "b.txt", "c.txt", "d.txt"]);
    expect(await walk({ order: "desc" })).toEqual(["Gamma", "Beta", "alpha", "d.txt", "c.txt", "b.txt", "A.txt"]);
    const bySize = await walk({ sort: "size", order: "desc" });
    // Equal sizes (the folders, c and d) are told apart by id, so each still comes exactly once.
    expect(bySize).toHaveLength(7);
    expect(bySize.slice(0, 3).sort()).toEqual(["Beta", "Gamma", "alpha"]);
    expect([bySize[3], bySize.slice(4, 6).sort(), bySize[6]]).toEqual(["b.txt", ["c.txt", "d.txt"], "A.txt"]);
    // A page's cursor names a position, not a count: removing a row already shown skips nothing.
    const first = await page(null, { limit: 4 });
    await renameOrMove(services, ann, first.items[0]!.id, { name: "zeta", onConflict: "fail" });
    const rest = await page(null, { limit: 10, cursor: first.nextCursor! });
    expect(rest.items.map((item) => item.name)).toEqual(["b.txt", "c.txt", "d.txt"]);
    await expect(page(null, { limit: 2, cursor: "not-a-cursor" })).rejects.toMatchObject({ status: 400 });
  });

  it("another user's items are not found, whatever is asked of them", async () => {
    const bob = await seedUser(services, "Bob");
    const folder = await seedFolder(services, bob, "Bob's");
    const file = await seedFile(services, bob, "secret.txt", "s", folder.id);
    await expect(getItem(services, ann, file.id)).rejects.toMatchObject({ status: 404 });
    await expect(page(folder.id)).rejects.toMatchObject({ status: 404 });
    await expect(renameOrMove(services, ann, file.id, { name: "mine.txt", onConflict: "fail" })).rejects.toMatchObject({
      status: 404,
    });
    await expect(copyItem(services, ann, file.id, { parentId: null, onConflict: "keepBoth" })).rejects.toMatchObject({
      status: 404,
    });
    await expect(setStar(services, ann, file.id, true)).rejects.toMatchObject({ status: 404 });
    const mine = await seedFile(services, ann, "mine.txt", "m");
    await expect(
      renameOrMove(services, ann, mine.id, { parentId: folder.id, onConflict: "fail" }),
    ).rejects.toMatchObject({ status: 404 });
    expect(await getItem(services, bob, file.id)).toMatchObject({ name: "secret.txt", starred: false });
  });

  it("moves a folder with everything in it, and never into itself", async () => {
    const a = await seedFolder(services, ann, "A");
    const b = await seedFolder(services, ann, "B");
    const child = await seedFolder(services, ann, "Child", a.id);
    await seedFile(services, ann, "deep.txt", "deep", child.id);
    await expect(renameOrMove(services, ann, a.id, { parentId: child.id, onConflict: "fail" })).rejects.toMatchObject({
      status: 400,
      code: "invalid_move",
    });
    await expect(renameOrMove(services, ann, a.id, { parentId: a.id, onConflict: "fail" })).rejects.toMatchObject({
      status: 400,
    });
    const moved = await renameOrMove(services, ann, a.id, { parentId: b.id, onConflict: "fail" });
    expect(moved.parentId).toBe(b.id);
    expect((await page(child.id)).path.map((step) => step.name)).toEqual(["B", "A", "Child"]);
    expect(await names(child.id)).toEqual(["deep.txt"]);
    expect(services.published.at(-1)?.event).toMatchObject({
      type: "file.updated",
      file: { id: a.id, parentId: b.id },
    });
  });

  it("copies a folder with its contents; the copies share the originals' bytes", async () => {
    const source = await seedFolder(services, ann, "Source");
    const sub = await seedFolder(services, ann, "Sub", source.id);
    const one = await seedFile(services, ann, "one.txt", "one", sub.id);
    const objectsBefore = services.memory.objects.size;
    const copy = await copyItem(services, ann, source.id, { parentId: null, onConflict: "keepBoth" });
    expect(copy.name).toBe("Source (1)");
    const [copiedSub] = (await page(copy.id)).items;
    const [copiedOne] = (await page(copiedSub!.id)).items;
    expect(copiedOne).toMatchObject({ name: "one.txt", sha256: (await getItem(services, ann, one.id)).sha256 });
    expect(copiedOne!.id).not.toBe(one.id);
    expect(services.memory.objects.size).toBe(objectsBefore);
    await expect(
      copyItem(services, ann, source.id, { parentId: sub.id, onConflict: "keepBoth" }),
    ).rejects.toMatchObject({
      code: "invalid_copy",
    });
    expect(services.published.at(-1)?.event).toMatchObject({ type: "file.created", file: { id: copy.id } });
  });

  it("refuses names that could escape a folder or hide what they are", async () => {
    const file = await seedFile(services, ann, "ok.txt", "ok");
    for (const name of ["", "..", "a/b", "evil\u202egpj.exe", " padded", "CON"]) {
      await expect(renameOrMove(services, ann, file.id, { name, onConflict: "fail" })).rejects.toMatchObject({
        code: "invalid_name",
      });
    }
    await expect(renameOrMove(services, ann, file.id, { onConflict: "fail" })).rejects.toMatchObject({
      code: "nothing_to_change",
    });
  });

  it("stars, recent, and search by part of a name", async () => {
    const holiday = await seedFolder(services, ann, "Vacation 2024");
    const photo = await seedFile(services, ann, "IMG_2041.jpg", "not really a jpeg", holiday.id);
    services.advance(1000);
    await seedFile(services, ann, "notes-100%.txt", "percent");
    expect((await setStar(services, ann, photo.id, true)).starred).toBe(true);
    expect((await listStarred(services, ann)).map((item) => item.id)).toEqual([photo.id]);
    expect((await listRecent(services, ann))[0]?.name).toBe("notes-100%.txt");
    expect((await search(services, ann, "2041")).map((item) => item.name)).toEqual(["IMG_2041.jpg"]);
    expect((await search(services, ann, "vacat")).map((item) => item.name)).toEqual(["Vacation 2024"]);
    expect((await search(services, ann, "100%")).map((item) => item.name)).toEqual(["notes-100%.txt"]);
    expect(await search(services, ann, "   ")).toEqual([]);
    await expect(search(services, ann, "x".repeat(201))).rejects.toMatchObject({ code: "query_too_long" });
    expect((await setStar(services, ann, photo.id, false)).starred).toBe(false);
    expect(await listStarred(services, ann)).toEqual([]);
  });
});
