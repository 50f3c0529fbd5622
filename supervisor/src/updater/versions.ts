/**
 * Release tags and channels. `stable`: X.Y.Z; `beta`: X.Y.Z-beta.N (and the stable ones, which are
 * newer than their betas). Locally built images are tagged `YYYY.MM.DD-<sha>`: they are versions
 * an admin can roll back to, never an update target picked by a channel.
 */
export const CHANNELS = ["stable", "beta"] as const;
export type Channel = (typeof CHANNELS)[number];

interface Parsed {
  major: number;
  minor: number;
  patch: number;
  /** Undefined for a stable release. */
  beta?: number;
}

const RELEASE = /^v?(\d+)\.(\d+)\.(\d+)(?:-beta\.(\d+))?$/;

export function parseRelease(tag: string): Parsed | undefined {
  const m = RELEASE.exec(tag);
  if (!m) return undefined;
  return { major: +m[1]!, minor: +m[2]!, patch: +m[3]!, beta: m[4] === undefined ? undefined : +m[4] };
}

export function isLocalBuildTag(tag: string): boolean {
  return /^\d{4}\.\d\d\.\d\d-[0-9a-f]{7,40}$/.test(tag);
}

/** Negative when a is older than b. */
export function compareReleases(a: string, b: string): number {
  const x = parseRelease(a);
  const y = parseRelease(b);
  if (!x || !y) return a.localeCompare(b);
  return (
    x.major - y.major ||
    x.minor - y.minor ||
    x.patch - y.patch ||
    (x.beta ?? Number.MAX_SAFE_INTEGER) - (y.beta ?? Number.MAX_SAFE_INTEGER)
  );
}

export function onChannel(tag: string, channel: Channel): boolean {
  const parsed = parseRelease(tag);
  if (!parsed) return false;
  return channel === "beta" || parsed.beta === undefined;
}

/** The releases on a channel, newest first. */
export function releasesOn(tags: string[], channel: Channel): string[] {
  return tags.filter((t) => onChannel(t, channel)).sort((a, b) => compareReleases(b, a));
}

/** The newest release on the channel that is newer than `current`, if any. */
export function newerRelease(tags: string[], channel: Channel, current: string): string | undefined {
  const newest = releasesOn(tags, channel)[0];
  if (!newest) return undefined;
  if (!parseRelease(current)) return newest;
  return compareReleases(newest, current) > 0 ? newest : undefined;
}

/**
 * The local versions beyond the `keep` newest to hold. The running version always counts first;
 * then newest built first, and among images built in the same second (the engine's timestamps are
 * whole seconds) the higher release.
 */
export function beyondKeep<T extends { tag: string; created_at: string; running: boolean }>(
  local: T[],
  keep: number,
): T[] {
  const order = [...local].sort(
    (a, b) =>
      Number(b.running) - Number(a.running) ||
      b.created_at.localeCompare(a.created_at) ||
      compareReleases(b.tag, a.tag),
  );
  return order.slice(keep);
}
