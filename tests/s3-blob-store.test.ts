/**
 * Hearth past one box, end to end: its file bytes in S3 (`BLOB_STORE=s3://…`, a real Ceph RGW
 * started for this file, harness/ceph.ts) and its metadata on an sqld primary (`DATABASE_URL`)
 * with a read replica (`DATABASE_REPLICA_URL`, started with `hearth replica` over mutual TLS).
 * What a household does with files must work the same, and the bucket itself is checked:
 * originals and thumbnails land there, nothing lands in DATA_DIR/blobs, and a purge removes the
 * objects.
 */
import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Client as DbClient } from "@libsql/client/web";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCeph, type RunningCeph } from "./harness/ceph";
import { Client } from "./harness/client";
import {
  mediaProcessAddress,
  removeDataDir,
  ROOT,
  startHearth,
  tempDataDir,
  type RunningHearth,
} from "./harness/hearth";
import { eventually, s3BlobStoreEnv, startPrimary, startReplica, type Replica, type Sqld } from "./harness/replication";

const MiB = 1024 * 1024;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const fixture = (name: string) =>
  new Uint8Array(readFileSync(join(ROOT, "tests", "fixtures", name))) as Uint8Array<ArrayBuffer>;

describe("Hearth on S3 (Ceph RGW) with its database on an sqld primary and a read replica", () => {
  let ceph: RunningCeph;
  let primary: Sqld;
  let replica: Replica;
  const databaseDirs = [tempDataDir(), tempDataDir()];
  let hearth: RunningHearth;
  let db: DbClient;
  let me: Client;
  let strayAt = 0;

  beforeAll(async () => {
    ceph = await startCeph({ bucket: "household" });
    primary = await startPrimary(databaseDirs[0]!);
    replica = await startReplica(databaseDirs[1]!, primary.grpc, primary.certsForReplicas);
    hearth = await startHearth({
      env: {
        ...s3BlobStoreEnv(ceph),
        DATABASE_URL: primary.url,
        DATABASE_AUTH_TOKEN: primary.token,
        DATABASE_REPLICA_URL: replica.url,
        DATABASE_REPLICA_AUTH_TOKEN: replica.token,
        MEDIA_IDLE_SECONDS: "3600",
        COLLECTOR_MIN_AGE_MINUTES: "1",
      },
    });
    // Bytes nothing references (a crash between storing and recording leaves such): the collector's.
    const stray = await ceph.client.fetch(`${ceph.endpoint}/${ceph.bucket}/originals/zz/zz/stray`, {
      method: "PUT",
      body: "left behind",
    });
    expect(stray.status).toBe(200);
    strayAt = Date.now();
    db = primary.client();
    me = new Client(hearth.url);
    expect((await me.register()).status).toBe(201);
  }, 240_000);

  afterAll(async () => {
    db?.close();
    await hearth?.stop();
    if (hearth) removeDataDir(hearth.dataDir);
    await replica?.stop();
    await primary?.stop();
    databaseDirs.forEach(removeDataDir);
    await ceph?.stop();
  }, 60_000);

  const keyOf = async (fileId: string) =>
    (
      await db.execute({
        sql: "SELECT blobs.key AS key FROM files JOIN blobs ON blobs.id = files.blob_id WHERE files.id = ?",
        args: [fileId],
      })
    ).rows[0]?.key as string;

  async function settled(id: string) {
    const until = Date.now() + 120_000;
    for (;;) {
      const file = (await me.json("GET", `/api/files/${id}`)).body;
      if (file.processing?.state !== "pending" && file.processing?.state !== "processing") return file;
      if (Date.now() > until) throw new Error(`file ${id} still ${file.processing?.state}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  it("says where the bytes live, and keeps none in DATA_DIR/blobs", async () => {
    expect(hearth.output()).toContain(`file bytes in the S3 bucket ${ceph.bucket} at ${ceph.endpoint}`);
    expect((await me.json("GET", "/health")).status).toBe(200);
  });

  it("stores an upload (PUT) in the bucket and makes its thumbnails there", async () => {
    const uploaded = await me.upload("small.png", fixture("small.png"));
    expect(uploaded.status).toBe(201);
    const file = await settled(uploaded.body.id);
    expect(file.processing.state).toBe("ready");
    expect(file.thumbnails.length).toBeGreaterThan(0);
    const keys = await ceph.listKeys(ceph.bucket);
    expect(keys).toContain(await keyOf(file.id));
    expect(keys.some((key) => key.startsWith("thumbs/"))).toBe(true);
    const thumbnail = await me.request("GET", `/api/files/${file.id}/thumbnail`);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get("content-type")).toBe("image/jpeg");
    expect((await thumbnail.arrayBuffer()).byteLength).toBeGreaterThan(100);
    const content = await me.request("GET", `/api/files/${file.id}/content`);
    expect(sha256(new Uint8Array(await content.arrayBuffer()))).toBe(sha256(fixture("small.png")));
    expect(readdirSync(join(hearth.dataDir, "blobs"))).toEqual([]);
  });

  it("takes a 20 MiB tus upload in 8 MiB PATCHes and serves ranges of it", async () => {
    const data = randomBytes(20 * MiB);
    const created = await me.request("POST", "/api/uploads", {
      headers: {
        "tus-resumable": "1.0.0",
        "upload-length": String(data.byteLength),
        "upload-metadata": `filename ${Buffer.from("video.bin").toString("base64")}`,
      },
    });
    expect(created.status).toBe(201);
    const location = new URL(created.headers.get("location") ?? "", hearth.url).pathname;
    let fileId = "";
    for (let offset = 0; offset < data.byteLength; offset += 8 * MiB) {
      const chunk = data.subarray(offset, Math.min(offset + 8 * MiB, data.byteLength));
      const patched = await me.request("PATCH", location, {
        headers: {
          "tus-resumable": "1.0.0",
          "upload-offset": String(offset),
          "content-type": "application/offset+octet-stream",
        },
        body: new Blob([chunk]),
      });
      expect(patched.status, await patched.clone().text()).toBe(204);
      fileId = patched.headers.get("hearth-file-id") ?? fileId;
    }
    expect(fileId).not.toBe("");
    const whole = await me.request("GET", `/api/files/${fileId}/content`);
    expect(sha256(new Uint8Array(await whole.arrayBuffer()))).toBe(sha256(data));
    const from = 8 * MiB - 10;
    const ranged = await me.request("GET", `/api/files/${fileId}/content`, {
      headers: { range: `bytes=${from}-${from + 19}` },
    });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get("content-range")).toBe(`bytes ${from}-${from + 19}/${data.byteLength}`);
    expect(Buffer.from(await ranged.arrayBuffer())).toEqual(data.subarray(from, from + 20));
    expect(await ceph.listKeys(ceph.bucket)).toContain(await keyOf(fileId));
  });

  it("stores the same bytes once (dedup), counted in the bucket", async () => {
    const data = randomBytes(2 * MiB) as Uint8Array<ArrayBuffer>;
    const first = await me.upload("original.bin", data);
    const before = await ceph.listKeys(ceph.bucket, "originals/");
    const again = await me.upload("copy.bin", data);
    expect(again.status).toBe(201);
    expect(await ceph.listKeys(ceph.bucket, "originals/")).toEqual(before);
    expect(await keyOf(again.body.id)).toBe(await keyOf(first.body.id));
    const copy = await me.request("GET", `/api/files/${again.body.id}/content`);
    expect(sha256(new Uint8Array(await copy.arrayBuffer()))).toBe(sha256(data));
  });

  it("a share link serves the file and its thumbnail from the bucket", async () => {
    const uploaded = await me.upload("shared.png", fixture("small.png"));
    await settled(uploaded.body.id);
    const link = (await me.json("POST", "/api/shares", { fileId: uploaded.body.id })).body;
    const visitor = new Client(hearth.url);
    const content = await visitor.request("GET", `/api/public/${link.token}/files/${uploaded.body.id}/content`);
    expect(content.status).toBe(200);
    expect(sha256(new Uint8Array(await content.arrayBuffer()))).toBe(sha256(fixture("small.png")));
    const thumbnail = await visitor.request("GET", `/api/public/${link.token}/files/${uploaded.body.id}/thumbnail`);
    expect(thumbnail.status).toBe(200);
  });

  it("purging the trash removes the original and its thumbnails from the bucket", async () => {
    const uploaded = await me.upload("doomed.webp", fixture("small.webp"));
    expect((await settled(uploaded.body.id)).processing.state).toBe("ready");
    const key = await keyOf(uploaded.body.id);
    const blobId = (await db.execute({ sql: "SELECT blob_id FROM files WHERE id = ?", args: [uploaded.body.id] }))
      .rows[0]?.blob_id as string;
    const stored = async () => (await ceph.listKeys(ceph.bucket)).filter((k) => k === key || k.includes(blobId));
    expect((await stored()).length).toBeGreaterThan(1); // the original and at least one thumbnail
    expect((await me.request("DELETE", `/api/files/${uploaded.body.id}`)).status).toBe(204);
    await db.execute({
      sql: "UPDATE files SET trashed_at = ? WHERE id = ?",
      args: [Date.now() - 31 * 24 * 3600_000, uploaded.body.id],
    });
    const media = await mediaProcessAddress(hearth);
    const purged = (await (await fetch(`http://${media}/maintenance`, { method: "POST" })).json()) as {
      purgedFromTrash: number;
    };
    expect(purged.purgedFromTrash).toBe(1);
    expect(await stored()).toEqual([]);
  });

  it("the collector removes old unreferenced objects from the bucket and keeps every file's bytes", async () => {
    const referenced = (
      await db.execute(
        "SELECT blobs.key AS key FROM files JOIN blobs ON blobs.id = files.blob_id WHERE files.trashed_at IS NULL",
      )
    ).rows.map((row) => row.key as string);
    expect(referenced.length).toBeGreaterThan(2);
    // COLLECTOR_MIN_AGE_MINUTES=1: the stray object must be a minute old.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, strayAt + 65_000 - Date.now())));
    const run = await me.json("POST", "/api/admin/storage/collect");
    expect(run.status).toBe(200);
    expect(run.body.run.problem).toBeNull();
    expect(run.body.run.objectsRemoved).toBeGreaterThanOrEqual(1);
    const keys = await ceph.listKeys(ceph.bucket);
    expect(keys).not.toContain("originals/zz/zz/stray");
    for (const key of referenced) expect(keys).toContain(key);
  });

  it("the read replica holds every file the household stored, as the primary does", async () => {
    const onPrimary = (await db.execute("SELECT id FROM files WHERE kind = 'file' ORDER BY id")).rows.map((r) => r.id);
    expect(onPrimary.length).toBeGreaterThan(2);
    const onReplica = replica.client();
    try {
      await eventually(onReplica, "SELECT id FROM files WHERE kind = 'file' ORDER BY id", (rows) =>
        JSON.stringify(rows.map((r) => r.id)) === JSON.stringify(onPrimary) ? true : undefined,
      );
    } finally {
      onReplica.close();
    }
  });
});
