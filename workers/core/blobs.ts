/**
 * Deleting stored bytes. Many files may share one blob (copies, duplicate uploads), so bytes go
 * only once no file uses them; the repositories forget the rows first and say which blobs that
 * left unused (repositories/blobs.ts `forgetUnusedBlobs`), and the bytes follow here, original
 * and derived files alike. Bytes a kept backup may still reference (the blob is older than the
 * newest backup) stay: the collector (core/collector.ts) removes them once no kept backup does.
 */
import { derivedKeys } from "../lib/blob-keys";
import type { BlobRow } from "../repositories/blobs";
import { bytesFreeOfBackups } from "./collector";
import type { Services } from "./services";

/** What deleting a blob's bytes needs to know of it. */
export type StoredBlob = Pick<BlobRow, "id" | "key" | "createdAt">;

/** Deletes the bytes of blobs whose rows are already gone: the original and every derived key. */
export async function deleteBytesOf(services: Pick<Services, "bucket" | "db">, blobs: StoredBlob[]): Promise<void> {
  if (blobs.length === 0) return;
  const deletable = await bytesFreeOfBackups(services);
  for (const blob of blobs) {
    if (deletable(blob)) await services.bucket.delete([blob.key, ...derivedKeys(blob.id)]);
  }
}
