import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testServices, type TestServices } from "../../tests/harness/core-services";
import { seedFile, seedFolder, seedUser } from "../../tests/harness/core-seed";
import { copyItem, createFolder, getItem, listFolder, renameOrMove } from "./drive";
import { listTrash, moveToTrash } from "./trash";

describe("the name-clash rule", () => {
  let services: TestServices;
  let ann: string;
  const names = async (parentId: string | null = null) =>
    (await listFolder(services, ann, { parentId, sort: "name", order: "asc", limit: 100 })).items.map((i) => i.name);
  const trashed = async () => (await listTrash(services, ann)).map((item) => item.name);

  beforeEach(async () => {
    services = await testServices();
    ann = await seedUser(services);
  });
  afterEach(async () => services.close());

  describe("creating a folder", () => {
    it("fail: a taken name (in any letter case) is refused with 409 name_taken and nothing changes", async () => {
      await createFolder(services, ann, { parentId: null, name: "Photos", onConflict: "fail" });
      await expect(
        createFolder(services, ann, { parentId: null, name: "PHOTOS", onConflict: "fail" }),
      ).rejects.toMatchObject({
        status: 409,
        code: "name_taken",
      });
      expect(await names()).toEqual(["Photos"]);
    });

    it("keepBoth: the new one gets the first free number", async () => {
      await createFolder(services, ann, { parentId: null, name: "Photos", onConflict: "fail" });
      await createFolder(services, ann, { parentId: null, name: "Photos (1)", onConflict: "fail" });
      const third = await createFolder(services, ann, { parentId: null, name: "Photos", onConflict: "keepBoth" });
      expect(third.name).toBe("Photos (2)");
    });

    it("replace: the old one goes to the trash, and the other tabs hear it", async () => {
      const old = await createFolder(services, ann, { parentId: null, name: "Photos", onConflict: "fail" });
      const fresh = await createFolder(services, ann, { parentId: null, name: "Photos", onConflict: "replace" });
      expect(await names()).toEqual(["Photos"]);
      expect(await trashed()).toEqual(["Photos"]);
      const events = services.published.map((p) => p.event);
      expect(events).toContainEqual({ type: "file.trashed", fileId: old.id });
      expect(events.at(-1)).toMatchObject({ type: "file.created", file: { id: fresh.id, name: "Photos" } });
    });

    it("a name is free again once its holder is in the trash", async () => {
      const old = await seedFile(services, ann, "a.txt", "a");
      await moveToTrash(services, ann, old.id);
      const folder = await createFolder(services, ann, { parentId: null, name: "a.txt", onConflict: "fail" });
      expect(folder).toMatchObject({ name: "a.txt", kind: "folder" });
    });
  });

  describe("renaming and moving", () => {
    it("fail: renaming onto a taken name is a 409 and the item keeps its name", async () => {
      await seedFile(services, ann, "report.pdf", "v1");
      const draft = await seedFile(services, ann, "draft.pdf", "v2");
      await expect(
        renameOrMove(services, ann, draft.id, { name: "Report.PDF", onConflict: "fail" }),
      ).rejects.toMatchObject({
        status: 409,
        code: "name_taken",
      });
      expect((await getItem(services, ann, draft.id)).name).toBe("draft.pdf");
    });

    it("changing only the letter case of an item's own name is no clash", async () => {
      const file = await seedFile(services, ann, "report.pdf", "v1");
      expect((await renameOrMove(services, ann, file.id, { name: "Report.pdf", onConflict: "fail" })).name).toBe(
        "Report.pdf",
      );
    });

    it("keepBoth: a move into a folder holding the name numbers the moved item", async () => {
      const inbox = await seedFolder(services, ann, "Inbox");
      await seedFile(services, ann, "scan.pdf", "old", inbox.id);
      const loose = await seedFile(services, ann, "scan.pdf", "new");
      const moved = await renameOrMove(services, ann, loose.id, { parentId: inbox.id, onConflict: "keepBoth" });
      expect(moved).toMatchObject({ parentId: inbox.id, name: "scan (1).pdf" });
      expect(await names(inbox.id)).toEqual(["scan (1).pdf", "scan.pdf"]);
    });

    it("replace: a move onto a taken name trashes the holder and takes its place", async () => {
      const inbox = await seedFolder(services, ann, "Inbox");
      const holder = await seedFile(services, ann, "scan.pdf", "old", inbox.id);
      const loose = await seedFile(services, ann, "scan.pdf", "new");
      await renameOrMove(services, ann, loose.id, { parentId: inbox.id, onConflict: "replace" });
      expect(await names(inbox.id)).toEqual(["scan.pdf"]);
      expect((await listTrash(services, ann)).map((item) => item.id)).toEqual([holder.id]);
      expect(services.published.map((p) => p.event)).toContainEqual({ type: "file.trashed", fileId: holder.id });
    });
  });

  describe("copying", () => {
    it("keepBoth is the copy's default outcome: a copy in the same folder is “name (1)”", async () => {
      const file = await seedFile(services, ann, "cv.docx", "cv");
      const copy = await copyItem(services, ann, file.id, { onConflict: "keepBoth" });
      expect(copy.name).toBe("cv (1).docx");
    });

    it("fail: a copy onto a taken name is a 409", async () => {
      const file = await seedFile(services, ann, "cv.docx", "cv");
      await expect(copyItem(services, ann, file.id, { onConflict: "fail" })).rejects.toMatchObject({
        status: 409,
        code: "name_taken",
      });
      expect(await names()).toEqual(["cv.docx"]);
    });

    it("replace: the copy takes the name and the holder goes to the trash", async () => {
      const backup = await seedFolder(services, ann, "Backup");
      const old = await seedFile(services, ann, "cv.docx", "old", backup.id);
      const file = await seedFile(services, ann, "cv.docx", "new");
      const copy = await copyItem(services, ann, file.id, { parentId: backup.id, onConflict: "replace" });
      expect(copy).toMatchObject({
        name: "cv.docx",
        parentId: backup.id,
        sha256: (await getItem(services, ann, file.id)).sha256,
      });
      expect((await listTrash(services, ann)).map((item) => item.id)).toEqual([old.id]);
    });
  });
});
