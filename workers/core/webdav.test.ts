import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedFile, seedFolder, seedUser } from "../../tests/harness/core-seed";
import { testServices, type TestServices } from "../../tests/harness/core-services";
import { listTrash } from "./trash";
import { deleteResource, transfer } from "./webdav";
import {
  assertUnlocked,
  evaluateIf,
  parseIfHeader,
  parseTimeout,
  refreshLock,
  releaseLock,
  submittedTokens,
  takeLock,
} from "./webdav-locks";
import { hrefOf, isWithin, lockPathOf, parseDavPath, parseDestination, resolvePath } from "./webdav-paths";

const status = async (work: () => unknown) => {
  try {
    await work();
    return 200;
  } catch (error) {
    return (error as { status?: number }).status ?? 500;
  }
};

describe("WebDAV paths", () => {
  it("decodes each segment once and keeps names as typed (NFC)", () => {
    expect(parseDavPath("/dav")).toEqual([]);
    expect(parseDavPath("/dav/")).toEqual([]);
    expect(parseDavPath("/dav/Photos/IMG%201.jpg")).toEqual(["Photos", "IMG 1.jpg"]);
    expect(parseDavPath("/dav/a%2525b")).toEqual(["a%25b"]);
    expect(parseDavPath("/dav/Cafe\u0301/")).toEqual(["Café"]);
  });

  it("refuses climbing out, hidden separators, NUL and control characters, and paths outside /dav", async () => {
    for (const raw of ["/dav/..", "/dav/%2e%2e", "/dav/a/%2E%2E/b", "/dav/."])
      expect(await status(() => parseDavPath(raw)), raw).toBe(403);
    for (const raw of ["/dav/a%2fb", "/dav/a%5cb", "/dav/a%00b", "/dav/a%0ab", "/dav/%E0%A4%A", "/dav/con"])
      expect(await status(() => parseDavPath(raw)), raw).toBe(400);
    expect(await status(() => parseDavPath("/davx/a"))).toBe(404);
    expect(await status(() => parseDavPath("/api/files"))).toBe(404);
  });

  it("makes hrefs and lock paths from names", () => {
    expect(hrefOf([], true)).toBe("/dav/");
    expect(hrefOf(["My Photos", "a#b.jpg"], false)).toBe("/dav/My%20Photos/a%23b.jpg");
    expect(hrefOf(["Docs"], true)).toBe("/dav/Docs/");
    expect(lockPathOf([])).toBe("/");
    expect(lockPathOf(["Docs", "A.TXT"])).toBe("/docs/a.txt");
    expect(isWithin(["a", "b"], ["A"])).toBe(true);
    expect(isWithin(["ab"], ["a"])).toBe(false);
    expect(isWithin(["x"], [])).toBe(true);
  });

  it("accepts a Destination only on this server and under /dav/", async () => {
    const here = "http://nas.local:8080/dav/a.txt";
    expect(parseDestination("http://nas.local:8080/dav/b%20c.txt", here)).toEqual(["b c.txt"]);
    expect(parseDestination("/dav/Docs/b.txt", here)).toEqual(["Docs", "b.txt"]);
    expect(parseDestination("https://home.example/dav/x", here, "https://home.example")).toEqual(["x"]);
    expect(await status(() => parseDestination("http://evil.example/dav/x", here))).toBe(502);
    expect(await status(() => parseDestination("http://nas.local:9999/dav/x", here))).toBe(502);
    expect(await status(() => parseDestination("http://user:pw@nas.local:8080/dav/x", here))).toBe(502);
    expect(await status(() => parseDestination("/api/files/x", here))).toBe(403);
    // URL resolution removes dot segments first: what is left must still be under /dav/.
    expect(await status(() => parseDestination("/dav/%2e%2e/api/x", here))).toBe(403);
    expect(await status(() => parseDestination("/dav/a%2fb", here))).toBe(400);
    expect(await status(() => parseDestination(undefined, here))).toBe(400);
  });
});

describe("WebDAV over a Drive", () => {
  let services: TestServices;
  let ann: string;
  let bob: string;

  beforeEach(async () => {
    services = await testServices();
    ann = await seedUser(services, "Ann");
    bob = await seedUser(services, "Bob");
  });
  afterEach(() => services.close());

  it("resolves paths by name in the owner's tree only, case-insensitively", async () => {
    const photos = await seedFolder(services, ann, "Photos");
    const file = await seedFile(services, ann, "Beach.jpg", "sand", photos.id);
    expect(await resolvePath(services, ann, [])).toEqual({ kind: "root" });
    const found = await resolvePath(services, ann, ["photos", "beach.JPG"]);
    expect(found.kind === "item" && found.item.id).toBe(file.id);
    expect(await resolvePath(services, ann, ["Photos", "new.jpg"])).toEqual({
      kind: "missing",
      parentId: photos.id,
      name: "new.jpg",
    });
    expect(await resolvePath(services, ann, ["Nope", "new.jpg"])).toEqual({
      kind: "missing",
      parentId: undefined,
      name: "new.jpg",
    });
    // Bob sees none of it, by name or by id.
    expect((await resolvePath(services, bob, ["Photos"])).kind).toBe("missing");
    expect((await resolvePath(services, bob, [photos.id])).kind).toBe("missing");
  });

  it("DELETE moves to the trash; COPY and MOVE honour Overwrite and refuse a folder into itself", async () => {
    const docs = await seedFolder(services, ann, "Docs");
    await seedFile(services, ann, "a.txt", "A", docs.id);
    await seedFile(services, ann, "b.txt", "B", docs.id);
    const move = (from: string[], to: string[], overwrite: boolean) =>
      transfer(services, ann, "move", { source: from, destination: to, overwrite, shallow: false });
    expect(await status(() => move(["Docs", "a.txt"], ["Docs", "b.txt"], false))).toBe(412);
    expect(await move(["Docs", "a.txt"], ["Docs", "b.txt"], true)).toBe(true);
    expect((await listTrash(services, ann)).map((i) => i.name)).toEqual(["b.txt"]);
    expect(await status(() => move(["Docs"], ["Docs", "Inner"], false))).toBe(403);
    expect(await status(() => move(["Docs", "b.txt"], ["Missing", "b.txt"], false))).toBe(409);
    expect(
      await transfer(services, ann, "copy", {
        source: ["Docs"],
        destination: ["Copy"],
        overwrite: false,
        shallow: false,
      }),
    ).toBe(false);
    const copied = await resolvePath(services, ann, ["Copy", "b.txt"]);
    expect(copied.kind).toBe("item");
    await deleteResource(services, ann, ["Copy"], await resolvePath(services, ann, ["Copy"]));
    expect((await listTrash(services, ann)).map((i) => i.name).sort()).toEqual(["Copy", "b.txt"]);
    expect(await status(async () => deleteResource(services, ann, [], await resolvePath(services, ann, [])))).toBe(403);
  });
});

describe("WebDAV locks and the If header", () => {
  let services: TestServices;
  let ann: string;
  let bob: string;

  beforeEach(async () => {
    services = await testServices();
    ann = await seedUser(services, "Ann");
    bob = await seedUser(services, "Bob");
  });
  afterEach(() => services.close());

  const lock = (
    ownerId: string,
    path: string,
    scope: "exclusive" | "shared" = "exclusive",
    depth: "0" | "infinity" = "infinity",
  ) => takeLock(services, ownerId, { path, depth, scope, lockOwner: null, timeoutSeconds: 600 });

  it("parses timeouts and If headers, tagged and untagged, with Not and entity tags", () => {
    expect(parseTimeout("Second-100")).toBe(100);
    expect(parseTimeout("Infinite, Second-4100000000")).toBe(3600);
    expect(parseTimeout(undefined)).toBe(600);
    const lists = parseIfHeader('<http://h/dav/a> (<opaquelocktoken:1> ["e1"]) (Not <DAV:no-lock>)');
    expect(lists).toEqual([
      {
        resource: "http://h/dav/a",
        conditions: [
          { not: false, token: "opaquelocktoken:1" },
          { not: false, etag: '"e1"' },
        ],
      },
      { resource: "http://h/dav/a", conditions: [{ not: true, token: "DAV:no-lock" }] },
    ]);
    expect(submittedTokens(lists)).toEqual(["opaquelocktoken:1"]);
    for (const bad of ["(", "(<a>", "()", "junk", "(<a> [e)"]) expect(() => parseIfHeader(bad), bad).toThrow();
    const state = { lockTokens: ["opaquelocktoken:1"], etag: '"e1"' };
    expect(evaluateIf(parseIfHeader('(<opaquelocktoken:1> ["e1"])'), () => state)).toBe(true);
    expect(evaluateIf(parseIfHeader('(<opaquelocktoken:1> ["e2"])'), () => state)).toBe(false);
    expect(evaluateIf(parseIfHeader("(<opaquelocktoken:2>) (Not <DAV:no-lock>)"), () => state)).toBe(true);
    expect(evaluateIf(parseIfHeader("(<DAV:no-lock>)"), () => state)).toBe(false);
  });

  it("a lock protects its path and, at depth infinity, everything below; only its token lets a write through", async () => {
    const taken = await lock(ann, "/docs");
    expect(taken.token).toMatch(/^opaquelocktoken:[0-9a-f-]{36}$/);
    expect(await status(() => assertUnlocked(services, ann, "/docs/a.txt", []))).toBe(423);
    expect(await status(() => assertUnlocked(services, ann, "/docs/a.txt", ["opaquelocktoken:other"]))).toBe(423);
    expect(await status(() => assertUnlocked(services, ann, "/docs/a.txt", [taken.token]))).toBe(200);
    expect(await status(() => assertUnlocked(services, ann, "/docsx", []))).toBe(200);
    // Deleting the parent needs the tokens of locks below it.
    expect(await status(() => assertUnlocked(services, ann, "/", [], true))).toBe(423);
    // Another user's tree is not affected, and their token does nothing for Ann.
    expect(await status(() => assertUnlocked(services, bob, "/docs/a.txt", []))).toBe(200);
    expect(await status(() => releaseLock(services, bob, "/docs", taken.token))).toBe(409);
    expect(await status(() => lock(ann, "/docs/a.txt"))).toBe(423);
    await releaseLock(services, ann, "/docs", taken.token);
    expect(await status(() => assertUnlocked(services, ann, "/docs/a.txt", []))).toBe(200);
  });

  it("shared locks coexist, exclusive ones do not, and locks expire unless refreshed", async () => {
    const first = await lock(ann, "/a.txt", "shared", "0");
    await lock(ann, "/a.txt", "shared", "0");
    expect(await status(() => lock(ann, "/a.txt", "exclusive", "0"))).toBe(423);
    expect(await status(() => assertUnlocked(services, ann, "/a.txt", [first.token]))).toBe(200);
    services.advance(500_000);
    await refreshLock(services, ann, "/a.txt", first.token, 600);
    services.advance(200_000);
    // The second lock ran out; the refreshed first one still holds.
    expect(await status(() => assertUnlocked(services, ann, "/a.txt", []))).toBe(423);
    services.advance(600_000);
    expect(await status(() => assertUnlocked(services, ann, "/a.txt", []))).toBe(200);
    expect(await status(() => refreshLock(services, ann, "/a.txt", first.token, 600))).toBe(412);
  });
});
