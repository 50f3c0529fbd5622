/**
 * Deleting stored bytes. Many files may share one blob (copies, duplicate uploads), so bytes go
 * only once no file uses them; the repositories forget the rows first (repositories/blobs.ts
 * `forgetUnusedBlobs`) and the bytes follow here, original and derived files alike.
 */
import { derivedKeys } from "../lib/blob-keys";
import { forgetUnusedBlobs, type BlobRow } from "../repositories/blobs";
import type { Services } from "./services";

/** Deletes the bytes of blobs whose rows are already gone: the original and every derived key. */
export async function deleteBytesOf(services: Pick<Services, "bucket">, blobs: BlobRow[]): Promise<void> {
  for (const blob of blobs) await services.bucket.delete([blob.key, ...derivedKeys(blob.id)]);
}

/** Forgets the given blobs that no file uses any more, then deletes their bytes. */
export async function collectUnusedBlobs(services: Pick<Services, "db" | "bucket">, blobIds: string[]): Promise<void> {
  await deleteBytesOf(services, await forgetUnusedBlobs(services.db, blobIds));
}
