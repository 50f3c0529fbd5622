/**
 * The pump ends (so that the pool stops the process) when a media process grew past its idle
 * baseline as soon as the queue is empty, not after MEDIA_RECYCLE_JOBS jobs, and after its idle
 * time with nothing to do. A real HTTP server on loopback stands in for the media process's
 * /drain; its resident size is handed in.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { MediaPump, residentMb, type PumpEnd } from "./media-pump";

let server: Server | undefined;
let pump: MediaPump | undefined;

afterEach(async () => {
  pump?.stop();
  await new Promise((resolve) => server?.close(resolve));
});

/** A /drain that reports one processed job per entry of `jobs`, then an empty queue. */
async function fakeMediaProcess(jobs: number): Promise<string> {
  let left = jobs;
  server = createServer((_request, response) => {
    const processed = left > 0 ? 1 : 0;
    left -= processed;
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ processed, failed: 0 }));
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

function startPump(url: string, rss: () => number, idleStopMs = 60_000, borrowed = () => false) {
  const ended: PumpEnd[] = [];
  pump = new MediaPump("media-1", url, {
    claimMaintenance: () => false,
    idleStopMs,
    recycleAfterJobs: 200,
    recycleAboveMb: 64,
    rssMb: rss,
    borrowed,
    alive: () => true,
  });
  void pump.run().then((end) => ended.push(end));
  return ended;
}

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
};

describe("MediaPump recycling", () => {
  it("recycles when a drain left the process above baseline + margin", async () => {
    let rss = 150;
    const url = await fakeMediaProcess(1);
    const ended = startPump(url, () => {
      const now = rss;
      rss = 900; // after the first look (the baseline), the job has grown it
      return now;
    });
    await until(() => ended.length > 0);
    expect(ended).toEqual([{ why: "recycle", reason: "its memory grew to 900 MB (idle baseline 150 MB)" }]);
  });

  it("does not recycle a process that stayed within the margin", async () => {
    const url = await fakeMediaProcess(3);
    const ended = startPump(url, () => 150 + Math.random() * 20);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(ended).toEqual([]);
  });

  it("ends after its idle time without work, and stop() ends it at once", async () => {
    const url = await fakeMediaProcess(2);
    const ended = startPump(url, () => 150, 300);
    await until(() => ended.length > 0);
    expect(ended).toEqual([{ why: "idle" }]);
    const stopped = startPump(url, () => 150);
    pump!.stop();
    await until(() => stopped.length > 0);
    expect(stopped).toEqual([{ why: "stopped" }]);
  });

  it("does not idle out while the process is borrowed, and does once it is given back", async () => {
    const url = await fakeMediaProcess(1);
    let borrowed = true;
    const ended = startPump(
      url,
      () => 900,
      300,
      () => borrowed,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(ended).toEqual([]);
    borrowed = false;
    pump!.wake();
    await until(() => ended.length > 0, 10_000);
    expect(ended).toEqual([{ why: "idle" }]);
  });

  it("reads a real process's resident size from /proc", () => {
    const mb = residentMb(process.pid)!;
    expect(mb).toBeGreaterThan(10);
    expect(mb * 1024 * 1024).toBeLessThan(process.memoryUsage().rss * 1.5);
    expect(residentMb(2 ** 30)).toBeUndefined();
  });
});
