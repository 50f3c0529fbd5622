/**
 * Tools for the fault-injection suite (tests/faults.test.ts): the pid of each process the
 * supervisor runs (from its log), and what is left on disk that nothing references.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { storedKeyOf } from "../../workers/lib/blob-keys";
import type { RunningHearth } from "./hearth";

/** The newest pid the supervisor logged for `name` (sqld, edge, media-1). */
export function pidOf(hearth: RunningHearth, name: string): number {
  const pids = [...hearth.output().matchAll(new RegExp(`\\[hearth\\] ${name} started \\(pid (\\d+)\\)`, "g"))];
  const last = pids.at(-1)?.[1];
  if (!last) throw new Error(`no pid logged for ${name}`);
  return Number(last);
}

/** What the blob store holds on disk: committed objects (by key) and files no object commits. */
export function storedOnDisk(dataDir: string): { keys: string[]; strays: string[] } {
  const keys: string[] = [];
  const strays: string[] = [];
  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true });
    const names = new Set(entries.map((e) => e.name));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith("~m")) keys.push((JSON.parse(readFileSync(path, "utf8")) as { key: string }).key);
      else if (entry.name.startsWith(".")) strays.push(path);
      else {
        const stem = /^(.+)~d[^~]+$/.exec(entry.name)?.[1];
        const sidecar =
          stem && names.has(`${stem}~m`) ? JSON.parse(readFileSync(join(dir, `${stem}~m`), "utf8")) : null;
        if (!sidecar || sidecar.data !== entry.name) strays.push(path);
      }
    }
  };
  walk(join(dataDir, "blobs"));
  return { keys, strays };
}

export { storedKeyOf };
