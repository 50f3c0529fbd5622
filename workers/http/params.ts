/**
 * Request parameters several routes share, parsed once: where an item goes (`parent=root`), what
 * to do about a taken name (`onConflict`), a listing's order and page. Allowed values come from
 * @hearth/contract, so the messages list what the API really accepts.
 */
import {
  CONFLICT_MODES,
  MAX_LISTING_PAGE,
  SORT_KEYS,
  SORT_ORDERS,
  type OnConflict,
  type SortKey,
  type SortOrder,
} from "@hearth/contract";
import { badRequest } from "../lib/errors";
import { validateName } from "../lib/names";

/** "a, b or c" */
const oneOf = (values: readonly string[]) => `${values.slice(0, -1).join(", ")} or ${values.at(-1)}`;

const isOneOf = <T extends string>(values: readonly T[], value: unknown): value is T => values.includes(value as T);

/** A folder named by the client: `root`, empty, null or absent is the top level (null). */
export function parentParam(value: unknown): string | null {
  if (value === undefined || value === null || value === "" || value === "root") return null;
  if (typeof value !== "string")
    throw badRequest("invalid_parent", "parentId is a folder's id, or “root” for the top level.");
  return value;
}

/** What to do when the name is taken (CONFLICT_MODES); `fallback` when the client did not say. */
export function onConflictParam(value: unknown, fallback: OnConflict): OnConflict {
  if (value === undefined || value === null) return fallback;
  if (!isOneOf(CONFLICT_MODES, value))
    throw badRequest("invalid_on_conflict", `onConflict is ${oneOf(CONFLICT_MODES)}.`);
  return value;
}

/** A listing's `sort` (SORT_KEYS, default name) and `order` (SORT_ORDERS, default asc). */
export function sortParams(sort: string | undefined, order: string | undefined): { sort: SortKey; order: SortOrder } {
  const key = sort ?? "name";
  const direction = order ?? "asc";
  if (!isOneOf(SORT_KEYS, key) || !isOneOf(SORT_ORDERS, direction))
    throw badRequest("invalid_sort", `sort is ${oneOf(SORT_KEYS)}; order is ${oneOf(SORT_ORDERS)}.`);
  return { sort: key, order: direction };
}

/**
 * A listing's page: `limit` (1 to MAX_LISTING_PAGE; undefined means the whole folder, sent as it
 * is read) and `cursor` (the previous page's nextCursor, opaque; core checks it).
 */
export function pageParams(
  limit: string | undefined,
  cursor: string | undefined,
): { limit: number | undefined; cursor: string | undefined } {
  const size = limit === undefined ? undefined : Number(limit);
  if (size !== undefined && (!Number.isInteger(size) || size < 1 || size > MAX_LISTING_PAGE))
    throw badRequest(
      "invalid_page",
      `limit is 1 to ${MAX_LISTING_PAGE}; cursor is the nextCursor of the previous page.`,
    );
  if (cursor !== undefined && size === undefined)
    throw badRequest("invalid_page", "A cursor continues a paged listing: give limit too.");
  return { limit: size, cursor };
}

/** Where an upload goes and what it is called (`PUT /api/files/content` and tus Upload-Metadata alike). */
export interface UploadDestination {
  parentId: string | null;
  name: string;
  onConflict: OnConflict;
}

/** Parses an upload's destination; a taken name keeps both unless the client says otherwise. */
export function uploadDestination(input: { parent: unknown; name: unknown; onConflict: unknown }): UploadDestination {
  return {
    name: validateName(input.name),
    parentId: parentParam(input.parent),
    onConflict: onConflictParam(input.onConflict, "keepBoth"),
  };
}
