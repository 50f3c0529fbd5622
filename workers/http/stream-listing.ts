/**
 * A folder listing of any size as one JSON document (`FileListResponse`), written while its items
 * are read a chunk at a time: the response never holds the whole folder, and no query returns it.
 */
import type { FileItem, PathStep } from "@hearth/contract";

export function streamListing(listing: {
  folder: FileItem | null;
  path: PathStep[];
  items: AsyncGenerator<FileItem[]>;
}): Response {
  const encoder = new TextEncoder();
  let started = false;
  let first = true;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        const head = JSON.stringify({ folder: listing.folder, path: listing.path });
        controller.enqueue(encoder.encode(`${head.slice(0, -1)},"items":[`));
        return;
      }
      // Each pull enqueues something (a pull that enqueues nothing is not called again).
      for (;;) {
        const next = await listing.items.next();
        if (next.done) {
          controller.enqueue(encoder.encode(`],"nextCursor":null}`));
          controller.close();
          return;
        }
        if (next.value.length === 0) continue;
        const text = next.value.map((item) => JSON.stringify(item)).join(",");
        controller.enqueue(encoder.encode(first ? text : `,${text}`));
        first = false;
        return;
      }
    },
    async cancel() {
      await listing.items.return(undefined);
    },
  });
  return new Response(body, { headers: { "content-type": "application/json; charset=utf-8" } });
}
