import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testServices, type TestServices } from "../../tests/harness/core-services";
import { seedBlob, seedFile, seedUser } from "../../tests/harness/core-seed";
import { originalKey, previewKey, storedKeyOf, thumbnailKey, tusChunkKey } from "../lib/blob-keys";
import { newId } from "../lib/ids";
import { insertUpload } from "../repositories/uploads";
import { deleteBytesOf } from "./blobs";
import { collectStoredBytes, lastCollectorRun, noteNewestBackup, type BackupReferences } from "./collector";
import { deleteForever, moveToTrash } from "./trash";

const HOUR = 3600_000;
const MIN_AGE = 24 * HOUR;
const noBackups: BackupReferences = { keys: new Set(), blobIds: new Set() };

describe("the stored-bytes collector", () => {
  let services: TestServices;
  let ann: string;

  /** Puts bytes at `key` as if the store had committed them `ageMs` ago. */
  const store = async (key: string, text: string, ageMs: number) => {
    await services.bucket.put(key, text);
    services.memory.objects.get(key)!.uploaded = new Date(services.now() - ageMs);
  };
  const keys = () => [...services.memory.objects.keys()].sort();
  const collect = (spare: BackupReferences | null = noBackups) =>
    collectStoredBytes(services, { minAgeMs: MIN_AGE, spare });

  beforeEach(async () => {
    services = await testServices();
    ann = await seedUser(services);
  });
  afterEach(async () => services.close());

  it("removes an original no record references once it is older than the safe age, and keeps a younger one", async () => {
    const old = originalKey(newId());
    const fresh = originalKey(newId());
    await store(old, "lost in a crash", 25 * HOUR);
    await store(fresh, "an upload about to record its row", 1 * HOUR);
    const run = await collect();
    expect(keys()).toEqual([fresh]);
    expect(run).toMatchObject({ objectsRemoved: 1, bytesRemoved: "lost in a crash".length, problem: null });
  });

  it("keeps every original a file uses, and the target of an unfinished resumable upload", async () => {
    const file = await seedFile(services, ann, "notes.txt", "notes");
    const blob = keys()[0]!;
    services.memory.objects.get(blob)!.uploaded = new Date(services.now() - 30 * 24 * HOUR);
    const target = originalKey(newId());
    await insertUpload(services.db, {
      id: newId(),
      ownerId: ann,
      parentId: null,
      name: "big.mov",
      mime: "video/quicktime",
      length: 10,
      blobKey: target,
      multipartId: newId(),
      metadata: {},
      now: services.now(),
      expiresAt: services.now() + 24 * HOUR,
    });
    await store(target, "being assembled", 25 * HOUR);
    expect((await collect()).objectsRemoved).toBe(0);
    expect(keys()).toEqual([blob, target].sort());
    expect(file.blobId).toBeTruthy();
  });

  it("removes the thumbnails of a blob that is gone and keeps those of one that is not", async () => {
    const kept = await seedBlob(services, "kept");
    await seedFile(services, ann, "kept.jpg", kept);
    const goneId = newId();
    await store(thumbnailKey(kept.id, 240), "thumb", 48 * HOUR);
    await store(thumbnailKey(goneId, 240), "thumb", 48 * HOUR);
    await store(thumbnailKey(goneId, 720), "thumb", 48 * HOUR);
    expect((await collect()).objectsRemoved).toBe(2);
    expect(keys()).toEqual([kept.key, thumbnailKey(kept.id, 240)].sort());
  });

  it("removes the chunks of a resumable upload whose record is gone and keeps those of a live one", async () => {
    const live = await insertUpload(services.db, {
      id: newId(),
      ownerId: ann,
      parentId: null,
      name: "a.bin",
      mime: "application/octet-stream",
      length: 10,
      blobKey: originalKey(newId()),
      multipartId: newId(),
      metadata: {},
      now: services.now(),
      expiresAt: services.now() + 24 * HOUR,
    });
    await store(tusChunkKey(live.id, "000000000000000-aa"), "live", 30 * HOUR);
    await store(tusChunkKey(newId(), "000000000000000-bb"), "dead", 30 * HOUR);
    expect((await collect()).objectsRemoved).toBe(1);
    expect(keys()).toEqual([tusChunkKey(live.id, "000000000000000-aa")]);
  });

  it("keeps bytes a kept backup references after their file is deleted for good, and counts them", async () => {
    const file = await seedFile(services, ann, "wedding.jpg", "vows");
    const blobKey = keys()[0]!;
    await store(thumbnailKey(file.blobId!, 240), "thumb", 0);
    services.memory.objects.get(blobKey)!.uploaded = new Date(services.now() - 48 * HOUR);
    services.memory.objects.get(thumbnailKey(file.blobId!, 240))!.uploaded = new Date(services.now() - 48 * HOUR);
    await noteNewestBackup(services, services.now() + 1);
    await moveToTrash(services, ann, file.id);
    await deleteForever(services, ann, file.id);
    expect(keys()).toHaveLength(2); // the backup is newer than the blob: the bytes outlive the file

    const spare = { keys: new Set([blobKey]), blobIds: new Set([file.blobId!]) };
    expect(await collect(spare)).toMatchObject({ objectsRemoved: 0, keptForBackups: 2 });
    expect(keys()).toHaveLength(2);
    // Once that backup is pruned, the next run removes them.
    expect(await collect(noBackups)).toMatchObject({ objectsRemoved: 2, keptForBackups: 0 });
    expect(keys()).toEqual([]);
  });

  it("removes no file bytes at all when a kept backup's references are unknown, and says so", async () => {
    await store(originalKey(newId()), "maybe in that backup", 48 * HOUR);
    await store(tusChunkKey(newId(), "000000000000000-cc"), "dead chunk", 48 * HOUR);
    const run = await collect(null);
    expect(run.objectsRemoved).toBe(1);
    expect(keys()).toHaveLength(1);
    expect(run.problem).toMatch(/could not be read/);
  });

  it("forgets blob rows no file has used for longer than the safe age, and removes their bytes", async () => {
    const stray = await seedBlob(services, "row left by a crash");
    services.memory.objects.get(stray.key)!.uploaded = new Date(services.now() - 48 * HOUR);
    services.advance(25 * HOUR);
    expect((await collect()).objectsRemoved).toBe(1);
    expect(keys()).toEqual([]);
  });

  it("records its last run for the admin page", async () => {
    expect(await lastCollectorRun(services)).toBeNull();
    const run = await collectStoredBytes(services, {
      minAgeMs: MIN_AGE,
      spare: noBackups,
      partialFilesRemoved: 3,
      partialBytesRemoved: 300,
      backupsPruned: 1,
    });
    expect(await lastCollectorRun(services)).toEqual(run);
    expect(run).toMatchObject({ partialFilesRemoved: 3, partialBytesRemoved: 300, backupsPruned: 1 });
  });

  it("deletes bytes at once when the blob is newer than every kept backup", async () => {
    const before = await seedBlob(services, "before");
    await noteNewestBackup(services, services.now());
    services.advance(1000);
    const after = await seedBlob(services, "after");
    await deleteBytesOf(services, [before, after]);
    expect(keys()).toEqual([before.key]);
    await noteNewestBackup(services, null);
    await deleteBytesOf(services, [before]);
    expect(keys()).toEqual([]);
  });

  it("reads keys back into what they store", () => {
    expect(storedKeyOf(originalKey("abcdef"))).toEqual({ kind: "original" });
    expect(storedKeyOf(thumbnailKey("abcdef", 720))).toEqual({ kind: "derived", blobId: "abcdef" });
    expect(storedKeyOf(previewKey("abcdef"))).toEqual({ kind: "derived", blobId: "abcdef" });
    expect(storedKeyOf(tusChunkKey("upload1", "0-ff"))).toEqual({ kind: "tus-chunk", uploadId: "upload1" });
    expect(storedKeyOf("elsewhere/file")).toBeNull();
  });
});
