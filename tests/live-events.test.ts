/**
 * Live events with the real edge: a tab that leaves while its live connection is still opening (a
 * quick reload, a closed laptop) must not hold up anything. workerd does not tell the UserEvents
 * Durable Object that such a client left, so the stream it made is never read; publishing used to
 * wait on it, and every later change of that user (upload, archive, new folder) hung for good.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "./harness/client";
import { removeDataDir, startHearth, type RunningHearth } from "./harness/hearth";
import { SseReader } from "./harness/sse";

/** Asks for the event stream and hangs up before its answer comes, as a tab reloaded at once does. */
async function leaveWhileOpening(url: string, cookie: string, afterMs: number): Promise<void> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve) => socket.once("connect", resolve));
  socket.write(
    `GET /api/events HTTP/1.1\r\nhost: ${hostname}\r\ncookie: ${cookie}\r\naccept: text/event-stream\r\n\r\n`,
  );
  await new Promise((resolve) => setTimeout(resolve, afterMs));
  socket.destroy();
}

describe("live events", () => {
  let hearth: RunningHearth;
  let me: Client;

  beforeAll(async () => {
    hearth = await startHearth();
    me = new Client(hearth.url);
    await me.register();
  });

  afterAll(async () => {
    await hearth?.stop();
    if (hearth) removeDataDir(hearth.dataDir);
  });

  it("tabs that left while their stream was opening hold up no change, and an open tab hears every one", async () => {
    const tab = new SseReader(`${hearth.url}/api/events`, { cookie: me.cookie });
    await tab.opened;
    for (let i = 0; i < 5; i++) await leaveWhileOpening(hearth.url, me.cookie, i * 2);

    const names: string[] = [];
    for (let i = 0; i < 20; i++) {
      const name = `Folder ${i}`;
      // A change held up would never answer: after 30 s that is a failure that says so.
      const made = await Promise.race([
        me.json("POST", "/api/folders", { name, parentId: null }),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`creating "${name}" got no answer in 30 s`)), 30_000).unref(),
        ),
      ]);
      expect(made.status).toBe(201);
      names.push(name);
    }
    for (const name of names)
      await tab.waitFor((e) => e.event === "file.created" && (e.data as { file: { name: string } }).file.name === name);
    tab.close();
  });
});
