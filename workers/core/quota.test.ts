import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testServices, type TestServices } from "../../tests/harness/core-services";
import { seedFolder, seedUser } from "../../tests/harness/core-seed";
import { originalKey } from "../lib/blob-keys";
import { newId } from "../lib/ids";
import { copyItem } from "./drive";
import { usedBytesOf } from "../repositories/users";
import { recordUpload } from "./uploads";
import { deleteForever, moveToTrash } from "./trash";

const unit = 100;

describe("the quota under concurrency", () => {
  let services: TestServices;
  let bob: string;

  /** Stores `size` distinct bytes as the upload isolate does and records them (not awaited). */
  async function upload(name: string, size = unit, parentId: string | null = null) {
    const key = originalKey(newId());
    const text = `${name}:`.padEnd(size, "x");
    await services.bucket.put(key, text);
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
    const sha256 = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
    return {
      key,
      recorded: recordUpload(services, {
        ownerId: bob,
        parentId,
        name,
        mime: "text/plain",
        key,
        size,
        sha256,
        onConflict: "keepBoth",
      }),
    };
  }

  beforeEach(async () => {
    services = await testServices();
    bob = await seedUser(services, "Bob", 5 * unit);
  });
  afterEach(async () => services.close());

  it("twelve uploads racing for room for five: exactly five are kept, the others' bytes are gone", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, async (_, i) => (await upload(`f${i}.txt`)).recorded),
    );
    const kept = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    expect(kept).toHaveLength(5);
    for (const r of refused)
      expect((r as PromiseRejectedResult).reason).toMatchObject({ status: 413, code: "quota_exceeded" });
    expect(services.memory.objects.size).toBe(5);
    expect(await usedBytesOf(services.db, bob)).toBe(5 * unit);
  });

  it("a copy counts like any file (deduplicated bytes count per file); a folder copy that does not fit adds nothing", async () => {
    const folder = await seedFolder(services, bob, "Trip");
    const first = await (await upload("a.txt", unit, folder.id)).recorded;
    await (
      await upload("b.txt", unit, folder.id)
    ).recorded;
    await copyItem(services, bob, first.id, { parentId: null, onConflict: "keepBoth" });
    expect(await usedBytesOf(services.db, bob)).toBe(3 * unit);
    // 2 units free, the folder holds 2: fits once, then not again.
    await copyItem(services, bob, folder.id, { parentId: null, name: "Trip copy", onConflict: "fail" });
    await expect(
      copyItem(services, bob, folder.id, { parentId: null, name: "Trip again", onConflict: "fail" }),
    ).rejects.toMatchObject({
      status: 413,
      code: "quota_exceeded",
    });
    expect(await usedBytesOf(services.db, bob)).toBe(5 * unit);
  });

  it("trash still counts; deleting forever gives the room back", async () => {
    const file = await (await upload("a.txt", 5 * unit)).recorded;
    await moveToTrash(services, bob, file.id);
    await expect((await upload("b.txt")).recorded).rejects.toMatchObject({ status: 413 });
    await deleteForever(services, bob, file.id);
    expect(await usedBytesOf(services.db, bob)).toBe(0);
    await (
      await upload("c.txt")
    ).recorded;
  });
});
