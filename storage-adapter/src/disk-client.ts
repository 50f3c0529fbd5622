/*
 * A thin typed client for workerd's writable disk service (`disk = (path = ..., writable = true)`).
 *
 * What the service does, as measured against workerd 1.20260426:
 *   GET file    200 + bytes; a single satisfiable `Range` gives 206 + Content-Range.
 *   GET folder  200, Content-Type application/json, body `[{"name":"x","type":"file"}, ...]`
 *               (types: file, directory, symlink, ...), sorted by byte order, dotfiles hidden.
 *   HEAD file   200 with Content-Length.
 *   PUT         204; writes a temp file (".kj-tmp.*") then renames it over the target, creating
 *               parent folders. A PUT onto an existing *folder* replaces the whole folder, and a
 *               request body that errors part-way is still committed (truncated) with 204, so
 *               callers must verify what they wrote. A PUT below a file rejects with an error.
 *   DELETE      204, or 404 when missing; deletes folders RECURSIVELY.
 *   Names starting with "." and the names "." / ".." are refused (403/404).
 */

/** One entry of a folder listing. */
export interface DiskEntry {
  name: string;
  type: string;
}

/** An opened file: its bytes (or the requested slice) and its total size. */
export interface OpenedFile {
  body: ReadableStream<Uint8Array>;
  totalSize: number;
}

/** A path inside the disk service, one folder or file name per element. */
export type DiskPath = readonly string[];

/** Reads and writes files through the disk service binding. */
export class DiskClient {
  constructor(private readonly disk: Fetcher) {}

  /** Lists a folder; null when it does not exist (or is a file). */
  async list(path: DiskPath): Promise<DiskEntry[] | null> {
    const response = await this.disk.fetch(this.url(path));
    if (response.status === 404) return discard(response, null);
    await expectStatus(response, [200], "list", path);
    if (!isJson(response)) return discard(response, null);
    const entries: unknown = await response.json();
    if (!Array.isArray(entries)) throw new Error(`disk service returned a malformed listing for ${this.url(path)}`);
    return entries.filter(
      (e): e is DiskEntry =>
        typeof e === "object" && e !== null && typeof e.name === "string" && typeof e.type === "string",
    );
  }

  /** Reads a small file as text; null when missing. */
  async readText(path: DiskPath): Promise<string | null> {
    const response = await this.disk.fetch(this.url(path));
    if (response.status === 404) return discard(response, null);
    await expectStatus(response, [200], "read", path);
    if (isJson(response)) return discard(response, null); // a folder, not a file
    return response.text();
  }

  /**
   * Opens a file, or `length` bytes of it from `offset`. Null when it does not exist.
   * The caller must have checked that the slice is inside the file and non-empty.
   */
  async open(path: DiskPath, slice?: { offset: number; length: number }): Promise<OpenedFile | null> {
    const headers = new Headers();
    if (slice) headers.set("range", `bytes=${slice.offset}-${slice.offset + slice.length - 1}`);
    const response = await this.disk.fetch(this.url(path), { headers });
    if (response.status === 404) return discard(response, null);
    if (response.status === 416) {
      // The file is shorter than the caller believed: report its real size so it can tell.
      const total = Number(/\/(\d+)$/.exec(response.headers.get("content-range") ?? "")?.[1] ?? -1);
      return discard(response, { body: emptyStream(), totalSize: total });
    }
    await expectStatus(response, slice ? [206] : [200], "open", path);
    if (isJson(response)) return discard(response, null);
    const totalSize = slice
      ? Number(/\/(\d+)$/.exec(response.headers.get("content-range") ?? "")?.[1] ?? -1)
      : Number(response.headers.get("content-length") ?? -1);
    return { body: response.body ?? emptyStream(), totalSize };
  }

  /** The size of a file; null when missing. */
  async size(path: DiskPath): Promise<number | null> {
    const response = await this.disk.fetch(this.url(path), { method: "HEAD" });
    if (response.status === 404) return discard(response, null);
    await expectStatus(response, [200], "stat", path);
    if (isJson(response)) return null;
    const length = response.headers.get("content-length");
    return length === null ? null : Number(length);
  }

  /** Writes a whole file atomically (temp file + rename), creating parent folders. */
  async write(path: DiskPath, body: ReadableStream<Uint8Array> | string): Promise<void> {
    const response = await this.disk.fetch(this.url(path), { method: "PUT", body });
    await expectStatus(response, [204, 200, 201], "write", path);
    await response.body?.cancel();
  }

  /** Deletes a file, or a folder with everything in it. Returns false when nothing was there. */
  async remove(path: DiskPath): Promise<boolean> {
    const response = await this.disk.fetch(this.url(path), { method: "DELETE" });
    if (response.status === 404) return discard(response, false);
    await expectStatus(response, [204, 200], "delete", path);
    await response.body?.cancel();
    return true;
  }

  private url(path: DiskPath): string {
    return "http://disk/" + path.map(encodeURIComponent).join("/");
  }
}

function isJson(response: Response): boolean {
  return (response.headers.get("content-type") ?? "").startsWith("application/json");
}

async function discard<T>(response: Response, value: T): Promise<T> {
  await response.body?.cancel();
  return value;
}

async function expectStatus(response: Response, ok: number[], what: string, path: DiskPath): Promise<void> {
  if (ok.includes(response.status)) return;
  const text = await response.text().catch(() => "");
  throw new Error(`disk service ${what} of /${path.join("/")} failed: ${response.status} ${text.slice(0, 200)}`);
}

/** A stream with no bytes, for empty files and empty slices. */
export function emptyStream(): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.close();
    },
  });
}
