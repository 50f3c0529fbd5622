/** A file's processing state as the API shows it, Try again and Admin → Jobs: core/media-state.ts. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testServices, type TestServices } from "../../tests/harness/core-services";
import { newId } from "../lib/ids";
import { insertUser } from "../repositories/users";
import { getItem } from "./drive";
import { drainJobs, type JobRunner } from "./media-jobs";
import { listJobsForAdmin, reprocessFile, retryJobAsAdmin } from "./media-state";
import { recordUpload } from "./uploads";

let services: TestServices;
let owner: string;

async function upload(name: string, mime: string): Promise<string> {
  const bytes = new TextEncoder().encode(`bytes of ${name}`);
  const key = `originals/${newId()}`;
  await services.bucket.put(key, bytes);
  const upload = { ownerId: owner, parentId: null, name, mime, key, size: bytes.byteLength, sha256: newId() };
  return (await recordUpload(services, { ...upload, onConflict: "keepBoth" })).id;
}

class Damaged extends Error {}
class TooBig extends Error {}

/** Fails photos named "broken*" (damaged) and "huge*" (unsupported); the rest succeed. */
const runner: JobRunner = {
  async run(_services, job) {
    const { name } = await getItem(services, owner, job.fileId);
    if (name.startsWith("broken")) throw new Damaged("the JPEG file is damaged or truncated");
    if (name.startsWith("huge")) throw new TooBig("This image is 9999×10000 pixels (100 MP)");
  },
  isPermanent: (error) => error instanceof Damaged || error instanceof TooBig,
  isUnsupported: (error) => error instanceof TooBig,
};

const processing = async (id: string) => (await getItem(services, owner, id)).processing;

beforeEach(async () => {
  services = await testServices(Date.now() + 60_000);
  owner = newId();
  await insertUser(services.db, {
    id: owner,
    email: "olive@example.com",
    name: "Olive",
    passwordHash: "x",
    now: 0,
    role: "member",
  });
});

afterEach(async () => {
  await services.close();
});

describe("processing state", () => {
  it("is pending from the upload, ready after the job, and absent on files that are not media", async () => {
    const photo = await upload("beach.jpg", "image/jpeg");
    const text = await upload("notes.txt", "text/plain");
    expect(await processing(photo)).toEqual({ state: "pending", reason: null });
    expect(await processing(text)).toBeUndefined();
    await drainJobs(services, "media-1", runner);
    expect(await processing(photo)).toEqual({ state: "ready", reason: null });
  });

  it("a damaged file is failed with its reason, an unprocessable one unsupported with its reason", async () => {
    const broken = await upload("broken.jpg", "image/jpeg");
    const huge = await upload("huge.png", "image/png");
    await drainJobs(services, "media-1", runner);
    expect(await processing(broken)).toEqual({ state: "failed", reason: "the JPEG file is damaged or truncated" });
    expect(await processing(huge)).toEqual({
      state: "unsupported",
      reason: "This image is 9999×10000 pixels (100 MP)",
    });
  });
});

describe("try again", () => {
  it("requeues a failed file as new, and it runs again", async () => {
    const broken = await upload("broken.jpg", "image/jpeg");
    await drainJobs(services, "media-1", runner);
    const item = await reprocessFile(services, owner, broken);
    expect(item.processing).toEqual({ state: "pending", reason: null });
    const { processed } = await drainJobs(services, "media-1", runner);
    expect(processed).toBe(1);
    expect(await processing(broken)).toMatchObject({ state: "failed" });
  });

  it("leaves a file already waiting alone, refuses files that are not media, and hides other people's files", async () => {
    const photo = await upload("beach.jpg", "image/jpeg");
    await reprocessFile(services, owner, photo);
    expect((await listJobsForAdmin(services)).counts.queued).toBe(1);
    const text = await upload("notes.txt", "text/plain");
    await expect(reprocessFile(services, owner, text)).rejects.toMatchObject({ status: 400, code: "not_media" });
    await expect(reprocessFile(services, newId(), photo)).rejects.toMatchObject({ status: 404 });
  });
});

describe("Admin → Jobs", () => {
  it("lists queued jobs and failures with file, owner and reason; retry requeues a failure only", async () => {
    await upload("broken.jpg", "image/jpeg");
    await drainJobs(services, "media-1", runner);
    await upload("later.jpg", "image/jpeg");
    const list = await listJobsForAdmin(services);
    expect(list.counts).toEqual({ queued: 1, running: 0, done: 0, failed: 1 });
    expect(list.queue).toMatchObject([{ fileName: "later.jpg", state: "queued", ownerName: "Olive" }]);
    expect(list.failures).toMatchObject([
      { fileName: "broken.jpg", kind: "image", attempts: 1, lastError: "the JPEG file is damaged or truncated" },
    ]);
    await expect(retryJobAsAdmin(services, list.queue[0]!.id)).rejects.toMatchObject({ status: 400 });
    await expect(retryJobAsAdmin(services, 424242)).rejects.toMatchObject({ status: 404 });
    await retryJobAsAdmin(services, list.failures[0]!.id);
    expect((await listJobsForAdmin(services)).counts).toMatchObject({ queued: 2, failed: 0 });
    expect(await processing(list.failures[0]!.fileId)).toEqual({ state: "pending", reason: null });
  });
});
