/**
 * Search in Photos: one box, every word must match. A word is read as a year, a month, a season,
 * or text. Text matches a word in any of SEARCH_TEXT_SOURCES (the place, the camera, the file name,
 * the names of the photo's albums): "iphone" finds "Apple iPhone 12", "grandma" the album
 * "Grandma's 80th". The last word of the box matches the start of a word too, as it is typed
 * ("lis" finds Lisbon); the words before it are whole words, which keeps a search fast however
 * many photos share a common beginning (a 1–3 letter last word reads the table's prefix index).
 * The words become one FTS5 query over `photo_search` (migrations 0012_places, 0016_album_search),
 * which streams matches newest first.
 *
 * To let a word match one more source (people…): remake `photo_search` with one more column and
 * its trigger `photo_search_keys_on_insert` with it in the document (as 0016_album_search does for
 * album names, with triggers that refresh the documents when the source changes), then add the
 * column's name to SEARCH_TEXT_SOURCES below.
 */
import {
  AREA_PATTERN,
  MAP_CLUSTER_LEVELS,
  MAX_SEARCH_LENGTH,
  MAX_SEARCH_WORDS,
  type PhotoSearchResponse,
  type SearchWord,
} from "@hearth/contract";
import { badRequest } from "../lib/errors";
import * as places from "../repositories/places";
import { pageLimit } from "./photos";
import { toFileItems } from "./presenter";
import type { Services } from "./services";

/** The `photo_search` columns a text word is matched against (any of them). */
export const SEARCH_TEXT_SOURCES = ["place", "camera", "name", "albums"] as const;

const MONTHS = [
  ["january", "jan"],
  ["february", "feb"],
  ["march", "mar"],
  ["april", "apr"],
  ["may"],
  ["june", "jun"],
  ["july", "jul"],
  ["august", "aug"],
  ["september", "sep", "sept"],
  ["october", "oct"],
  ["november", "nov"],
  ["december", "dec"],
];
/** Northern-hemisphere meteorological seasons, as most households mean them. */
const SEASONS: Record<string, number[]> = {
  spring: [3, 4, 5],
  summer: [6, 7, 8],
  autumn: [9, 10, 11],
  fall: [9, 10, 11],
  winter: [12, 1, 2],
};
/** Words that only join others ("photos from Lisbon in 2019"): ignored rather than searched for. */
const FILLER = new Set(["in", "at", "on", "of", "the", "from", "and", "during", "photos", "pictures", "videos"]);

/** How each word of `q` is read; fillers left out. */
export function readQuery(q: string): SearchWord[] {
  if (q.length > MAX_SEARCH_LENGTH) throw badRequest("invalid_query", `q is at most ${MAX_SEARCH_LENGTH} characters.`);
  const words = q
    .toLowerCase()
    .split(/[\s,;]+/)
    .map((w) => w.trim())
    .filter((w) => w !== "" && !FILLER.has(w));
  if (words.length > MAX_SEARCH_WORDS) throw badRequest("invalid_query", `q is at most ${MAX_SEARCH_WORDS} words.`);
  return words.map((text): SearchWord => {
    if (/^(1[89]|20|21)\d\d$/.test(text)) return { kind: "year", text, year: Number(text) };
    const month = MONTHS.findIndex((names) => names.includes(text));
    if (month >= 0) return { kind: "month", text, month: month + 1 };
    if (SEASONS[text]) return { kind: "season", text, months: SEASONS[text] };
    return { kind: "text", text };
  });
}

const two = (n: number) => String(n).padStart(2, "0");
const anyOf = (terms: string[]) => (terms.length === 1 ? terms[0]! : `(${terms.join(" OR ")})`);
const monthTerm = (m: number) => `taken:m${two(m)}`;
const yearTerm = (y: number) => `taken:y${y}`;

/**
 * A text word as an FTS5 phrase: its tokens in order ("img_12" → "img" "12"); as a prefix, the
 * last token may be the start of a word ("img" "12"*).
 */
function textTerm(text: string, prefix: boolean): string | null {
  if (!/[\p{L}\p{N}]/u.test(text)) return null;
  return `{${SEARCH_TEXT_SOURCES.join(" ")}}:"${text.replaceAll('"', '""')}"${prefix ? "*" : ""}`;
}

/**
 * The FTS5 query for the words (without the owner); the last word, when it is text, as a prefix.
 * Years are alternatives ("2019 2020"), months
 * and seasons narrow each other ("summer july" = July). "winter 2019" is December 2019 to February
 * 2020, the winter that starts in 2019.
 */
export function matchQuery(words: SearchWord[]): string | null {
  const terms: string[] = [];
  const years = words.flatMap((w) => (w.kind === "year" ? [w.year] : []));
  let months: number[] | null = null;
  for (const w of words) {
    const set = w.kind === "month" ? [w.month] : w.kind === "season" ? w.months : null;
    if (set) months = months === null ? set : months.filter((m) => set.includes(m));
  }
  const winterSpan = months !== null && months.includes(12) && months.includes(1) && years.length > 0;
  if (winterSpan) {
    const late = months!.filter((m) => m >= 9);
    const early = months!.filter((m) => m < 9);
    terms.push(
      anyOf(
        years.flatMap((y) => [
          `(${yearTerm(y)} AND ${anyOf(late.map(monthTerm))})`,
          `(${yearTerm(y + 1)} AND ${anyOf(early.map(monthTerm))})`,
        ]),
      ),
    );
  } else {
    if (years.length > 0) terms.push(anyOf(years.map(yearTerm)));
    if (months !== null) {
      if (months.length === 0) return "taken:none"; // "july winter": no month is both
      terms.push(anyOf(months.map(monthTerm)));
    }
  }
  for (const [i, w] of words.entries()) {
    if (w.kind !== "text") continue;
    const term = textTerm(w.text, i === words.length - 1);
    if (term) terms.push(term);
  }
  return terms.length === 0 ? null : terms.join(" AND ");
}

/** An owner's token in `photo_search`: 'u' and the hex of the id's UTF-8 bytes (one FTS5 token). */
export function ownerToken(ownerId: string): string {
  return `u${[...new TextEncoder().encode(ownerId)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** A map cluster's tile ("level/x/y") as its FTS5 term; 400 for anything else. */
export function areaTerm(area: string): string {
  const parts = AREA_PATTERN.exec(area);
  const [level, x, y] = parts ? [Number(parts[1]), Number(parts[2]), Number(parts[3])] : [NaN, NaN, NaN];
  if (!(MAP_CLUSTER_LEVELS as readonly number[]).includes(level) || x >= 2 ** level || y >= 2 ** level)
    throw badRequest("invalid_area", "area is a cluster's level/x/y from GET /api/photos/places.");
  return `area:t${level}x${x}y${y}`;
}

export interface PhotoSearchQuery {
  q?: string;
  area?: string;
  before?: string;
  limit?: string;
}

/** `GET /api/photos/search`: the owner's timeline photos matching every word, newest first. */
export async function searchPhotos(
  services: Services,
  ownerId: string,
  query: PhotoSearchQuery,
): Promise<PhotoSearchResponse> {
  const limit = pageLimit(query.limit);
  const understood = readQuery(query.q ?? "");
  const terms = [matchQuery(understood), query.area === undefined ? null : areaTerm(query.area)].filter(
    (t): t is string => t !== null,
  );
  if (terms.length === 0)
    throw badRequest("invalid_query", "Search for a place, a date, a camera, a file name or an album.");
  const before = query.before;
  if (before !== undefined && !/^-?\d{1,19}$/.test(before))
    throw badRequest("invalid_cursor", "before is the previous page's nextCursor.");
  const match = `owner:${ownerToken(ownerId)} AND ${terms.join(" AND ")}`;
  const hits = await places.matchPhotos(services.db, match, before, limit + 1);
  const shown = hits.slice(0, limit);
  const rows = await places.listItemsByIds(
    services.db,
    ownerId,
    shown.map((h) => h.fileId),
  );
  const byId = new Map(rows.map((row) => [row.file.id, row]));
  const ordered = shown.flatMap((h) => byId.get(h.fileId) ?? []);
  const nextCursor = hits.length > limit ? shown.at(-1)!.key : null;
  return { items: toFileItems(ordered), nextCursor, understood };
}
