/**
 * Replicated metadata, with real sqld processes on loopback:
 *  - Hearth's own sqld serves replicas only over mutual TLS (REPLICATION_LISTEN): `hearth replica`
 *    with the copied certificates gets the database; a replica without them gets nothing.
 *  - A Hearth on an external primary (DATABASE_URL) with a read replica (DATABASE_REPLICA_URL):
 *    listings read the replica, yet whoever just changed something sees the change; the primary
 *    going down makes writes answer 503 database_unavailable with Retry-After while reads go on
 *    from the replica; it comes back with every acknowledged write.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureReplicationCertificates, FOR_REPLICAS, REPLICATION_FOLDER } from "@hearth/supervisor/replication/certs";
import { Client } from "./harness/client";
import { freePort, removeDataDir, startHearth, tempDataDir, type RunningHearth } from "./harness/hearth";
import {
  eventually,
  PausableRelay,
  SQLD,
  startPrimary,
  startReplica,
  type Replica,
  type Sqld,
} from "./harness/replication";

const cleanup: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

function temp(): string {
  const dir = tempDataDir();
  cleanup.push(() => removeDataDir(dir));
  return dir;
}

async function createFolder(client: Client, name: string) {
  return client.json("POST", "/api/folders", { parentId: null, name });
}

async function rootNames(client: Client): Promise<string[]> {
  const { status, body } = await client.json("GET", "/api/files?parent=root");
  expect(status).toBe(200);
  return (body.items as { name: string }[]).map((item) => item.name);
}

describe("Hearth's own sqld serves replicas over mutual TLS only", () => {
  it("a replica with the copied certificates gets the database; one without them gets nothing", async () => {
    const grpc = `127.0.0.1:${await freePort()}`;
    const hearth = await startHearth({ dataDir: temp(), env: { REPLICATION_LISTEN: grpc } });
    cleanup.push(() => hearth.stop());
    expect(hearth.output()).toContain(`serving replicas on ${grpc} (mutual TLS)`);
    const admin = new Client(hearth.url);
    expect((await admin.register()).status).toBe(201);
    expect((await createFolder(admin, "Holiday 2026")).status).toBe(201);

    const certs = join(hearth.dataDir, REPLICATION_FOLDER, FOR_REPLICAS);
    const replica = await startReplica(temp(), grpc, certs);
    cleanup.push(() => replica.stop());
    const copied = await eventually(replica.client(), "SELECT name FROM files WHERE name = 'Holiday 2026'", (rows) =>
      rows.length === 1 ? rows : undefined,
    );
    expect(copied[0]!.name).toBe("Holiday 2026");

    // Two replicas that must get nothing: one speaking plain gRPC, one with certificates from another CA.
    const stranger = temp();
    ensureReplicationCertificates(stranger);
    const strangerCerts = join(stranger, REPLICATION_FOLDER, FOR_REPLICAS);
    const uncertified: { port: number; kill: () => void }[] = [];
    for (const flags of [
      ["--primary-grpc-url", `http://${grpc}`],
      ["--primary-grpc-url", `https://${grpc}`, "--primary-grpc-tls"].concat(
        ["--primary-grpc-cert-file", join(strangerCerts, "replica.pem")],
        ["--primary-grpc-key-file", join(strangerCerts, "replica-key.pem")],
        ["--primary-grpc-ca-cert-file", join(strangerCerts, "ca.pem")],
      ),
    ]) {
      const port = await freePort();
      const child = spawn(
        SQLD,
        ["--db-path", join(temp(), "db"), "--http-listen-addr", `127.0.0.1:${port}`, "--no-welcome", ...flags],
        {
          stdio: "ignore",
        },
      );
      uncertified.push({ port, kill: () => child.kill("SIGKILL") });
      cleanup.push(() => child.kill("SIGKILL"));
    }
    // A further write, which the certified replica receives: by then the others had as long to try.
    expect((await createFolder(admin, "After the strangers")).status).toBe(201);
    await eventually(replica.client(), "SELECT name FROM files WHERE name = 'After the strangers'", (rows) =>
      rows.length === 1 ? true : undefined,
    );
    await new Promise((r) => setTimeout(r, 3000));
    for (const { port } of uncertified) {
      const answer = await fetch(`http://127.0.0.1:${port}/v2/pipeline`, {
        method: "POST",
        body: JSON.stringify({ requests: [{ type: "execute", stmt: { sql: "SELECT count(*) FROM sqlite_master" } }] }),
        signal: AbortSignal.timeout(5_000),
      }).then(
        (r) => r.text(),
        (e: Error) => `no answer: ${e.message}`,
      );
      // It never got the schema: either it answers from an empty database or cannot answer at all.
      expect(answer).not.toContain("Holiday");
      expect(answer).not.toMatch(/"rows":\[\[\{"type":"integer","value":"[1-9]/);
    }
  });
});

describe("a Hearth on an external primary with a read replica", () => {
  let primary: Sqld;
  let relay: PausableRelay;
  let replica: Replica;
  let hearth: RunningHearth;
  let admin: Client;

  beforeAll(async () => {
    primary = await startPrimary(temp());
    cleanup.push(() => primary.stop());
    // The replica reaches the primary's replication port through a relay the test can hold back.
    relay = new PausableRelay();
    await relay.start(primary.grpc);
    cleanup.push(() => relay.stop());
    replica = await startReplica(temp(), relay.address, primary.certsForReplicas);
    cleanup.push(() => replica.stop());
    hearth = await startHearth({
      dataDir: temp(),
      env: {
        DATABASE_URL: primary.url,
        DATABASE_AUTH_TOKEN: primary.token,
        DATABASE_REPLICA_URL: replica.url,
        DATABASE_REPLICA_AUTH_TOKEN: replica.token,
        NODE_NAME: "box-b",
      },
    });
    cleanup.push(() => hearth.stop());
    admin = new Client(hearth.url);
    expect((await admin.register()).status).toBe(201);
  });

  it("listings read the replica, but a create-then-list by the same browser always sees its own folder", async () => {
    // With replication flowing, every folder shows in the listing right after it was made.
    for (let i = 0; i < 15; i++) {
      expect((await createFolder(admin, `Flowing ${i}`)).status).toBe(201);
      expect(await rootNames(admin)).toContain(`Flowing ${i}`);
    }
    // Hold replication back: the replica stops at what it has.
    await eventually(
      replica.client(),
      "SELECT name FROM files WHERE name = 'Flowing 14'",
      (r) => r.length || undefined,
    );
    relay.pause();
    expect((await createFolder(admin, "Made while the replica lags")).status).toBe(201);
    // The browser that made it sees it (its listings read the primary for a few seconds)...
    expect(await rootNames(admin)).toContain("Made while the replica lags");
    // ...while the same account in a browser that changed nothing lately reads the replica, which lags.
    const otherTab = new Client(hearth.url);
    otherTab.cookies.set("hearth_session", admin.cookies.get("hearth_session")!);
    const seenByOther = await rootNames(otherTab);
    expect(seenByOther).toContain("Flowing 14");
    expect(seenByOther).not.toContain("Made while the replica lags");
    relay.resume();
    await eventually(
      replica.client(),
      "SELECT 1 FROM files WHERE name = 'Made while the replica lags'",
      (r) => r.length || undefined,
    );
    expect(await rootNames(otherTab)).toContain("Made while the replica lags");
  });

  it("with the primary down, writes answer 503 with Retry-After, reads go on, and no acknowledged write is lost", async () => {
    const bytes = new TextEncoder().encode("the shopping list\n".repeat(100));
    const upload = await admin.upload("list.txt", bytes);
    expect(upload.status).toBe(201);
    // Acknowledged, then the primary loses power at once.
    expect((await createFolder(admin, "Acknowledged last")).status).toBe(201);
    await eventually(
      replica.client(),
      "SELECT 1 FROM files WHERE name = 'Acknowledged last'",
      (r) => r.length || undefined,
    );
    await primary.kill();

    for (const attempt of [1, 2, 3]) {
      const asked = Date.now();
      const response = await admin.request("POST", "/api/folders", {
        json: { parentId: null, name: `Refused ${attempt}` },
      });
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(((await response.json()) as any).error.code).toBe("database_unavailable");
      console.log(`write ${attempt} with the primary down: 503 after ${Date.now() - asked} ms`);
    }
    const rename = await admin.json("PATCH", `/api/files/${upload.body.id}`, { name: "renamed.txt" });
    expect(rename.status).toBe(503);

    // Reads: the session, the listing, search, the timeline, and the file's bytes.
    const names = await rootNames(admin);
    expect(names).toEqual(expect.arrayContaining(["Acknowledged last", "list.txt", "Made while the replica lags"]));
    expect(names.some((n) => n.startsWith("Refused"))).toBe(false);
    expect((await admin.json("GET", "/api/me")).status).toBe(200);
    expect((await admin.json("GET", "/api/search?q=shopping")).status).toBe(200);
    expect((await admin.json("GET", "/api/photos/months")).status).toBe(200);
    const content = await admin.request("GET", `/api/files/${upload.body.id}/content`);
    expect(content.status).toBe(200);
    expect(new Uint8Array(await content.arrayBuffer())).toEqual(bytes);
    const health = await fetch(`${hearth.url}/health`);
    expect(health.status).toBe(503);

    // The primary comes back on the same data: writes work again and nothing acknowledged is missing.
    await primary.restart();
    let again = 0;
    for (let i = 0; i < 100 && again !== 201; i++) {
      again = (await createFolder(admin, "After the outage")).status;
      if (again !== 201) await new Promise((r) => setTimeout(r, 200));
    }
    expect(again).toBe(201);
    const rows = (await primary.client().execute("SELECT name FROM files WHERE trashed_at IS NULL")).rows.map(
      (r) => r.name,
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        "Acknowledged last",
        "list.txt",
        "Made while the replica lags",
        "After the outage",
        "Flowing 0",
      ]),
    );
    expect(rows.some((n) => String(n).startsWith("Refused"))).toBe(false);
    expect(await rootNames(admin)).toContain("After the outage");
  });
});
