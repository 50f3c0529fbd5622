/**
 * The stored-bytes collector against the real runtime (issue 12, and issue 11's promise that a
 * kept backup's bytes are never collected): "Clean up now" removes an object nothing references
 * once it is older than the safe age and a stale half-written file, keeps a fresh orphan (an
 * upload about to record itself), every file's bytes, and the bytes of a file deleted for good
 * that a kept backup still references, so restoring that backup gives the file back; once the
 * backup is gone, the next run removes them. Admin → Storage shows the last run.
 */
import { createClient, type Client as DbClient } from "@libsql/client/web";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backdateObjectOnDisk, blobFilesNamed, storeObjectOnDisk } from "./harness/blob-store";
import { Client } from "./harness/client";
import {
  blobOnDisk,
  databaseOf,
  hearthCommand,
  removeDataDir,
  startHearth,
  type RunningHearth,
} from "./harness/hearth";

const DAY = 24 * 3600_000;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const twoDaysAgo = () => new Date(Date.now() - 2 * DAY);

describe("the stored-bytes collector", () => {
  let hearth: RunningHearth;
  let me: Client;
  let db: DbClient;

  const keyOf = async (fileId: string) =>
    (
      await db.execute({
        sql: "SELECT b.key FROM files f JOIN blobs b ON b.id = f.blob_id WHERE f.id = ?",
        args: [fileId],
      })
    ).rows[0]!.key as string;
  const cleanUp = async () => {
    const response = await me.json("POST", "/api/admin/storage/collect");
    expect(response.status).toBe(200);
    return response.body.run;
  };
  const download = async (client: Client, id: string) =>
    new Uint8Array(await (await client.request("GET", `/api/files/${id}/content`)).arrayBuffer());

  beforeAll(async () => {
    hearth = await startHearth();
    me = new Client(hearth.url);
    await me.register();
    db = createClient(databaseOf(hearth));
  });
  afterAll(async () => {
    db?.close();
    await hearth?.stop();
    removeDataDir(hearth.dataDir);
  });

  it("removes old unreferenced bytes and stale partial files, and keeps files, fresh orphans and what a kept backup references", async () => {
    const keptBytes = randomBytes(3000) as Uint8Array<ArrayBuffer>;
    const kept = (await me.upload("kept.bin", keptBytes)).body;
    const vowsBytes = randomBytes(5000) as Uint8Array<ArrayBuffer>;
    const vows = (await me.upload("vows.bin", vowsBytes)).body;
    // Big enough to be stored in pieces (storage-adapter/src/pieces.ts), in a folder of its own.
    const bigBytes = randomBytes(20 * 1024 * 1024) as Uint8Array<ArrayBuffer>;
    const big = (await me.upload("big.bin", bigBytes)).body;
    const keptKey = await keyOf(kept.id);
    const vowsKey = await keyOf(vows.id);
    // All were stored long ago, so only a reference can keep them.
    backdateObjectOnDisk(hearth.dataDir, keptKey, twoDaysAgo());
    backdateObjectOnDisk(hearth.dataDir, vowsKey, twoDaysAgo());
    backdateObjectOnDisk(hearth.dataDir, await keyOf(big.id), twoDaysAgo());

    const backup = await hearthCommand(hearth.dataDir, "backup", "--reason", "manual");
    expect(backup.code).toBe(0);
    const backupName = backup.out.trim().split("\n").pop()!;

    // The vows are deleted for good after the backup: their bytes stay, the backup needs them.
    expect((await me.request("DELETE", `/api/files/${vows.id}`)).status).toBe(204);
    expect((await me.request("DELETE", `/api/trash/${vows.id}`)).status).toBe(204);
    expect(blobOnDisk(hearth.dataDir, vowsKey)).toBe(true);

    // What crashes leave: an object nobody recorded (two days old, and a fresh one an upload is
    // about to record), and a temp file of a write that never finished.
    const oldOrphan = "originals/zz/zz/zzzzoldorphan0000000";
    const freshOrphan = "originals/zz/zz/zzzzfreshorphan00000";
    storeObjectOnDisk(hearth.dataDir, oldOrphan, randomBytes(7000), twoDaysAgo());
    storeObjectOnDisk(hearth.dataDir, freshOrphan, randomBytes(1000), new Date());
    const partialFolder = join(hearth.dataDir, "blobs", "originals", "zz", "zz");
    mkdirSync(partialFolder, { recursive: true });
    const partial = join(partialFolder, ".kj-tmp.crashed.partial");
    writeFileSync(partial, randomBytes(4096));
    utimesSync(partial, twoDaysAgo(), twoDaysAgo());
    // A big upload cut off before it was committed leaves pieces in a folder no object owns.
    const abandoned = join(hearth.dataDir, "blobs", "~multipart", "f".repeat(32));
    mkdirSync(abandoned, { recursive: true });
    writeFileSync(join(abandoned, `1.${"e".repeat(32)}.part`), randomBytes(2048));
    utimesSync(join(abandoned, `1.${"e".repeat(32)}.part`), twoDaysAgo(), twoDaysAgo());
    utimesSync(abandoned, twoDaysAgo(), twoDaysAgo());

    const run = await cleanUp();
    expect(run).toMatchObject({
      objectsRemoved: 1,
      bytesRemoved: 7000,
      partialFilesRemoved: 2,
      partialBytesRemoved: 4096 + 2048,
      keptForBackups: 1,
      problem: null,
    });
    expect(blobOnDisk(hearth.dataDir, oldOrphan)).toBe(false);
    expect(blobOnDisk(hearth.dataDir, freshOrphan)).toBe(true);
    expect(blobOnDisk(hearth.dataDir, vowsKey)).toBe(true);
    expect(blobFilesNamed(hearth.dataDir, ".kj-tmp.")).toEqual([]);
    expect(existsSync(abandoned)).toBe(false);
    expect(sha256(await download(me, kept.id))).toBe(sha256(keptBytes));
    expect(sha256(await download(me, big.id))).toBe(sha256(bigBytes));

    const storage = await me.json("GET", "/api/admin/storage");
    expect(storage.body.collector).toEqual(run);

    // Restoring the kept backup gives the deleted file back, bytes and all.
    await hearth.stop();
    const restored = await hearthCommand(hearth.dataDir, "restore", backupName);
    expect(restored.code).toBe(0);
    hearth = await startHearth({ dataDir: hearth.dataDir, port: hearth.port });
    me = new Client(hearth.url);
    expect((await me.login("admin@example.com", "correct horse battery")).status).toBe(200);
    expect(sha256(await download(me, vows.id))).toBe(sha256(vowsBytes));
    db.close();
    db = createClient(databaseOf(hearth));

    // Once no kept backup references bytes nothing uses, they go.
    expect((await me.request("DELETE", `/api/files/${vows.id}`)).status).toBe(204);
    expect((await me.request("DELETE", `/api/trash/${vows.id}`)).status).toBe(204);
    rmSync(join(hearth.dataDir, "backups"), { recursive: true, force: true });
    const after = await cleanUp();
    expect(after.keptForBackups).toBe(0);
    expect(after.objectsRemoved).toBeGreaterThanOrEqual(1);
    expect(blobOnDisk(hearth.dataDir, vowsKey)).toBe(false);
    expect(sha256(await download(me, kept.id))).toBe(sha256(keptBytes));
  });
});
