/**
 * Seeding Drive rows for unit tests of workers/core/, through the repositories (as the product
 * writes them): a user, folders, and files whose bytes are in the test bucket.
 */
import { originalKey } from "../../workers/lib/blob-keys";
import { newId } from "../../workers/lib/ids";
import { mimeFromName } from "../../workers/lib/mime";
import { insertBlob, type BlobRow } from "../../workers/repositories/blobs";
import { insertItem, type FileRow } from "../../workers/repositories/files";
import { insertUser } from "../../workers/repositories/users";
import type { TestServices } from "./core-services";

/** A user (with an optional quota); resolves with its id. */
export async function seedUser(
  services: TestServices,
  name = "Ann",
  quotaBytes: number | null = null,
): Promise<string> {
  const id = newId();
  await insertUser(services.db, {
    id,
    email: `${name.toLowerCase()}-${id}@example.com`,
    name,
    passwordHash: "not used here",
    now: services.now(),
    role: "member",
    quotaBytes,
  });
  return id;
}

export async function seedFolder(
  services: TestServices,
  ownerId: string,
  name: string,
  parentId: string | null = null,
): Promise<FileRow> {
  const now = services.now();
  return insertItem(services.db, {
    id: newId(),
    ownerId,
    parentId,
    name,
    kind: "folder",
    size: 0,
    createdAt: now,
    updatedAt: now,
  });
}

/** Stores bytes as a blob: in the bucket and as a row. */
export async function seedBlob(services: TestServices, text: string): Promise<BlobRow> {
  const id = newId();
  const bytes = new TextEncoder().encode(text);
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  const sha256 = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  const blob: BlobRow = {
    id,
    key: originalKey(id),
    size: bytes.byteLength,
    sha256,
    mime: "text/plain",
    createdAt: services.now(),
  };
  await services.bucket.put(blob.key, bytes);
  await insertBlob(services.db, blob);
  return blob;
}

/** A file with the given text as its bytes, or pointing at an existing blob. */
export async function seedFile(
  services: TestServices,
  ownerId: string,
  name: string,
  content: string | BlobRow,
  parentId: string | null = null,
): Promise<FileRow> {
  const blob = typeof content === "string" ? await seedBlob(services, content) : content;
  const now = services.now();
  return insertItem(services.db, {
    id: newId(),
    ownerId,
    parentId,
    name,
    kind: "file",
    size: blob.size,
    mime: mimeFromName(name),
    blobId: blob.id,
    createdAt: now,
    updatedAt: now,
  });
}
