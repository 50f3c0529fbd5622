/**
 * WebDAV at /dav/ against the real runtime: litmus (the WebDAV conformance suite: basic, copymove,
 * props, locks), rclone syncing a tree up and back in step with the API's view of it, and who may
 * reach what: app passwords only, never another user's tree, never after revocation.
 */
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateTOTP } from "@oslojs/otp";
import { execFile } from "node:child_process";
import { connect } from "node:net";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "./harness/client";
import { removeDataDir, startHearth, type RunningHearth } from "./harness/hearth";

const run = promisify(execFile);

interface DavUser {
  client: Client;
  email: string;
  password: string;
  appPasswordId: string;
}

const basic = (email: string, password: string) => `Basic ${Buffer.from(`${email}:${password}`).toString("base64")}`;

describe("WebDAV", () => {
  let hearth: RunningHearth;
  let owner: DavUser;
  let other: DavUser;
  let work: string;

  async function newAppPassword(client: Client, name: string) {
    const created = await client.json("POST", "/api/me/app-passwords", { name });
    expect(created.status).toBe(201);
    return created.body as { id: string; name: string; password: string };
  }

  const dav = (
    user: { email: string; password: string },
    method: string,
    path: string,
    headers: Record<string, string> = {},
    body?: string,
  ) =>
    fetch(hearth.url + path, {
      method,
      headers: { authorization: basic(user.email, user.password), ...headers },
      body,
    });

  beforeAll(async () => {
    hearth = await startHearth();
    work = mkdtempSync(join(tmpdir(), "hearth-webdav-"));
    const ownerClient = new Client(hearth.url);
    await ownerClient.register("owner@example.com", "owner account password", "Owner");
    const ownerPassword = await newAppPassword(ownerClient, "litmus");
    owner = {
      client: ownerClient,
      email: "owner@example.com",
      password: ownerPassword.password,
      appPasswordId: ownerPassword.id,
    };
    const created = await ownerClient.json("POST", "/api/admin/users", {
      email: "other@example.com",
      password: "other account password",
      name: "Other",
    });
    expect(created.status).toBe(201);
    const otherClient = new Client(hearth.url);
    expect((await otherClient.login("other@example.com", "other account password")).status).toBe(200);
    const otherPassword = await newAppPassword(otherClient, "phone");
    other = {
      client: otherClient,
      email: "other@example.com",
      password: otherPassword.password,
      appPasswordId: otherPassword.id,
    };
  });
  afterAll(async () => {
    await hearth?.stop();
    if (hearth) removeDataDir(hearth.dataDir);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("passes litmus: basic, copymove, props and locks", async () => {
    const cwd = join(work, "litmus");
    mkdirSync(cwd);
    const { stdout } = await run("litmus", [`${hearth.url}/dav/`, owner.email, owner.password], {
      cwd,
      env: { ...process.env, TESTS: "basic copymove props locks" },
      timeout: 120_000,
    }).catch((error: { stdout?: string; stderr?: string }) => {
      throw new Error(
        `litmus failed:\n${error.stdout}\n${error.stderr}\n${readFileSync(join(cwd, "debug.log"), "utf8").slice(-4000)}`,
      );
    });
    const summaries = [...stdout.matchAll(/summary for `(\w+)': of (\d+) tests run: (\d+) passed, (\d+) failed/g)].map(
      (m) => ({ suite: m[1], run: Number(m[2]), passed: Number(m[3]), failed: Number(m[4]) }),
    );
    expect(summaries.map((s) => s.suite)).toEqual(["basic", "copymove", "props", "locks"]);
    for (const summary of summaries) expect(summary, stdout).toMatchObject({ failed: 0, passed: summary.run });
    // What litmus deleted went to the trash, as a DELETE from the web app does.
    const trash = await owner.client.json("GET", "/api/trash");
    expect(trash.body.items.length).toBeGreaterThan(0);
  }, 150_000);

  it("rclone syncs a tree up and back in step with what the web app shows", async () => {
    const local = join(work, "tree");
    mkdirSync(join(local, "Photos", "2024"), { recursive: true });
    mkdirSync(join(local, "Docs", "empty"), { recursive: true });
    mkdirSync(join(local, "Ünïcode folder"), { recursive: true });
    writeFileSync(join(local, "Docs", "notes.txt"), "first notes\n");
    writeFileSync(join(local, "Docs", "same-a.txt"), "identical bytes\n");
    writeFileSync(join(local, "same-b.txt"), "identical bytes\n");
    writeFileSync(join(local, "Photos", "2024", "big.bin"), Buffer.alloc(3 * 1024 * 1024, 7));
    writeFileSync(join(local, "Photos", "2024", "small.bin"), Buffer.from([1, 2, 3]));
    writeFileSync(join(local, "Ünïcode folder", "naïve résumé.txt"), "ça va\n");
    writeFileSync(join(local, "gone-soon.txt"), "delete me\n");

    const { stdout: obscured } = await run("rclone", ["obscure", owner.password]);
    const env = {
      ...process.env,
      RCLONE_CONFIG: join(work, "no-rclone.conf"),
      RCLONE_CONFIG_HEARTH_TYPE: "webdav",
      RCLONE_CONFIG_HEARTH_URL: `${hearth.url}/dav/`,
      // "owncloud": rclone then sends X-OC-Mtime, so Hearth keeps file times and syncs compare time and size.
      RCLONE_CONFIG_HEARTH_VENDOR: "owncloud",
      RCLONE_CONFIG_HEARTH_USER: owner.email,
      RCLONE_CONFIG_HEARTH_PASS: obscured.trim(),
    };
    const rclone = async (...args: string[]) => {
      const { stdout, stderr } = await run("rclone", [...args, "--stats-one-line", "-v"], { env, timeout: 60_000 });
      return stdout + stderr;
    };
    await rclone("sync", local, "hearth:Backup", "--create-empty-src-dirs");
    expect(await rclone("check", local, "hearth:Backup", "--download")).toMatch(/0 differences found/);

    // Change some, delete some, add some; sync again.
    writeFileSync(join(local, "Docs", "notes.txt"), "second notes, longer than the first\n");
    // A change that keeps the size: only the modification time tells rclone.
    writeFileSync(join(local, "Docs", "same-a.txt"), "IDENTICAL BYTES\n");
    utimesSync(join(local, "Docs", "same-a.txt"), new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
    rmSync(join(local, "gone-soon.txt"));
    rmSync(join(local, "Photos", "2024", "small.bin"));
    writeFileSync(join(local, "Photos", "new.txt"), "new file\n");
    await rclone("sync", local, "hearth:Backup", "--create-empty-src-dirs");
    expect(await rclone("check", local, "hearth:Backup", "--download")).toMatch(/0 differences found/);

    // The web app's listing shows the same tree.
    const listing = async (parent: string): Promise<string[]> => {
      const page = await owner.client.json("GET", `/api/files?parent=${parent}`);
      const names: string[] = [];
      for (const item of page.body.items as { id: string; name: string; kind: string }[]) {
        names.push(item.kind === "folder" ? `${item.name}/` : item.name);
        if (item.kind === "folder") for (const inner of await listing(item.id)) names.push(`${item.name}/${inner}`);
      }
      return names;
    };
    const top = await owner.client.json("GET", "/api/files?parent=root");
    const backup = top.body.items.find((i: { name: string }) => i.name === "Backup");
    expect((await listing(backup.id)).sort()).toEqual(
      [
        "Docs/",
        "Docs/empty/",
        "Docs/notes.txt",
        "Docs/same-a.txt",
        "Photos/",
        "Photos/2024/",
        "Photos/2024/big.bin",
        "Photos/new.txt",
        "same-b.txt",
        "Ünïcode folder/",
        "Ünïcode folder/naïve résumé.txt",
      ].sort(),
    );
    // A second sync has nothing to transfer.
    const again = await rclone("sync", local, "hearth:Backup", "--create-empty-src-dirs");
    expect(again).not.toMatch(/INFO\s*:.*(Copied|Deleted)/);
    expect(again).toMatch(/There was nothing to transfer/);
  }, 120_000);

  it("a phone backup app's photos in Photos/ reach the timeline, with thumbnails", async () => {
    expect((await dav(owner, "MKCOL", "/dav/Photos")).status).toBe(201);
    const bytes = readFileSync(join(import.meta.dirname, "fixtures", "small.png"));
    const put = await fetch(`${hearth.url}/dav/Photos/IMG_0001.png`, {
      method: "PUT",
      headers: { authorization: basic(owner.email, owner.password), "content-type": "image/png" },
      body: bytes,
    });
    expect(put.status).toBe(201);
    const etag = put.headers.get("etag");
    // The same ETag from PROPFIND and GET, so sync clients do not fetch it again.
    const propfind = await (await dav(owner, "PROPFIND", "/dav/Photos/IMG_0001.png", { depth: "0" })).text();
    expect(propfind).toContain(`<D:getetag>${etag!.replace(/"/g, "&quot;")}</D:getetag>`);
    const get = await dav(owner, "GET", "/dav/Photos/IMG_0001.png", { range: "bytes=0-3" });
    expect(get.status).toBe(206);
    expect(get.headers.get("etag")).toBe(etag);
    expect(Buffer.from(await get.arrayBuffer())).toEqual(bytes.subarray(0, 4));
    expect((await dav(owner, "GET", "/dav/Photos/IMG_0001.png", { "if-none-match": etag! })).status).toBe(304);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const photos = await owner.client.json("GET", "/api/photos");
      const photo = photos.body.items?.find((p: { name: string }) => p.name === "IMG_0001.png");
      if (photo?.thumbnails?.length) break;
      if (Date.now() > deadline) throw new Error(`no thumbnail: ${JSON.stringify(photo)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  });

  it("an interrupted PUT leaves nothing: no new file, and an existing file keeps its bytes", async () => {
    expect((await dav(owner, "PUT", "/dav/kept.txt", {}, "the old bytes")).status).toBe(201);
    const cut = (path: string) =>
      new Promise<void>((resolve) => {
        const socket = connect(hearth.port, "127.0.0.1", () => {
          socket.write(
            `PUT ${path} HTTP/1.1\r\nHost: 127.0.0.1:${hearth.port}\r\nAuthorization: ${basic(owner.email, owner.password)}\r\n` +
              `Content-Length: ${4 * 1024 * 1024}\r\n\r\n`,
          );
          socket.write(Buffer.alloc(1024 * 1024, 1), () => setTimeout(() => socket.destroy(), 300));
        });
        socket.on("close", () => resolve());
        socket.on("error", () => resolve());
      });
    await cut("/dav/half.bin");
    await cut("/dav/kept.txt");
    // Give the server a moment to notice the broken bodies.
    await new Promise((r) => setTimeout(r, 1000));
    expect((await dav(owner, "PROPFIND", "/dav/half.bin", { depth: "0" })).status).toBe(404);
    expect(await (await dav(owner, "GET", "/dav/kept.txt")).text()).toBe("the old bytes");
  });

  it("answers 401 with a Basic challenge without credentials, and never takes a session cookie", async () => {
    const bare = await fetch(`${hearth.url}/dav/`, { method: "PROPFIND", headers: { depth: "0" } });
    expect(bare.status).toBe(401);
    expect(bare.headers.get("www-authenticate")).toMatch(/^Basic realm="Hearth"/);
    const withCookie = await owner.client.request("PROPFIND", "/dav/", { headers: { depth: "0" } });
    expect(withCookie.status).toBe(401);
    // The account password is not a WebDAV password.
    expect(
      (await dav({ email: owner.email, password: "owner account password" }, "PROPFIND", "/dav/", { depth: "0" }))
        .status,
    ).toBe(401);
  });

  it("keeps each user in their own Drive, whatever the path or Destination says", async () => {
    const secret = await owner.client.upload(
      "secret.txt",
      new TextEncoder().encode("only mine") as Uint8Array<ArrayBuffer>,
    );
    const folder = await owner.client.json("POST", "/api/folders", { parentId: "root", name: "Private" });
    // The other user's WebDAV top level holds nothing of the owner's.
    const listing = await (await dav(other, "PROPFIND", "/dav/", { depth: "1" })).text();
    expect(listing).not.toContain("secret.txt");
    expect(listing).not.toContain("Private");
    const attempts = [
      "/dav/secret.txt",
      `/dav/${secret.body.id}`,
      `/dav/${folder.body.id}/`,
      "/dav/%2e%2e/secret.txt",
      "/dav/Private/%2e%2e/%2e%2e/secret.txt",
      "/dav/..%2fsecret.txt",
      "/dav/%2E%2E%2F%2E%2E%2Fapi%2Ffiles",
      "/dav/a%00b",
      "/dav/Private%2fx",
      "/dav/Private%5c..%5csecret.txt",
    ];
    for (const path of attempts) {
      const response = await dav(other, "GET", path);
      const text = await response.text();
      expect([400, 403, 404], `${path} → ${response.status}`).toContain(response.status);
      expect(text).not.toContain("only mine");
    }
    // Copies and moves can only name paths in the caller's own tree on this server.
    await dav(other, "PUT", "/dav/mine.txt", {}, "other's bytes");
    const destinations: [string, number[]][] = [
      ["http://evil.example/dav/stolen.txt", [502]],
      [`${hearth.url}/api/files`, [403]],
      [`${hearth.url}/dav/%2e%2e/api/x`, [403]],
      [`${hearth.url.replace("127.0.0.1", "127.0.0.2")}/dav/x.txt`, [502]],
      [`http://owner%40example.com:pw@127.0.0.1:${hearth.port}/dav/x.txt`, [502]],
      [`/dav/Private/stolen.txt`, [409]],
      [`/dav/${folder.body.id}/stolen.txt`, [409]],
    ];
    for (const [destination, statuses] of destinations) {
      for (const method of ["COPY", "MOVE"]) {
        const response = await dav(other, method, "/dav/mine.txt", { destination });
        expect(statuses, `${method} → ${destination}: ${response.status}`).toContain(response.status);
      }
    }
    // The owner's things are as they were, and nothing of the other user's reached them.
    expect(await (await dav(owner, "GET", "/dav/secret.txt")).text()).toBe("only mine");
    const privateListing = await owner.client.json("GET", `/api/files?parent=${folder.body.id}`);
    expect(privateListing.body.items).toEqual([]);
    expect(await (await dav(other, "GET", "/dav/mine.txt")).text()).toBe("other's bytes");
    // The other user's password with the owner's email is refused.
    expect((await dav({ email: owner.email, password: other.password }, "GET", "/dav/secret.txt")).status).toBe(401);
  });

  it("refuses a revoked app password at once, and the account password when two-factor is on", async () => {
    const extra = await newAppPassword(other.client, "to revoke");
    const user = { email: other.email, password: extra.password };
    expect((await dav(user, "PROPFIND", "/dav/", { depth: "0" })).status).toBe(207);
    const listed = await other.client.json("GET", "/api/me/app-passwords");
    const entry = listed.body.appPasswords.find((p: { id: string }) => p.id === extra.id);
    expect(entry.lastUsedAt).not.toBeNull();
    expect(listed.body.davUrl).toBe(`http://localhost:${hearth.port}/dav/`);
    expect(JSON.stringify(listed.body)).not.toContain(extra.password);
    expect((await other.client.request("DELETE", `/api/me/app-passwords/${extra.id}`)).status).toBe(204);
    expect((await dav(user, "PROPFIND", "/dav/", { depth: "0" })).status).toBe(401);
    // Another user cannot revoke someone else's password.
    expect((await owner.client.request("DELETE", `/api/me/app-passwords/${other.appPasswordId}`)).status).toBe(404);

    const setup = await other.client.json("POST", "/api/me/two-factor/setup");
    const code = generateTOTP(decodeBase32IgnorePadding(setup.body.secret), 30, 6);
    expect((await other.client.json("POST", "/api/me/two-factor/enable", { code })).status).toBe(200);
    expect(
      (await dav({ email: other.email, password: "other account password" }, "PROPFIND", "/dav/", { depth: "0" }))
        .status,
    ).toBe(401);
    // The app password made before still works: that is what it is for.
    expect((await dav(other, "PROPFIND", "/dav/", { depth: "0" })).status).toBe(207);
  });

  it("audits WebDAV sign-ins once per client, not once per request", async () => {
    for (let i = 0; i < 3; i++)
      await (await dav(owner, "PROPFIND", "/dav/", { depth: "0", "user-agent": "AuditProbe/1.0" })).text();
    const log = await owner.client.json("GET", "/api/admin/audit?action=webdav.login&limit=100");
    const probes = log.body.entries.filter((e: { detail: unknown }) =>
      JSON.stringify(e.detail ?? "").includes("AuditProbe/1.0"),
    );
    expect(probes).toHaveLength(1);
  });
});
