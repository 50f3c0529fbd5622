/*
 * `onlyIf` preconditions, read and evaluated the way R2 does (RFC 9110 section 13 semantics):
 * If-Match is strong comparison, If-None-Match weak; If-Unmodified-Since is ignored when
 * If-Match is given and holds, If-Modified-Since when If-None-Match is given and holds.
 * The Headers form always compares dates with one-second granularity, as HTTP dates have.
 */

type EtagCondition = { type: "strong"; value: string } | { type: "weak"; value: string } | { type: "wildcard" };

/** Parsed preconditions. */
export interface Conditions {
  etagMatches?: EtagCondition[];
  etagDoesNotMatch?: EtagCondition[];
  uploadedBefore?: number;
  uploadedAfter?: number;
  secondsGranularity: boolean;
}

/** Reads an `onlyIf` option; undefined when there is none. Throws TypeError on malformed input. */
export function parseConditions(onlyIf: R2Conditional | Headers | undefined): Conditions | undefined {
  if (onlyIf === undefined || onlyIf === null) return undefined;
  if (onlyIf instanceof Headers) {
    const conditions: Conditions = { secondsGranularity: true };
    const ifMatch = onlyIf.get("if-match");
    const ifNoneMatch = onlyIf.get("if-none-match");
    const ifModifiedSince = onlyIf.get("if-modified-since");
    const ifUnmodifiedSince = onlyIf.get("if-unmodified-since");
    if (ifMatch !== null) conditions.etagMatches = parseEtagHeader(ifMatch);
    if (ifNoneMatch !== null) conditions.etagDoesNotMatch = parseEtagHeader(ifNoneMatch);
    if (ifModifiedSince !== null) conditions.uploadedAfter = validDate(ifModifiedSince);
    if (ifUnmodifiedSince !== null) conditions.uploadedBefore = validDate(ifUnmodifiedSince);
    return conditions;
  }
  const conditions: Conditions = { secondsGranularity: onlyIf.secondsGranularity === true };
  if (onlyIf.etagMatches !== undefined) conditions.etagMatches = [singleEtag(onlyIf.etagMatches)];
  if (onlyIf.etagDoesNotMatch !== undefined) conditions.etagDoesNotMatch = [singleEtag(onlyIf.etagDoesNotMatch)];
  if (onlyIf.uploadedAfter !== undefined) conditions.uploadedAfter = new Date(onlyIf.uploadedAfter).getTime();
  if (onlyIf.uploadedBefore !== undefined) conditions.uploadedBefore = new Date(onlyIf.uploadedBefore).getTime();
  return conditions;
}

/** Whether the preconditions hold for an object (null: no object under the key). */
export function conditionsHold(
  conditions: Conditions | undefined,
  object: { etag: string; uploaded: number } | null,
): boolean {
  if (conditions === undefined) return true;
  if (object === null) return conditions.etagMatches === undefined && conditions.uploadedAfter === undefined;
  const truncate = conditions.secondsGranularity ? (ms: number) => Math.floor(ms / 1000) * 1000 : (ms: number) => ms;
  const uploaded = truncate(object.uploaded);
  const ifMatch = conditions.etagMatches === undefined || includesEtag(conditions.etagMatches, object.etag, "strong");
  const ifNoneMatch =
    conditions.etagDoesNotMatch === undefined || !includesEtag(conditions.etagDoesNotMatch, object.etag, "weak");
  const ifModifiedSince =
    conditions.uploadedAfter === undefined ||
    truncate(conditions.uploadedAfter) < uploaded ||
    (conditions.etagDoesNotMatch !== undefined && ifNoneMatch);
  const ifUnmodifiedSince =
    conditions.uploadedBefore === undefined ||
    uploaded < truncate(conditions.uploadedBefore) ||
    (conditions.etagMatches !== undefined && ifMatch);
  return ifMatch && ifNoneMatch && ifModifiedSince && ifUnmodifiedSince;
}

function includesEtag(conditions: EtagCondition[], etag: string, comparison: "strong" | "weak"): boolean {
  return conditions.some(
    (c) => c.type === "wildcard" || (c.value === etag && (c.type === "strong" || comparison === "weak")),
  );
}

function singleEtag(value: string): EtagCondition {
  const etag = String(value);
  if (etag.length >= 2 && etag.startsWith('"') && etag.endsWith('"')) {
    throw new TypeError(`Conditional ETag should not be wrapped in quotes (${etag}).`);
  }
  return etag === "*" ? { type: "wildcard" } : { type: "strong", value: etag };
}

/** Parses an If-Match / If-None-Match list: `*`, `"x"`, `W/"x"`, separated by commas. */
function parseEtagHeader(header: string): EtagCondition[] {
  const out: EtagCondition[] = [];
  let rest = header.trim();
  while (rest.length > 0) {
    if (rest.startsWith(",")) {
      rest = rest.slice(1).trimStart();
      continue;
    }
    if (rest.startsWith("*")) return [{ type: "wildcard" }];
    const weak = rest.startsWith("W/");
    const quoted = weak ? rest.slice(2) : rest;
    if (!quoted.startsWith('"')) throw new TypeError(`Invalid conditional header: ${header}`);
    const close = quoted.indexOf('"', 1);
    if (close < 0) throw new TypeError("Unclosed double quote for Etag");
    const value = quoted.slice(1, close);
    out.push(weak ? { type: "weak", value } : { type: "strong", value });
    rest = quoted.slice(close + 1).trimStart();
    if (rest.length > 0 && !rest.startsWith(",")) throw new TypeError("Comma was expected to separate etags.");
  }
  return out;
}

function validDate(text: string): number | undefined {
  const ms = new Date(text).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}
