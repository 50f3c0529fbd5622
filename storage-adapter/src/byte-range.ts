import { DiskBucketError, R2ErrorCode } from "./errors.js";

/** A resolved slice of an object. */
export interface ByteRange {
  offset: number;
  length: number;
}

/**
 * Resolves the `range` option of `get` against an object's size, with R2's rules:
 *  - `{offset, length}`: offset past the end or a zero length is an error; a length running past
 *    the end is cut at the end;
 *  - `{suffix}`: the last `suffix` bytes, all of them when the object is shorter;
 *  - a Headers object: its `Range` header when it names exactly one satisfiable range, otherwise
 *    the whole object (as a server ignoring an unusable Range header would).
 * Returns undefined for "the whole object".
 */
export function resolveRange(option: R2Range | Headers | undefined, size: number): ByteRange | undefined {
  if (option === undefined || option === null) return undefined;
  if (option instanceof Headers) {
    const header = option.get("range");
    return header === null ? undefined : parseRangeHeader(header, size);
  }
  const { offset, length, suffix } = checkRangeOption(option) ?? {};
  if (suffix !== undefined) {
    if (suffix <= 0) throw invalidRange();
    const take = Math.min(suffix, size);
    return { offset: size - take, length: take };
  }
  const start = offset ?? 0;
  let take = length ?? size - start;
  if (start > size || take <= 0) throw invalidRange();
  if (start + take > size) take = size - start;
  return { offset: start, length: take };
}

/** The argument checks the runtime's R2 binding makes before sending a request (RangeError, TypeError). */
export function checkRangeOption(
  range: R2Range | Headers | undefined,
): { offset?: number; length?: number; suffix?: number } | undefined {
  if (range === undefined || range === null || range instanceof Headers) return undefined;
  const { offset, length, suffix } = range as { offset?: number; length?: number; suffix?: number };
  for (const [name, value] of [
    ["offset", offset],
    ["length", length],
    ["suffix", suffix],
  ] as const) {
    if (value === undefined) continue;
    if (typeof value !== "number" || value < 0) throw new RangeError(`Invalid range. ${name} (${value}) must be >= 0.`);
    if (!Number.isInteger(value)) throw new RangeError(`Invalid range. ${name} (${value}) must be an integer.`);
  }
  if (suffix !== undefined && offset !== undefined) throw new TypeError("Suffix is incompatible with offset.");
  if (suffix !== undefined && length !== undefined) throw new TypeError("Suffix is incompatible with length.");
  return { offset, length, suffix };
}

function parseRangeHeader(header: string, size: number): ByteRange | undefined {
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (match === null) return undefined; // malformed or several ranges
  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return undefined;
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0 || suffix >= size) return undefined;
    return { offset: size - suffix, length: suffix };
  }
  const start = Number(first);
  if (start >= size) return undefined;
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  if (end < start) return undefined;
  return { offset: start, length: end - start + 1 };
}

function invalidRange(): DiskBucketError {
  return new DiskBucketError("get", R2ErrorCode.INVALID_RANGE, "The requested range is not satisfiable");
}
