/**
 * Backups against the real runtime: `hearth backup` while Hearth serves and writes, the manifest,
 * `hearth restore` refusing while Hearth runs, and a restore that gives back exactly the snapshot.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Client } from "./harness/client";
import { hearthCommand, removeDataDir, startHearth, tempDataDir } from "./harness/hearth";

async function fileNames(me: Client): Promise<string[]> {
  const { body } = await me.json("GET", "/api/files?parent=root");
  return (body.items as { name: string }[]).map((i) => i.name).sort();
}

describe("backups", () => {
  it("snapshots the database while Hearth writes, and restores exactly that snapshot", async () => {
    const dataDir = tempDataDir();
    let hearth = await startHearth({ dataDir });
    const me = new Client(hearth.url);
    expect((await me.register()).status).toBeLessThan(300);
    for (let i = 0; i < 5; i++)
      expect((await me.upload(`before-${i}.txt`, new TextEncoder().encode(`file ${i}`))).status).toBe(201);

    // Uploads keep going while the backup runs: the snapshot is one point in time, never torn.
    const writes = Promise.all(
      Array.from({ length: 5 }, (_, i) => me.upload(`during-${i}.txt`, new TextEncoder().encode(`d ${i}`))),
    );
    const backup = await hearthCommand(dataDir, "backup", "--reason", "manual");
    await writes;
    expect(backup.code).toBe(0);
    const name = backup.out.trim().split("\n").pop()!;
    const manifest = JSON.parse(readFileSync(join(dataDir, "backups", name, "manifest.json"), "utf8"));
    expect(manifest.reason).toBe("manual");
    expect(manifest.tables.users).toBe(1);
    expect(manifest.migrations.length).toBeGreaterThan(0);
    const sql = readFileSync(join(dataDir, "backups", name, "db.sql"), "utf8");
    expect(sql).toContain("before-4.txt");
    expect(sql.trim().endsWith("COMMIT;")).toBe(true);

    expect((await me.upload("after.txt", new TextEncoder().encode("after"))).status).toBe(201);
    const refused = await hearthCommand(dataDir, "restore", name);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/Hearth is running .*Stop Hearth first: `docker compose stop hearth`/s);

    await hearth.stop();
    const restored = await hearthCommand(dataDir, "restore", name);
    expect(restored.out).toMatch(/Restored .*The database it replaced is kept in/s);
    expect(restored.code).toBe(0);
    expect(readdirSync(join(dataDir, "backups")).some((n) => n.endsWith("-before-restore"))).toBe(true);

    hearth = await startHearth({ dataDir, port: hearth.port });
    const again = new Client(hearth.url);
    expect((await again.login("admin@example.com", "correct horse battery")).status).toBe(200);
    const names = await fileNames(again);
    expect(names).toContain("before-4.txt");
    expect(names).not.toContain("after.txt");
    // Every file the snapshot lists comes back with its bytes.
    const { body } = await again.json("GET", "/api/files?parent=root");
    for (const item of body.items as { id: string; name: string }[]) {
      const response = await again.request("GET", `/api/files/${item.id}/content`);
      expect(response.status, item.name).toBe(200);
    }
    const listing = await hearthCommand(dataDir, "backups");
    expect(listing.out).toContain(name);
    await hearth.stop();
    removeDataDir(dataDir);
  });
});
