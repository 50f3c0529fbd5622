/*
 * Listing walks the folder tree in key order instead of scanning everything:
 *
 *  - it starts in the folder named by the prefix's complete segments ("thumbs/240/" starts in
 *    thumbs/240; "thumbs/24" starts in thumbs and keeps only entries beginning with "24");
 *  - inside a folder, an object "x" sorts as its key and a subfolder "x" as "x/" followed by
 *    everything in it, so visiting entries in that order yields keys in R2's order;
 *  - whole subfolders before the cursor / startAfter are skipped without being opened;
 *  - when a subfolder's keys all fall in one delimited prefix (the delimiter occurs in the
 *    folder's own path after the prefix, as "/" always does once the prefix is a folder), it is
 *    reported as that prefix after checking it holds at least one object, not walked.
 *
 * Empty folders are left behind by deletes (removing a folder through the disk service is
 * recursive, so it is never done for key folders); they cost a listing request and are otherwise
 * invisible.
 */
import { DiskBucketError, R2ErrorCode } from "./errors.js";
import type { DiskClient, DiskPath } from "./disk-client.js";
import { classifyEntry, decodeStem, locateFolder, nameRecordName, normalizeKey, sidecarName } from "./key-path.js";
import type { ListBound } from "./list-position.js";
import { blockPosition, compareKeys, decodeCursor, encodeCursor, isAfterBounds } from "./list-position.js";
import type { ObjectFiles } from "./object-files.js";
import { DiskR2Object } from "./r2-object.js";

/** R2's list options, with the `include` field the runtime accepts. */
export type ListOptions = R2ListOptions & { include?: ("httpMetadata" | "customMetadata")[] };

const MAX_LIMIT = 1000;
/** How many sidecars a listing reads at once. */
const READ_CONCURRENCY = 32;

interface ListQuery {
  prefix: string;
  delimiter?: string;
  bounds: ListBound[];
}

type Candidate = { kind: "object"; key: string; sidecar: DiskPath } | { kind: "prefix"; prefix: string };
type Listed = { kind: "object"; object: R2Object } | { kind: "prefix"; prefix: string };

/** Implements `R2Bucket.list` over the folder tree. */
export async function listObjects(
  client: DiskClient,
  files: ObjectFiles,
  options: ListOptions = {},
): Promise<R2Objects> {
  const limit = options.limit ?? MAX_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new DiskBucketError("list", R2ErrorCode.INVALID_MAX_KEYS, "MaxKeys params must be positive integer <= 1000.");
  }
  const include = new Set(options.include ?? []);
  // Normalized like keys, so a prefix with a lone surrogate matches the keys it was stored as.
  const query: ListQuery = {
    prefix: normalizeKey(options.prefix ?? ""),
    delimiter: options.delimiter ? normalizeKey(options.delimiter) : undefined,
    bounds: [],
  };
  if (options.startAfter !== undefined)
    query.bounds.push({ after: normalizeKey(options.startAfter), skipPrefix: false });
  if (options.cursor !== undefined && options.cursor !== "") {
    const bound = decodeCursor(options.cursor);
    if (bound === null) throw new DiskBucketError("list", R2ErrorCode.INVALID_ARGUMENT, "The cursor is not valid.");
    query.bounds.push(bound);
  }

  const segments = query.prefix.split("/");
  segments.pop(); // the partial last segment is matched against entry names instead
  const startFolder = await locateFolder(segments);
  const keyBase = segments.length > 0 ? segments.join("/") + "/" : "";
  const walker = walk(client, startFolder, keyBase, query);

  const listed: Listed[] = [];
  let lastPrefix: string | undefined;
  let exhausted = false;
  try {
    while (listed.length <= limit && !exhausted) {
      const batch: Candidate[] = [];
      const wanted = Math.min(READ_CONCURRENCY, limit + 1 - listed.length);
      while (batch.length < wanted) {
        const next = await walker.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        const candidate = next.value;
        if (candidate.kind === "prefix") {
          // Keys sharing a delimited prefix are adjacent in key order, so a repeat is always the last one seen.
          if (candidate.prefix === lastPrefix) continue;
          lastPrefix = candidate.prefix;
        }
        batch.push(candidate);
      }
      const resolved = await Promise.all(
        batch.map(async (candidate): Promise<Listed | null> => {
          if (candidate.kind === "prefix") return candidate;
          const record = await files.readAt(candidate.sidecar);
          // Gone since the folder was listed (a racing delete), or not one of ours.
          if (record === null || record.key !== candidate.key) return null;
          const view = { httpMetadata: include.has("httpMetadata"), customMetadata: include.has("customMetadata") };
          return { kind: "object", object: new DiskR2Object(record, view) };
        }),
      );
      for (const item of resolved) if (item !== null) listed.push(item);
    }
  } finally {
    await walker.return(undefined);
  }

  const page = listed.slice(0, limit);
  const objects = page.flatMap((item) => (item.kind === "object" ? [item.object] : []));
  const delimitedPrefixes = page.flatMap((item) => (item.kind === "prefix" ? [item.prefix] : []));
  const last = page[page.length - 1];
  if (listed.length > limit && last !== undefined) {
    const bound =
      last.kind === "object" ? { after: last.object.key, skipPrefix: false } : { after: last.prefix, skipPrefix: true };
    return { objects, delimitedPrefixes, truncated: true, cursor: encodeCursor(bound) };
  }
  return { objects, delimitedPrefixes, truncated: false };
}

/** Yields the keys and delimited prefixes under `folder` (whose keys start with `keyBase`) in key order. */
async function* walk(
  client: DiskClient,
  folder: string[],
  keyBase: string,
  query: ListQuery,
): AsyncGenerator<Candidate> {
  const entries = await readFolder(client, folder, keyBase);
  for (const entry of entries) {
    if (entry.kind === "object") {
      const key = entry.sortKey;
      if (!key.startsWith(query.prefix) || !isAfterBounds(key, query.bounds)) continue;
      const group = delimitedPrefix(key, query);
      if (group !== null) yield { kind: "prefix", prefix: group };
      else yield { kind: "object", key, sidecar: [...folder, sidecarName(entry.stem)] };
      continue;
    }
    const base = entry.sortKey;
    if (!base.startsWith(query.prefix) && !query.prefix.startsWith(base)) continue;
    const position = blockPosition(base, query.bounds);
    if (position === "before") continue;
    const group = base.startsWith(query.prefix) ? delimitedPrefix(base, query) : null;
    if (group !== null && position === "after") {
      if (await holdsAnyObject(client, [...folder, entry.stem])) yield { kind: "prefix", prefix: group };
      continue;
    }
    yield* walk(client, [...folder, entry.stem], base, query);
  }
}

/** The delimited prefix a key (or a whole folder's keys) rolls up into, or null. */
function delimitedPrefix(key: string, query: ListQuery): string | null {
  if (query.delimiter === undefined) return null;
  const rest = key.slice(query.prefix.length);
  const at = rest.indexOf(query.delimiter);
  return at < 0 ? null : query.prefix + rest.slice(0, at + query.delimiter.length);
}

interface SortedEntry {
  kind: "object" | "folder";
  stem: string;
  /** The object's key, or the folder's key prefix ending in "/". */
  sortKey: string;
}

/** A folder's objects and subfolders, decoded and sorted in key order. */
async function readFolder(client: DiskClient, folder: string[], keyBase: string): Promise<SortedEntry[]> {
  const listing = (await client.list(folder)) ?? [];
  const decoded = await Promise.all(
    listing.map(async (raw): Promise<SortedEntry | null> => {
      const entry = classifyEntry(raw.name, raw.type);
      if (entry.kind === "other") return null;
      let segment = decodeStem(entry.stem);
      if (segment === "hashed") segment = await client.readText([...folder, nameRecordName(entry.stem)]);
      if (segment === null) return null;
      const sortKey = keyBase + segment + (entry.kind === "folder" ? "/" : "");
      return { kind: entry.kind, stem: entry.stem, sortKey };
    }),
  );
  return decoded.filter((e): e is SortedEntry => e !== null).sort((a, b) => compareKeys(a.sortKey, b.sortKey));
}

/** Whether a folder holds an object anywhere below it (folders emptied by deletes do not count). */
async function holdsAnyObject(client: DiskClient, folder: string[]): Promise<boolean> {
  const listing = (await client.list(folder)) ?? [];
  const entries = listing.map((raw) => classifyEntry(raw.name, raw.type));
  if (entries.some((e) => e.kind === "object")) return true;
  for (const entry of entries) {
    if (entry.kind === "folder" && (await holdsAnyObject(client, [...folder, entry.stem]))) return true;
  }
  return false;
}
