/** The data a tus request carries. */
import type { Context } from "hono";
import { SliceReader } from "@hearth/storage-adapter";
import { byteCountHeader } from "./protocol";

export interface RequestData {
  /** Null when the request has no data (no body, or Content-Length: 0). */
  stream: ReadableStream<Uint8Array> | null;
  /** The declared Content-Length; undefined for a chunked body. */
  contentLength?: number;
}

export function requestData(c: Context): RequestData {
  const contentLength = byteCountHeader(c.req.header("content-length"), "Content-Length");
  const stream = contentLength === 0 ? null : c.req.raw.body;
  return contentLength === undefined ? { stream } : { stream, contentLength };
}

/**
 * Reads a body to its end and forgets it. Used before answering success without storing the
 * data (a retried last chunk): a client still sending when the answer comes may report a broken
 * connection instead of the answer. Large slices keep it cheap.
 */
export async function discardData(data: RequestData): Promise<void> {
  if (!data.stream) return;
  const slices = new SliceReader(data.stream);
  while (await slices.take(Infinity)) {
    // nothing to keep
  }
}
