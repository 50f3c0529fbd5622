/**
 * Issue 12: /health must see a database that answers reads but cannot write. That is what the
 * load wedge looked like (sqld answering SELECTs while every writer waited for ever) and /health
 * kept saying "ok". Here another process holds SQLite's write lock on Hearth's database file, as
 * a stuck writer inside sqld would: reads still answer, /health says the database is down, a
 * write answers 503 database_unavailable (not 500, not never), and all is well once it lets go.
 */
import { createClient } from "@libsql/client";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "./harness/client";
import { removeDataDir, startHearth, type RunningHearth } from "./harness/hearth";

describe("/health and a database that reads but does not write", () => {
  let hearth: RunningHearth;
  let me: Client;

  beforeAll(async () => {
    hearth = await startHearth();
    me = new Client(hearth.url);
    await me.register("health@example.com", "health check password", "Health");
  });
  afterAll(async () => {
    await hearth?.stop();
    if (hearth) removeDataDir(hearth.dataDir);
  });

  const health = async () => {
    const response = await fetch(`${hearth.url}/health`, { signal: AbortSignal.timeout(30_000) });
    const text = await response.text();
    try {
      return { status: response.status, body: JSON.parse(text) };
    } catch {
      return { status: response.status, body: { unreadable: text } };
    }
  };

  it("says down while the write lock is held elsewhere, and ok again once it is free", async () => {
    // Healthy to begin with (on a busy machine the first answer after start may take a moment).
    await expect.poll(health, { timeout: 30_000 }).toMatchObject({ status: 200, body: { db: "ok" } });

    const outside = createClient({ url: `file:${join(hearth.dataDir, "db", "dbs", "default", "data")}` });
    const holding = await outside.transaction("write"); // BEGIN IMMEDIATE: SQLite's write lock
    try {
      // Reads still answer...
      expect((await me.json("GET", "/api/files?parent=root")).status).toBe(200);
      // ...but /health notices that nothing can be written.
      expect(await health()).toMatchObject({ status: 503, body: { status: "degraded", db: "down", blobs: "ok" } });
      // A write gives up with the retryable 503, never a 500 or a request left hanging.
      const made = await me.json("POST", "/api/folders", { parentId: null, name: "While locked" });
      expect(made.status).toBe(503);
      expect(made.body.error.code).toBe("database_unavailable");
    } finally {
      await holding.rollback();
      outside.close();
    }

    expect(await health()).toMatchObject({ status: 200, body: { db: "ok" } });
    const made = await me.json("POST", "/api/folders", { parentId: null, name: "After the lock" });
    expect(made.status).toBe(201);
    // The write refused while locked left nothing behind.
    const names = (await me.json("GET", "/api/files?parent=root")).body.items.map((i: { name: string }) => i.name);
    expect(names).toEqual(["After the lock"]);
  });
});
