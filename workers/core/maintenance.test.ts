import { DEFAULT_TRASH_RETENTION_DAYS } from "@hearth/contract";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testServices, type TestServices } from "../../tests/harness/core-services";
import { seedFile, seedUser } from "../../tests/harness/core-seed";
import { originalKey, tusChunkKey } from "../lib/blob-keys";
import { newId } from "../lib/ids";
import { findSession, insertSession } from "../repositories/sessions";
import { attemptChallenge, insertChallenge } from "../repositories/two-factor";
import { findUpload, insertUpload } from "../repositories/uploads";
import { runMaintenance, trashRetentionDays } from "./maintenance";
import { listTrash, moveToTrash } from "./trash";

const DAY = 24 * 3600_000;

describe("maintenance", () => {
  let services: TestServices;
  let ann: string;
  const maintain = () => runMaintenance(services, { trashRetentionDays: 30 });

  /** A tus upload with one stored chunk, expiring a day from now. */
  async function unfinishedUpload() {
    const now = services.now();
    const blobKey = originalKey(newId());
    const multipart = await services.bucket.createMultipartUpload(blobKey);
    const upload = await insertUpload(services.db, {
      id: newId(),
      ownerId: ann,
      parentId: null,
      name: "big.bin",
      mime: "application/octet-stream",
      length: 100,
      blobKey,
      multipartId: multipart.uploadId,
      metadata: { filename: "big.bin" },
      now,
      expiresAt: now + DAY,
    });
    await services.bucket.put(tusChunkKey(upload.id, "000000000000000-abcd"), "first chunk");
    return upload;
  }

  beforeEach(async () => {
    services = await testServices();
    ann = await seedUser(services);
  });
  afterEach(async () => services.close());

  it("the trash retention defaults to the contract's value", () => {
    expect(trashRetentionDays(undefined)).toBe(DEFAULT_TRASH_RETENTION_DAYS);
    expect(trashRetentionDays("")).toBe(DEFAULT_TRASH_RETENTION_DAYS);
    expect(trashRetentionDays("not a number")).toBe(DEFAULT_TRASH_RETENTION_DAYS);
    expect(trashRetentionDays("7")).toBe(7);
  });

  it("purges the trash past the retention and reports how many items went", async () => {
    const old = await seedFile(services, ann, "old.txt", "old");
    await moveToTrash(services, ann, old.id);
    services.advance(29 * DAY);
    expect(await maintain()).toEqual({ purgedFromTrash: 0, expiredUploads: 0, placesNamed: 0 });
    services.advance(2 * DAY);
    expect(await maintain()).toEqual({ purgedFromTrash: 1, expiredUploads: 0, placesNamed: 0 });
    expect(await listTrash(services, ann)).toEqual([]);
    expect(services.memory.objects.size).toBe(0);
  });

  it("deletes resumable uploads nobody touched for a day, with their chunks", async () => {
    const stale = await unfinishedUpload();
    await services.bucket.put(stale.blobKey, "assembled but never recorded");
    services.advance(DAY / 2);
    const fresh = await unfinishedUpload();
    services.advance(DAY / 2);
    expect(await maintain()).toEqual({ purgedFromTrash: 0, expiredUploads: 1, placesNamed: 0 });
    expect(await findUpload(services.db, ann, stale.id)).toBeUndefined();
    expect(await findUpload(services.db, ann, fresh.id)).toBeDefined();
    expect([...services.memory.objects.keys()]).toEqual([tusChunkKey(fresh.id, "000000000000000-abcd")]);
  });

  it("forgets expired sessions and unfinished second-factor sign-ins", async () => {
    const now = services.now();
    await insertSession(services.db, { id: "old", userId: ann, now, expiresAt: now + DAY, userAgent: null, ip: null });
    await insertSession(services.db, {
      id: "live",
      userId: ann,
      now,
      expiresAt: now + 3 * DAY,
      userAgent: null,
      ip: null,
    });
    await insertChallenge(services.db, { id: "challenge", userId: ann, expiresAt: now + 5 * 60_000 });
    services.advance(2 * DAY);
    await maintain();
    // Asked as of the start, when both sessions were live: only the one not yet expired is still stored.
    expect(await findSession(services.db, "old", now)).toBeUndefined();
    expect(await findSession(services.db, "live", now)).toBeDefined();
    expect(await attemptChallenge(services.db, "challenge")).toBeUndefined();
  });
});
