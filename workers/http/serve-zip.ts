/**
 * Streaming a ZIP planned by core/zip.ts: entries are read from the blob store one after another
 * while the archive is being sent, never gathered in memory (client-zip writes Zip64 records when
 * the archive passes 4 GiB). A file whose bytes are missing from storage is left out.
 */
import { downloadZip } from "client-zip";
import type { ZipPlan } from "../core/zip";
import { contentDisposition } from "./serve-blob";

export function serveZip(bucket: R2Bucket, plan: ZipPlan): Response {
  async function* entries() {
    for (const entry of plan.entries) {
      if (entry.kind === "folder") {
        yield { name: entry.name, lastModified: entry.lastModified };
        continue;
      }
      const object = await bucket.get(entry.blobKey);
      if (!object || !("body" in object)) continue;
      yield { name: entry.name, lastModified: entry.lastModified, size: entry.size, input: object.body };
    }
  }
  return new Response(downloadZip(entries()).body, {
    headers: {
      "content-type": "application/zip",
      "content-disposition": contentDisposition("attachment", plan.filename),
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
