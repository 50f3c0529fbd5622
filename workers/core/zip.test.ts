/** What a ZIP download holds: core/zip.ts. */
import { afterEach, beforeEach, expect, it } from "vitest";
import { testServices, type TestServices } from "../../tests/harness/core-services";
import { newId } from "../lib/ids";
import { recordUpload } from "./uploads";
import { insertItem } from "../repositories/files";
import { moveToTrash } from "./trash";
import { insertUser } from "../repositories/users";
import { planZip } from "./zip";

let services: TestServices;
let owner: string;

async function user(name: string): Promise<string> {
  const id = newId();
  await insertUser(services.db, { id, email: `${name}@example.com`, name, passwordHash: "x", now: 0, role: "member" });
  return id;
}

async function folder(parentId: string | null, name: string, ownerId = owner): Promise<string> {
  const at = services.now();
  const row = { id: newId(), ownerId, parentId, name, kind: "folder" as const, size: 0, createdAt: at, updatedAt: at };
  return (await insertItem(services.db, row)).id;
}

async function upload(parentId: string | null, name: string, text: string, ownerId = owner): Promise<string> {
  const bytes = new TextEncoder().encode(text);
  const key = `originals/${newId()}`;
  await services.bucket.put(key, bytes);
  const upload = { ownerId, parentId, name, mime: "text/plain", key, size: bytes.byteLength, sha256: newId() };
  return (await recordUpload(services, { ...upload, onConflict: "keepBoth" })).id;
}

beforeEach(async () => {
  services = await testServices();
  owner = await user("olive");
});

afterEach(async () => {
  await services.close();
});

it("holds every live item under the chosen ones at its path inside the selection, folders as entries", async () => {
  const docs = await folder(null, "Docs");
  const taxes = await folder(docs, "Taxes");
  await upload(taxes, "2025.txt", "paid");
  const old = await upload(taxes, "2019.txt", "long ago");
  await moveToTrash(services, owner, old);
  const notes = await upload(null, "notes.txt", "hello");
  await upload(null, "elsewhere.txt", "not chosen");

  const plan = await planZip(services, { ownerId: owner, ids: [docs, notes], archiveName: "Hearth download" });
  expect(plan?.filename).toBe("Hearth download.zip");
  const names = plan?.entries.map((entry) => entry.name);
  expect(names).toEqual(["Docs/", "Docs/Taxes/", "Docs/Taxes/2025.txt", "notes.txt"]);
  expect(plan?.entries.at(-1)).toMatchObject({ kind: "file", size: 5 });
});

it("has nothing to download for another user's items, trashed items and unknown ids", async () => {
  const other = await user("sam");
  const theirs = await upload(null, "theirs.txt", "sam's", other);
  const trashed = await folder(null, "Old");
  await moveToTrash(services, owner, trashed);
  expect(await planZip(services, { ownerId: owner, ids: [theirs, trashed, "nope"], archiveName: "x.zip" })).toBeNull();
});
