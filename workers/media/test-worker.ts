/**
 * A worker used only by the media tests and the bench (tests/harness/media-runtime.ts): it runs
 * the media functions on POSTed bytes inside real workerd and answers JSON, with binary results
 * base64-encoded. Not part of the product.
 *
 *   POST /thumbnails?mime=image/jpeg   POST /exif   POST /poster   POST /preview
 *
 * A MediaError answers 422 `{ error: { code, message } }`; anything else is a 500.
 * `?fill=N` replaces the body with N zero bytes made here, so a test of a size limit does not have
 * to push hundreds of MiB through loopback (an early refusal then breaks the client's upload).
 * The video routes stream those zeros chunk by chunk, as the media process streams a blob.
 */
import { MediaError } from "./errors";
import { readExif } from "./exif";
import { makeThumbnails } from "./thumbnails";
import { bytesInput, makeVideoPoster, makeVideoPreview, type StreamedInput } from "./video";

type Handler = (input: Uint8Array, url: URL) => Promise<unknown>;

/** The posted bytes, or `?fill=N` zeros made as they are read (never N bytes at once). */
function videoInput(input: Uint8Array, url: URL): StreamedInput {
  const fill = url.searchParams.get("fill");
  if (fill === null) return bytesInput(input);
  return { size: Number(fill), read: async (_offset, length) => new Uint8Array(length) };
}

const routes: Record<string, Handler> = {
  "/thumbnails": async (input, url) => {
    const set = await makeThumbnails(input, url.searchParams.get("mime") ?? "");
    return { ...set, thumbs: set.thumbs.map((thumb) => ({ ...thumb, jpeg: toBase64(thumb.jpeg) })) };
  },
  "/exif": (input) => readExif(input),
  "/poster": async (input, url) => {
    const poster = await makeVideoPoster(videoInput(input, url));
    return { ...poster, jpeg: toBase64(poster.jpeg) };
  },
  "/preview": async (input, url) => {
    const preview = await makeVideoPreview(videoInput(input, url));
    return { ...preview, mp4: toBase64(preview.mp4) };
  },
};

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const handler = request.method === "POST" ? routes[url.pathname] : undefined;
    if (!handler) return Response.json({ error: { code: "not_found", message: url.pathname } }, { status: 404 });
    try {
      const fill = url.searchParams.get("fill");
      const streamed = url.pathname === "/poster" || url.pathname === "/preview";
      const input =
        fill === null ? new Uint8Array(await request.arrayBuffer()) : new Uint8Array(streamed ? 0 : Number(fill));
      return Response.json(await handler(input, url));
    } catch (error) {
      if (error instanceof MediaError) {
        return Response.json({ error: { code: error.code, message: error.message } }, { status: 422 });
      }
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return Response.json({ error: { code: "internal", message } }, { status: 500 });
    }
  },
} satisfies ExportedHandler;

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  // String.fromCharCode takes its arguments on the stack, so go in chunks.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
