/**
 * Resumable uploads (tus 1.0 at /api/uploads) against the real runtime. The official
 * tus-js-client does the uploading where a real client would: through a connection that is cut
 * mid-chunk, and across a restart of Hearth. Raw requests check the protocol's edges.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import { connect, createServer, type Server } from "node:net";
import { join } from "node:path";
import { createClient, type Client as DbClient } from "@libsql/client/web";
import * as tus from "tus-js-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "./harness/client";
import { databaseOf, removeDataDir, mediaProcessAddress, startHearth, type RunningHearth } from "./harness/hearth";

const MiB = 1024 * 1024;
/** The server's chunk object size (workers/upload/tus/chunk-store.ts). */
const CHUNK_BYTES = 8 * MiB;
const TUS = { "tus-resumable": "1.0.0" };
const DATA = { ...TUS, "content-type": "application/offset+octet-stream" };

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const base64 = (text: string | Uint8Array) => Buffer.from(text).toString("base64");
const metadata = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([key, value]) => `${key} ${base64(value)}`)
    .join(",");

describe("tus resumable uploads", () => {
  let hearth: RunningHearth;
  let db: DbClient;
  let owner: Client;
  let other: Client;
  let otherId = "";

  beforeAll(async () => {
    // Long idle time: a test below calls the media process's /maintenance directly.
    hearth = await startHearth({ env: { MEDIA_IDLE_SECONDS: "3600" } });
    db = createClient(databaseOf(hearth));
    owner = new Client(hearth.url);
    expect((await owner.register("owner@example.com", "owner password 123", "Owner")).status).toBe(201);
    const created = await owner.json("POST", "/api/admin/users", {
      email: "other@example.com",
      password: "other password 123",
      name: "Other",
    });
    otherId = created.body.user?.id ?? created.body.id;
    other = new Client(hearth.url);
    expect((await other.login("other@example.com", "other password 123")).status).toBe(200);
  });
  afterAll(async () => {
    db?.close();
    await hearth?.stop();
    if (hearth) removeDataDir(hearth.dataDir);
  });

  const cookieOf = (client: Client) => (client as unknown as { cookie: string }).cookie;

  /** Uploads with tus-js-client; resolves with the upload URL and the Hearth-File-Id of the last answer. */
  function tusUpload(bytes: Buffer, filename: string, options: Partial<tus.UploadOptions> & { base?: string } = {}) {
    const base = options.base ?? hearth.url;
    return new Promise<{ url: string; fileId: string }>((resolve, reject) => {
      const upload = new tus.Upload(bytes, {
        endpoint: `${base}/api/uploads`,
        chunkSize: 8 * MiB,
        retryDelays: [0, 250, 1000, 2000],
        headers: { cookie: cookieOf(owner), origin: base },
        metadata: { filename, filetype: "application/octet-stream" },
        onSuccess: ({ lastResponse }) =>
          resolve({ url: upload.url ?? "", fileId: String(lastResponse.getHeader("Hearth-File-Id") ?? "") }),
        onError: reject,
        ...options,
      });
      upload.start();
    });
  }

  async function create(client: Client, length: number, filename: string, headers: Record<string, string> = {}) {
    return client.request("POST", "/api/uploads", {
      headers: { ...TUS, "upload-length": String(length), "upload-metadata": metadata({ filename }), ...headers },
    });
  }

  async function createdUpload(length: number, filename: string): Promise<string> {
    const response = await create(owner, length, filename);
    expect(response.status).toBe(201);
    return response.headers.get("location")!;
  }

  const patch = (
    client: Client,
    location: string,
    offset: number,
    body: Uint8Array,
    headers: Record<string, string> = {},
  ) =>
    client.request("PATCH", location, {
      headers: { ...DATA, "upload-offset": String(offset), ...headers },
      body: Buffer.from(body),
    });

  const head = (client: Client, location: string) => client.request("HEAD", location, { headers: TUS });

  async function contentOf(fileId: string): Promise<Buffer> {
    const response = await owner.request("GET", `/api/files/${fileId}/content`);
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  }

  /** Each upload's multipart upload id, remembered (its row goes when the upload ends). */
  const multipartIds = new Map<string, string>();

  /**
   * Files holding an upload's bytes before it is a file: its tail objects' data files under
   * `tus/<ab>/<uploadId>/`, and its parts (those with bytes) in the blob store's multipart folder
   * while the multipart upload is live (once completed, the folder holds the file's own bytes).
   */
  async function storedChunks(location: string): Promise<string[]> {
    const uploadId = location.split("/").pop()!;
    if (!multipartIds.has(uploadId)) {
      const row = await db.execute({ sql: "select multipart_id from uploads where id = ?", args: [uploadId] });
      multipartIds.set(uploadId, String(row.rows[0]?.multipart_id ?? ""));
    }
    const folder = join(hearth.dataDir, "blobs", "tus", uploadId.slice(0, 2), uploadId);
    const tails = existsSync(folder) ? readdirSync(folder).filter((name) => name.includes("~d")) : [];
    const parts = join(hearth.dataDir, "blobs", "~multipart", multipartIds.get(uploadId)!);
    const partFiles =
      multipartIds.get(uploadId) && existsSync(join(parts, "upload.json"))
        ? readdirSync(parts).filter((name) => name.endsWith(".part") && statSync(join(parts, name)).size > 0)
        : [];
    return [...tails, ...partFiles];
  }

  /** Every file holding bytes of unfinished uploads (tail objects and parts with bytes). */
  function allStoredChunks(): string[] {
    const files = (root: string, keep: (path: string) => boolean) =>
      existsSync(root)
        ? (readdirSync(root, { recursive: true }) as string[]).filter(keep).map((p) => join(root, p))
        : [];
    const blobs = join(hearth.dataDir, "blobs");
    return [
      ...files(join(blobs, "tus"), (path) => path.includes("~d")),
      ...files(join(blobs, "~multipart"), (path) => path.endsWith(".part")).filter(
        (p) => statSync(p).size > 0 && existsSync(join(p, "..", "upload.json")),
      ),
    ].sort();
  }

  async function expectFile(fileId: string, name: string, bytes: Buffer) {
    expect(fileId).toMatch(/^[0-9a-z]{20}$/);
    const file = await owner.json("GET", `/api/files/${fileId}`);
    expect(file.status).toBe(200);
    const item = file.body.file ?? file.body;
    expect(item).toMatchObject({ name, size: bytes.length, sha256: sha256(bytes) });
    expect(sha256(await contentOf(fileId))).toBe(sha256(bytes));
  }

  it("announces the protocol, its extensions and checksum algorithms", async () => {
    const response = await owner.request("OPTIONS", "/api/uploads");
    expect(response.status).toBe(204);
    expect(response.headers.get("tus-resumable")).toBe("1.0.0");
    expect(response.headers.get("tus-version")).toBe("1.0.0");
    expect(response.headers.get("tus-extension")?.split(",")).toEqual(
      expect.arrayContaining([
        "creation",
        "creation-with-upload",
        "creation-defer-length",
        "termination",
        "expiration",
        "checksum",
      ]),
    );
    expect(Number(response.headers.get("tus-max-size"))).toBeGreaterThan(0);
    expect(response.headers.get("tus-checksum-algorithm")?.split(",")).toEqual(
      expect.arrayContaining(["sha256", "sha1"]),
    );
  });

  it("a 48 MiB upload whose connection is cut mid-chunk resumes and arrives byte for byte", async () => {
    const bytes = randomBytes(48 * MiB);
    const proxy = await droppingProxy(hearth.port, 20 * MiB);
    try {
      const { fileId, url } = await tusUpload(bytes, "cut-connection.bin", {
        base: proxy.url,
        headers: { cookie: cookieOf(owner), origin: proxy.url },
      });
      expect(proxy.dropped()).toBe(true);
      await expectFile(fileId, "cut-connection.bin", bytes);
      expect(await storedChunks(url)).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it("a 48 MiB upload survives a restart of Hearth between chunks, at the same URL", async () => {
    const bytes = randomBytes(48 * MiB);
    let restarted = false;
    let urlBefore = "";
    const { url, fileId } = await tusUpload(bytes, "across-restart.bin", {
      onBeforeRequest: async (request) => {
        if (restarted || request.getMethod() !== "PATCH" || request.getHeader("Upload-Offset") !== String(24 * MiB))
          return;
        restarted = true;
        urlBefore = request.getURL();
        const { port, dataDir } = hearth;
        expect((await hearth.stop()).code).toBe(0);
        hearth = await startHearth({ port, dataDir });
        db = createClient(databaseOf(hearth));
      },
    });
    expect(restarted).toBe(true);
    expect(url).toBe(urlBefore);
    await expectFile(fileId, "across-restart.bin", bytes);
  });

  it("a client that never got the last answer learns its file from HEAD, and no second file is made", async () => {
    const bytes = randomBytes(48 * MiB);
    const proxy = await droppingProxy(hearth.port, 44 * MiB, "response");
    try {
      const { fileId } = await tusUpload(bytes, "lost-answer.bin", {
        base: proxy.url,
        headers: { cookie: cookieOf(owner), origin: proxy.url },
      });
      expect(proxy.dropped()).toBe(true);
      await expectFile(fileId, "lost-answer.bin", bytes);
      const listed = await owner.json("GET", "/api/files?parent=root");
      expect(listed.body.items.filter((item: { name: string }) => item.name.startsWith("lost-answer")).length).toBe(1);
    } finally {
      await proxy.close();
    }
  });

  it("the last chunk sent twice at once makes one file", async () => {
    const bytes = randomBytes(64 * MiB);
    const location = await createdUpload(bytes.length, "twice.bin");
    const last = bytes.length - CHUNK_BYTES;
    expect((await patch(owner, location, 0, bytes.subarray(0, last))).status).toBe(204);
    const first = patch(owner, location, last, bytes.subarray(last));
    await new Promise((resolve) => setTimeout(resolve, 150));
    const second = patch(owner, location, last, bytes.subarray(last));
    const answers = await Promise.all([first, second]);
    const fileIds = answers
      .filter((answer) => answer.status === 204)
      .map((answer) => answer.headers.get("hearth-file-id"));
    // The second either waited for the first's file or was told the upload changed under it.
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses[0]).toBe(204);
    expect([204, 409]).toContain(statuses[1]);
    expect(new Set(fileIds).size).toBe(1);
    const listed = await owner.json("GET", "/api/files?parent=root");
    expect(listed.body.items.filter((item: { name: string }) => item.name.startsWith("twice")).length).toBe(1);
    await expectFile(fileIds[0]!, "twice.bin", bytes);
  });

  it("a request that breaks off keeps every whole chunk that arrived", async () => {
    const bytes = randomBytes(20 * MiB);
    const location = await createdUpload(bytes.length, "broken-request.bin");
    await sendAndCut(hearth.port, location, cookieOf(owner), hearth.url, bytes, 12 * MiB);
    let offset = -1;
    for (let tries = 0; tries < 50 && offset !== CHUNK_BYTES; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      offset = Number((await head(owner, location)).headers.get("upload-offset"));
    }
    expect(offset).toBe(CHUNK_BYTES);
    const rest = await patch(owner, location, offset, bytes.subarray(offset));
    expect(rest.status).toBe(204);
    expect(Number(rest.headers.get("upload-offset"))).toBe(bytes.length);
    await expectFile(rest.headers.get("hearth-file-id")!, "broken-request.bin", bytes);
  });

  it("a finished upload still reports its offset and file, and a repeated last chunk makes no second file", async () => {
    const bytes = Buffer.from("hello, resumable world");
    const location = await createdUpload(bytes.length, "once.txt");
    expect((await patch(owner, location, 0, bytes.subarray(0, 10))).status).toBe(204);
    const last = await patch(owner, location, 10, bytes.subarray(10));
    expect(last.status).toBe(204);
    const fileId = last.headers.get("hearth-file-id")!;
    expect(last.headers.get("access-control-expose-headers")).toContain("Hearth-File-Id");

    const again = await patch(owner, location, 10, bytes.subarray(10));
    expect(again.status).toBe(204);
    expect(again.headers.get("hearth-file-id")).toBe(fileId);
    const status = await head(owner, location);
    expect(status.status).toBe(200);
    expect(status.headers.get("upload-offset")).toBe(String(bytes.length));
    expect(status.headers.get("upload-length")).toBe(String(bytes.length));
    expect(status.headers.get("hearth-file-id")).toBe(fileId);
    expect(status.headers.get("cache-control")).toBe("no-store");

    const listed = await owner.json("GET", "/api/files?parent=root");
    expect(
      listed.body.items
        .filter((item: { name: string }) => item.name.startsWith("once"))
        .map((item: { id: string }) => item.id),
    ).toEqual([fileId]);
    await expectFile(fileId, "once.txt", bytes);
  });

  it("data sent without a Content-Length (chunked) is stored like any other", async () => {
    const bytes = randomBytes(CHUNK_BYTES + 3 * MiB);
    const location = await createdUpload(bytes.length, "chunked.bin");
    const chunked = await owner.request("PATCH", location, {
      headers: { ...DATA, "upload-offset": "0" },
      body: new Blob([bytes]).stream() as unknown as BodyInit,
    });
    expect(chunked.status).toBe(204);
    await expectFile(chunked.headers.get("hearth-file-id")!, "chunked.bin", bytes);
  });

  it("HEAD tells a new upload's offset, length, metadata and expiry", async () => {
    const location = await createdUpload(1000, "fresh.bin");
    expect(location).toMatch(/^\/api\/uploads\/[0-9a-z]{20}$/);
    const status = await head(owner, location);
    expect(status.status).toBe(200);
    expect(status.headers.get("upload-offset")).toBe("0");
    expect(status.headers.get("upload-length")).toBe("1000");
    expect(status.headers.get("upload-metadata")).toBe(metadata({ filename: "fresh.bin" }));
    expect(Date.parse(status.headers.get("upload-expires")!)).toBeGreaterThan(Date.now() + 23 * 3600_000);
    expect(status.headers.get("tus-resumable")).toBe("1.0.0");
  });

  it("data that fails its Upload-Checksum is refused with 460 and not kept", async () => {
    const bytes = randomBytes(3 * MiB);
    const location = await createdUpload(bytes.length, "checked.bin");
    const wrong = await patch(owner, location, 0, bytes, {
      "upload-checksum": `sha256 ${base64(createHash("sha256").update("something else").digest())}`,
    });
    expect(wrong.status).toBe(460);
    expect((await head(owner, location)).headers.get("upload-offset")).toBe("0");
    expect(await storedChunks(location)).toEqual([]);

    const half = bytes.subarray(0, MiB + 5);
    const sha1 = await patch(owner, location, 0, half, {
      "upload-checksum": `sha1 ${base64(createHash("sha1").update(half).digest())}`,
    });
    expect(sha1.status).toBe(204);
    expect(sha1.headers.get("upload-offset")).toBe(String(half.length));
    const restBytes = bytes.subarray(half.length);
    const rest = await patch(owner, location, half.length, restBytes, {
      "upload-checksum": `sha256 ${base64(createHash("sha256").update(restBytes).digest())}`,
    });
    expect(rest.status).toBe(204);
    await expectFile(rest.headers.get("hearth-file-id")!, "checked.bin", bytes);
  });

  it("data sent for the wrong offset is refused with 409", async () => {
    const location = await createdUpload(100, "offsets.bin");
    expect((await patch(owner, location, 0, new Uint8Array(10))).status).toBe(204);
    const wrong = await patch(owner, location, 5, new Uint8Array(10));
    expect(wrong.status).toBe(409);
    expect(wrong.headers.get("tus-resumable")).toBe("1.0.0");
    expect((await patch(owner, location, 20, new Uint8Array(10))).status).toBe(409);
    expect((await head(owner, location)).headers.get("upload-offset")).toBe("10");
  });

  it("refuses other protocol versions (412), other content types (415) and data past the length", async () => {
    const location = await createdUpload(10, "strict.bin");
    const version = await owner.request("PATCH", location, {
      headers: { ...DATA, "tus-resumable": "0.2.2", "upload-offset": "0" },
      body: "x",
    });
    expect(version.status).toBe(412);
    expect(version.headers.get("tus-version")).toBe("1.0.0");
    const type = await owner.request("PATCH", location, {
      headers: { ...TUS, "content-type": "application/octet-stream", "upload-offset": "0" },
      body: "x",
    });
    expect(type.status).toBe(415);
    expect((await patch(owner, location, 0, new Uint8Array(11))).status).toBe(413);
    expect((await head(owner, location)).headers.get("upload-offset")).toBe("0");
  });

  it("another user's upload is not found, and stays untouched", async () => {
    const location = await createdUpload(100, "mine.bin");
    expect((await patch(owner, location, 0, new Uint8Array(10))).status).toBe(204);
    expect((await head(other, location)).status).toBe(404);
    expect((await patch(other, location, 10, new Uint8Array(10))).status).toBe(404);
    expect((await other.request("DELETE", location, { headers: TUS })).status).toBe(404);
    expect((await head(owner, location)).headers.get("upload-offset")).toBe("10");
  });

  it("an Upload-Length over the quota is refused with 413 before any byte is stored", async () => {
    expect((await owner.json("PATCH", `/api/admin/users/${otherId}`, { quotaBytes: 4 * MiB })).status).toBe(200);
    const chunksBefore = allStoredChunks();
    const declared = await create(other, 5 * MiB, "too-big.bin");
    expect(declared.status).toBe(413);
    expect(declared.headers.get("location")).toBeNull();
    const withData = await other.request("POST", "/api/uploads", {
      headers: { ...DATA, "upload-length": String(5 * MiB), "upload-metadata": metadata({ filename: "too-big.bin" }) },
      body: Buffer.alloc(64 * 1024),
    });
    expect(withData.status).toBe(413);
    expect(allStoredChunks()).toEqual(chunksBefore);
    const rows = await db.execute({ sql: "select count(*) as n from uploads where owner_id = ?", args: [otherId] });
    expect(Number(rows.rows[0]!.n)).toBe(0);
    expect((await create(other, 3 * MiB, "fits.bin")).status).toBe(201);
  });

  it("DELETE ends an upload and removes its stored chunks from the data folder", async () => {
    const location = await createdUpload(20 * MiB, "abandoned.bin");
    expect((await patch(owner, location, 0, randomBytes(CHUNK_BYTES + MiB))).status).toBe(204);
    expect(await storedChunks(location)).toHaveLength(2);
    const deleted = await owner.request("DELETE", location, { headers: TUS });
    expect(deleted.status).toBe(204);
    expect(await storedChunks(location)).toEqual([]);
    expect((await head(owner, location)).status).toBe(404);
  });

  it("an expired upload is refused, and maintenance deletes it with its chunks", async () => {
    const location = await createdUpload(100, "late.bin");
    expect((await patch(owner, location, 0, new Uint8Array(10))).status).toBe(204);
    await db.execute({
      sql: "update uploads set expires_at = ? where id = ?",
      args: [Date.now() - 1000, location.split("/").pop()!],
    });
    expect((await head(owner, location)).status).toBe(410);
    expect((await patch(owner, location, 10, new Uint8Array(10))).status).toBe(410);
    expect(await storedChunks(location)).toHaveLength(1);

    // The hourly maintenance (in a media process) deletes it with its chunks.
    const media = await mediaProcessAddress(hearth);
    const maintenance = await (await fetch(`http://${media}/maintenance`, { method: "POST" })).json();
    expect(maintenance.expiredUploads).toBe(1);
    expect(await storedChunks(location)).toEqual([]);
    expect((await head(owner, location)).status).toBe(404);
  });

  it("names that could escape or hide are refused with 400", async () => {
    for (const filename of ["../x", "a\u0000b", "..", "x/y", "evil\u202egpj.exe"]) {
      const response = await create(owner, 10, filename);
      expect(response.status, JSON.stringify(filename)).toBe(400);
      expect((await response.json()).error.code).toBe("invalid_name");
    }
    const unnamed = await owner.request("POST", "/api/uploads", { headers: { ...TUS, "upload-length": "10" } });
    expect(unnamed.status).toBe(400);
  });

  it("uploads into the user's own folder only", async () => {
    const folder = await owner.json("POST", "/api/folders", { parentId: "root", name: "Holiday" });
    const foreign = await other.request("POST", "/api/uploads", {
      headers: {
        ...TUS,
        "upload-length": "10",
        "upload-metadata": metadata({ filename: "x.bin", parentId: folder.body.id }),
      },
    });
    expect(foreign.status).toBe(404);
    const bytes = randomBytes(3 * MiB + 17);
    const { fileId } = await tusUpload(bytes, "beach.bin", {
      metadata: { filename: "beach.bin", parentId: folder.body.id },
    });
    const listed = await owner.json("GET", `/api/files?parent=${folder.body.id}`);
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([fileId]);
  });

  it("tus-js-client's creation-with-upload, deferred length and empty files work", async () => {
    const small = randomBytes(3 * MiB + 1);
    const withCreation = await tusUpload(small, "with-creation.bin", {
      uploadDataDuringCreation: true,
      chunkSize: MiB,
    });
    await expectFile(withCreation.fileId, "with-creation.bin", small);

    const deferred = await tusUpload(small, "deferred.bin", { uploadLengthDeferred: true, chunkSize: MiB });
    await expectFile(deferred.fileId, "deferred.bin", small);

    const exact = randomBytes(2 * MiB);
    const deferredExact = await tusUpload(exact, "deferred-exact.bin", { uploadLengthDeferred: true, chunkSize: MiB });
    await expectFile(deferredExact.fileId, "deferred-exact.bin", exact);

    const empty = await tusUpload(Buffer.alloc(0), "empty.txt");
    expect(empty.fileId).toMatch(/^[0-9a-z]{20}$/);
    expect((await contentOf(empty.fileId)).length).toBe(0);
  });
});

/**
 * A TCP proxy in front of Hearth that cuts one connection, once the client has sent `dropAfter`
 * bytes: mid-request (`cut: "request"`), or when the answer to that request comes (`"response"`).
 */
async function droppingProxy(targetPort: number, dropAfter: number, cut: "request" | "response" = "request") {
  let sent = 0;
  let dropped = false;
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, "127.0.0.1");
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    const dropNow = () => !dropped && sent > dropAfter && (dropped = true);
    client.on("data", (data: Buffer) => {
      sent += data.length;
      if (cut === "request" && dropNow()) return close();
      if (!upstream.write(data)) client.pause();
    });
    upstream.on("drain", () => client.resume());
    upstream.on("data", (data: Buffer) => {
      if (cut === "response" && dropNow()) return close();
      client.write(data);
    });
    client.on("close", close);
    upstream.on("close", close);
    client.on("error", close);
    upstream.on("error", close);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    dropped: () => dropped,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Sends a PATCH of all of `bytes` but closes the socket after `cutAfter` bytes of the body. */
async function sendAndCut(
  port: number,
  location: string,
  cookie: string,
  origin: string,
  bytes: Buffer,
  cutAfter: number,
): Promise<void> {
  const socket = connect(port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  socket.on("error", () => {});
  const headers = [
    `PATCH ${location} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    `Cookie: ${cookie}`,
    `Origin: ${origin}`,
    "Tus-Resumable: 1.0.0",
    "Upload-Offset: 0",
    "Content-Type: application/offset+octet-stream",
    `Content-Length: ${bytes.length}`,
  ];
  await new Promise<void>((resolve) => socket.write(headers.join("\r\n") + "\r\n\r\n", () => resolve()));
  await new Promise<void>((resolve) => socket.write(bytes.subarray(0, cutAfter), () => resolve()));
  // Let the server read what was sent before the connection goes.
  await new Promise((resolve) => setTimeout(resolve, 500));
  socket.destroy();
}
