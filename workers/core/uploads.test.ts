import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testServices, type TestServices } from "../../tests/harness/core-services";
import { seedFolder, seedUser } from "../../tests/harness/core-seed";
import { originalKey } from "../lib/blob-keys";
import { newId } from "../lib/ids";
import { mimeFromName } from "../lib/mime";
import { saveMedia } from "../repositories/jobs";
import { claimNextJob } from "./media-jobs";
import { getItem, listFolder } from "./drive";
import { listTrash } from "./trash";
import { assertQuota, recordUpload, type StoredUpload } from "./uploads";
import type { OnConflict } from "@hearth/contract";

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

describe("recording an upload", () => {
  let services: TestServices;
  let ann: string;

  /** Stores bytes as the upload isolate does, then records them. */
  async function upload(
    name: string,
    text: string,
    options: { parentId?: string | null; onConflict?: OnConflict; ownerId?: string } = {},
  ) {
    const stored: StoredUpload = {
      ownerId: options.ownerId ?? ann,
      parentId: options.parentId ?? null,
      name,
      mime: mimeFromName(name),
      key: originalKey(newId()),
      size: new TextEncoder().encode(text).byteLength,
      sha256: await sha256Hex(text),
      onConflict: options.onConflict ?? "keepBoth",
    };
    await services.bucket.put(stored.key, text);
    return { stored, recorded: recordUpload(services, stored) };
  }
  const names = async (parentId: string | null = null) =>
    (await listFolder(services, ann, { parentId, sort: "name", order: "asc", limit: 100 })).items.map((i) => i.name);

  beforeEach(async () => {
    services = await testServices();
    ann = await seedUser(services);
  });
  afterEach(async () => services.close());

  it("the file appears in its folder with its checksum, and the other tabs hear it", async () => {
    const folder = await seedFolder(services, ann, "Docs");
    const { recorded } = await upload("notes.txt", "hello", { parentId: folder.id });
    const item = await recorded;
    expect(item).toMatchObject({
      name: "notes.txt",
      parentId: folder.id,
      size: 5,
      mime: "text/plain",
      sha256: await sha256Hex("hello"),
    });
    expect(await names(folder.id)).toEqual(["notes.txt"]);
    expect(services.published.map((p) => p.event)).toEqual([{ type: "file.created", file: item }]);
  });

  it("over quota is refused with 413 quota_exceeded, and its bytes are deleted", async () => {
    const bob = await seedUser(services, "Bob", 10);
    await expect(assertQuota(services, bob, 11)).rejects.toMatchObject({ status: 413, code: "quota_exceeded" });
    await assertQuota(services, bob, 10);
    const { recorded: fits } = await upload("a.txt", "123456", { ownerId: bob });
    await fits;
    const { stored, recorded } = await upload("b.txt", "123456", { ownerId: bob });
    await expect(recorded).rejects.toMatchObject({ status: 413, code: "quota_exceeded" });
    expect(services.memory.objects.has(stored.key)).toBe(false);
    expect(services.memory.objects.size).toBe(1);
  });

  it("the same bytes uploaded again by the same user are stored once", async () => {
    const first = await upload("photo.jpg", "same bytes");
    await first.recorded;
    const second = await upload("copy.jpg", "same bytes");
    const copy = await second.recorded;
    expect(copy.name).toBe("copy.jpg");
    expect(services.memory.objects.has(first.stored.key)).toBe(true);
    expect(services.memory.objects.has(second.stored.key)).toBe(false);
    expect(services.memory.objects.size).toBe(1);
  });

  it("another user's identical bytes are not shared", async () => {
    const bob = await seedUser(services, "Bob");
    await (
      await upload("a.txt", "identical")
    ).recorded;
    const theirs = await upload("a.txt", "identical", { ownerId: bob });
    await theirs.recorded;
    expect(services.memory.objects.has(theirs.stored.key)).toBe(true);
    expect(services.memory.objects.size).toBe(2);
  });

  it("a photo queues one media job; a duplicate of pending or processed bytes queues none", async () => {
    const photo = await (await upload("cat.jpg", "jpeg bytes")).recorded;
    const job = await claimNextJob(services, "test");
    expect(job).toMatchObject({ kind: "image", fileId: photo.id, ownerId: ann });
    await (
      await upload("cat-while-running.jpg", "jpeg bytes")
    ).recorded;
    expect(await claimNextJob(services, "test")).toBeUndefined();

    await saveMedia(services.db, job!.blobId, { width: 10, height: 10, thumbnails: "240,720" }, services.now());
    const later = await (await upload("cat-later.jpg", "jpeg bytes")).recorded;
    expect(later.thumbnails).toEqual([240, 720]);
    await (
      await upload("notes.txt", "not media")
    ).recorded;
    expect(await claimNextJob(services, "test")).toBeUndefined();
  });

  describe("a taken name", () => {
    beforeEach(async () => {
      await (
        await upload("report.pdf", "v1")
      ).recorded;
    });

    it("keepBoth (the default): the upload becomes “name (1)”", async () => {
      expect((await (await upload("Report.pdf", "v2")).recorded).name).toBe("Report (1).pdf");
      expect(await names()).toEqual(["Report (1).pdf", "report.pdf"]);
    });

    it("fail: 409 name_taken, and the new bytes are deleted", async () => {
      const { stored, recorded } = await upload("report.pdf", "v2", { onConflict: "fail" });
      await expect(recorded).rejects.toMatchObject({ status: 409, code: "name_taken" });
      expect(services.memory.objects.has(stored.key)).toBe(false);
      expect(await names()).toEqual(["report.pdf"]);
    });

    it("replace: the old file goes to the trash and the new one takes its name", async () => {
      const [old] = (await listFolder(services, ann, { parentId: null, sort: "name", order: "asc", limit: 10 })).items;
      const fresh = await (await upload("report.pdf", "v3", { onConflict: "replace" })).recorded;
      expect(await names()).toEqual(["report.pdf"]);
      expect((await getItem(services, ann, fresh.id)).sha256).toBe(await sha256Hex("v3"));
      expect((await listTrash(services, ann)).map((item) => item.id)).toEqual([old!.id]);
      const events = services.published.map((p) => p.event.type);
      expect(events.slice(-2)).toEqual(["file.trashed", "file.created"]);
    });
  });
});
