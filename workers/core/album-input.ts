/** Reading album requests: names, lists of photo ids, page cursors and sizes (400 for anything else). */
import { DEFAULT_ALBUM_PAGE, MAX_ALBUM_BATCH, MAX_ALBUM_NAME, MAX_ALBUM_PAGE } from "@hearth/contract";
import { badRequest } from "../lib/errors";
import type { AlbumKey } from "../repositories/albums";

export function parseName(raw: unknown): string {
  if (typeof raw !== "string") throw badRequest("invalid_name", "An album needs a name.");
  const name = raw.normalize("NFC").trim();
  if (name.length === 0) throw badRequest("invalid_name", "An album needs a name.");
  if (name.length > MAX_ALBUM_NAME)
    throw badRequest("invalid_name", `Album names can be at most ${MAX_ALBUM_NAME} characters.`);
  if (/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(name))
    throw badRequest("invalid_name", "Album names cannot contain control or text-direction characters.");
  return name;
}

/** A list of file ids from a request body: 1 to MAX_ALBUM_BATCH strings, duplicates dropped. */
export function parseFileIds(raw: unknown, { allowEmpty = false, max = MAX_ALBUM_BATCH } = {}): string[] {
  const valid =
    Array.isArray(raw) &&
    raw.length <= max &&
    (allowEmpty || raw.length > 0) &&
    raw.every((id) => typeof id === "string" && id.length > 0 && id.length <= 64);
  if (!valid) throw badRequest("invalid_file_ids", `fileIds is a list of 1 to ${max} photo ids.`);
  return [...new Set(raw as string[])];
}

/** A page cursor: `<sortAt>.<id>` of the last item shown. */
export function decodeAfter(raw: string | undefined): AlbumKey | undefined {
  if (raw === undefined) return undefined;
  const parts = /^(-?\d{1,16})\.([A-Za-z0-9_-]{1,64})$/.exec(raw);
  if (!parts) throw badRequest("invalid_cursor", "after is the nextCursor of the previous page.");
  return { sortAt: Number(parts[1]), id: parts[2]! };
}

export function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_ALBUM_PAGE;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ALBUM_PAGE)
    throw badRequest("invalid_limit", `limit is 1 to ${MAX_ALBUM_PAGE}.`);
  return limit;
}
