/** The media job queue's rules: core/media-jobs.ts. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testServices, type TestServices } from "../../tests/harness/core-services";
import { newId } from "../lib/ids";
import { recordUpload } from "./uploads";
import { DatabaseUnavailable } from "../lib/errors";
import { insertUser } from "../repositories/users";
import { moveToTrash, purgeTrash } from "./trash";
import {
  claimNextJob,
  DATABASE_RETRY_MS,
  drainJobs,
  failJob,
  finishJob,
  JOB_LEASE_MS,
  retryDelayMs,
  runnableJobCount,
  type JobRunner,
} from "./media-jobs";

let services: TestServices;
let owner: string;

/** Uploads a photo, which queues one image job for it; the file's id. */
async function uploadPhoto(name = "beach.jpg"): Promise<string> {
  const bytes = new TextEncoder().encode(`pixels of ${name}`);
  const key = `originals/${newId()}`;
  await services.bucket.put(key, bytes);
  const size = bytes.byteLength;
  const upload = { ownerId: owner, parentId: null, name, mime: "image/jpeg", key, size, sha256: newId() };
  return (await recordUpload(services, { ...upload, onConflict: "keepBoth" })).id;
}

class Unreadable extends Error {}

/** A runner that records what it ran and fails while `failures` lasts. */
function runner(failures: { left: number; error?: Error } = { left: 0 }): JobRunner & { ran: string[] } {
  const ran: string[] = [];
  return {
    ran,
    async run(_services, job) {
      ran.push(job.fileId);
      if (failures.left-- > 0) throw failures.error ?? new Error("out of memory");
    },
    isPermanent: (error) => error instanceof Unreadable,
  };
}

const failedEvents = () =>
  services.published.filter(({ event }) => event.type === "job.progress" && event.state === "failed");

beforeEach(async () => {
  // lib/uploads.ts queues jobs at the wall clock's time, not services.now(): start the test clock
  // a minute later, so every job queued during a test is due.
  services = await testServices(Date.now() + 60_000);
  owner = newId();
  const olive = { id: owner, email: "olive@example.com", name: "olive", passwordHash: "x", now: 0 };
  await insertUser(services.db, { ...olive, role: "member" });
});

afterEach(async () => {
  await services.close();
});

describe("claiming", () => {
  it("counts what could be claimed now, up to a limit: the supervisor sizes its media pool by it", async () => {
    expect(await runnableJobCount(services, 4)).toBe(0);
    for (const name of ["a.jpg", "b.jpg", "c.jpg"]) await uploadPhoto(name);
    expect(await runnableJobCount(services, 4)).toBe(3);
    expect(await runnableJobCount(services, 2)).toBe(2);
    const claimed = (await claimNextJob(services, "media-1"))!;
    expect(await runnableJobCount(services, 4)).toBe(2);
    // A failed attempt waits for its retry; a lapsed lease counts again.
    await failJob(services, claimed, "out of memory", false);
    expect(await runnableJobCount(services, 4)).toBe(2);
    await claimNextJob(services, "media-1");
    services.advance(JOB_LEASE_MS + 1);
    expect(await runnableJobCount(services, 4)).toBe(3);
  });

  it("gives one job to one worker: a second worker finds nothing to do", async () => {
    const photo = await uploadPhoto();
    const claimed = await claimNextJob(services, "media-1");
    expect(claimed).toMatchObject({ fileId: photo, kind: "image", state: "running", attempts: 1, lockedBy: "media-1" });
    expect(await claimNextJob(services, "media-2")).toBeUndefined();
  });

  it("gives two queued jobs to two workers, oldest first", async () => {
    const first = await uploadPhoto("a.jpg");
    const second = await uploadPhoto("b.jpg");
    expect((await claimNextJob(services, "media-1"))?.fileId).toBe(first);
    expect((await claimNextJob(services, "media-2"))?.fileId).toBe(second);
  });

  it("a finished job is not claimed again", async () => {
    await uploadPhoto();
    await finishJob(services, (await claimNextJob(services, "media-1"))!);
    services.advance(JOB_LEASE_MS + 1);
    expect(await claimNextJob(services, "media-1")).toBeUndefined();
  });

  it("an expired lease is re-claimable by another worker, until the job's last attempt lapses too", async () => {
    const photo = await uploadPhoto();
    await claimNextJob(services, "media-1");
    services.advance(JOB_LEASE_MS - 1);
    expect(await claimNextJob(services, "media-2")).toBeUndefined();

    services.advance(2);
    expect(await claimNextJob(services, "media-2")).toMatchObject({ fileId: photo, attempts: 2, lockedBy: "media-2" });
    services.advance(JOB_LEASE_MS + 1);
    expect(await claimNextJob(services, "media-3")).toMatchObject({ fileId: photo, attempts: 3, lockedBy: "media-3" });
    // It killed its worker three times: it fails for good rather than kill a fourth.
    services.advance(JOB_LEASE_MS + 1);
    expect(await claimNextJob(services, "media-4")).toBeUndefined();
    services.advance(24 * 3600_000);
    expect(await claimNextJob(services, "media-4")).toBeUndefined();
  });
});

describe("failing", () => {
  it("a failed job is retried after a growing delay, then fails for good after its last attempt", async () => {
    await uploadPhoto();
    for (let attempt = 1; attempt <= 2; attempt++) {
      const job = (await claimNextJob(services, "media-1"))!;
      expect(job.attempts).toBe(attempt);
      expect(await failJob(services, job, "out of memory", false)).toBe("retry");
      services.advance(retryDelayMs(attempt) - 1);
      expect(await claimNextJob(services, "media-1")).toBeUndefined();
      services.advance(1);
    }
    const last = (await claimNextJob(services, "media-1"))!;
    expect(await failJob(services, last, "out of memory", false)).toBe("failed");
    services.advance(24 * 3600_000);
    expect(await claimNextJob(services, "media-1")).toBeUndefined();
  });

  it("a permanent error fails the job at once", async () => {
    await uploadPhoto();
    const job = (await claimNextJob(services, "media-1"))!;
    expect(await failJob(services, job, "not an image", true)).toBe("failed");
    services.advance(24 * 3600_000);
    expect(await claimNextJob(services, "media-1")).toBeUndefined();
  });
});

describe("draining the queue", () => {
  it("runs every due job once and leaves nothing queued", async () => {
    const photos = [await uploadPhoto("a.jpg"), await uploadPhoto("b.jpg")];
    const work = runner();
    expect(await drainJobs(services, "media-1", work)).toEqual({ processed: 2, failed: 0 });
    expect(work.ran.sort()).toEqual(photos.sort());
    expect(await drainJobs(services, "media-1", work)).toEqual({ processed: 0, failed: 0 });
  });

  it("tells the owner a job failed only when no retry is left", async () => {
    const photo = await uploadPhoto();
    const work = runner({ left: 3 });
    for (let attempt = 1; attempt <= 2; attempt++) {
      expect(await drainJobs(services, "media-1", work)).toEqual({ processed: 1, failed: 1 });
      expect(failedEvents()).toEqual([]);
      services.advance(retryDelayMs(attempt));
    }
    expect(await drainJobs(services, "media-1", work)).toEqual({ processed: 1, failed: 1 });
    expect(failedEvents()).toEqual([
      { userId: owner, event: { type: "job.progress", fileId: photo, job: "image", state: "failed", progress: 1 } },
    ]);
  });

  it("a job whose database went away mid-way is tried again soon, and that attempt does not count", async () => {
    const photo = await uploadPhoto();
    // Four times in a row: more than its three attempts, yet it never fails for it.
    const work = runner({ left: 4, error: new DatabaseUnavailable(new Error("sqld restarting")) });
    for (let time = 0; time < 4; time++) {
      expect(await drainJobs(services, "media-1", work)).toEqual({ processed: 1, failed: 0 });
      services.advance(DATABASE_RETRY_MS - 1);
      expect(await claimNextJob(services, "media-2")).toBeUndefined();
      services.advance(1);
    }
    expect(await drainJobs(services, "media-1", work)).toEqual({ processed: 1, failed: 0 });
    expect(work.ran).toEqual([photo, photo, photo, photo, photo]);
    expect(failedEvents()).toEqual([]);
    expect(await runnableJobCount(services, 10)).toBe(0);
  });

  it("a file that cannot be processed fails on its first attempt", async () => {
    await uploadPhoto();
    await drainJobs(services, "media-1", runner({ left: 1, error: new Unreadable("not an image") }));
    expect(failedEvents()).toHaveLength(1);
  });

  it("a job whose file was deleted before it ran is dropped without running", async () => {
    const photo = await uploadPhoto();
    await moveToTrash(services, owner, photo);
    services.advance(1);
    await purgeTrash(services, 0);
    const work = runner();
    await drainJobs(services, "media-1", work);
    expect(work.ran).toEqual([]);
    expect(await claimNextJob(services, "media-1")).toBeUndefined();
  });

  it("stops claiming when its time budget is spent", async () => {
    await uploadPhoto("a.jpg");
    await uploadPhoto("b.jpg");
    const slow: JobRunner = { run: async () => services.advance(1000), isPermanent: () => false };
    expect(await drainJobs(services, "media-1", slow, 1000)).toEqual({ processed: 1, failed: 0 });
    expect(await drainJobs(services, "media-1", slow, 1000)).toEqual({ processed: 1, failed: 0 });
  });
});
