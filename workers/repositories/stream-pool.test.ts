import { createClient, type Client } from "@libsql/client/web";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPrimary, type Sqld } from "../../tests/harness/replication";
import { keepingStreams } from "./stream-pool";

/** Statements through sqld's HTTP API as the workers send them: on kept streams. */
describe("kept sqld streams", () => {
  let sqld: Sqld;
  let folder: string;
  let pooled: Client;
  let plain: Client;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "hearth-streams-"));
    sqld = await startPrimary(folder);
    pooled = createClient({ url: sqld.url, authToken: sqld.token, fetch: keepingStreams(fetch) });
    plain = sqld.client();
  });
  afterAll(async () => {
    await sqld?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it("runs statements and batches on a stream kept from the one before", async () => {
    await pooled.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)");
    await pooled.execute({ sql: "INSERT INTO notes (text) VALUES (?)", args: ["first"] });
    // The connection is the same one: it remembers the row it inserted (a new one would say 0).
    expect(Number((await pooled.execute("SELECT last_insert_rowid() AS id")).rows[0]!.id)).toBe(1);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        pooled.batch([{ sql: "INSERT INTO notes (text) VALUES (?)", args: [`n${i}`] }], "write"),
      ),
    );
    const counted = await pooled.batch(
      ["SELECT count(*) AS n FROM notes", "SELECT text FROM notes WHERE id = 1"],
      "read",
    );
    expect(Number(counted[0]!.rows[0]!.n)).toBe(41);
    expect(counted[1]!.rows[0]!.text).toBe("first");
    expect(Number((await plain.execute("SELECT count(*) AS n FROM notes")).rows[0]!.n)).toBe(41);
  });

  it("never carries a transaction left open into the next statement", async () => {
    await pooled.execute("BEGIN");
    await pooled.execute({ sql: "INSERT INTO notes (text) VALUES (?)", args: ["after begin"] });
    // Committed on its own, so another connection sees it and can write.
    expect(Number((await plain.execute("SELECT count(*) AS n FROM notes WHERE text = 'after begin'")).rows[0]!.n)).toBe(
      1,
    );
    await plain.execute("INSERT INTO notes (text) VALUES ('from elsewhere')");
  });

  it("reports a failing statement and goes on", async () => {
    await expect(pooled.execute("INSERT INTO missing VALUES (1)")).rejects.toThrow(/no such table/);
    expect(Number((await pooled.execute("SELECT count(*) AS n FROM notes")).rows[0]!.n)).toBe(43);
  });

  it("after sqld restarts, runs the next statement once on a new stream", async () => {
    await pooled.execute("SELECT 1");
    await sqld.kill();
    await sqld.restart();
    await pooled.execute({ sql: "INSERT INTO notes (text) VALUES (?)", args: ["after restart"] });
    expect(
      Number((await plain.execute("SELECT count(*) AS n FROM notes WHERE text = 'after restart'")).rows[0]!.n),
    ).toBe(1);
  });
});
