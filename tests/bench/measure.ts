/**
 * What the benches measure with, shared by all of them: CPU seconds and resident memory of
 * Hearth's processes (read from /proc, media processes that come and go included), curl's own CPU
 * (bash's `times`), and medians with their spread over interleaved runs.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** "median (min-max)" of durations in ms, printed in seconds or ms. */
export function medianAndSpread(xs: number[], unit: "s" | "ms" = "s"): string {
  const show = (ms: number) => (unit === "s" ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
  return `median ${show(median(xs))} (${show(Math.min(...xs))}-${show(Math.max(...xs))}, ${xs.length} runs)`;
}

/** CPU milliseconds (user + system) a process has used so far; undefined once it is gone. */
export function cpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** The supervisor (whose digest helper hashes big uploads) and its children, labelled: hearth (node), sqld, edge, media-N. */
export function hearthProcesses(supervisor: number): Map<number, string> {
  const found = new Map<number, string>([[supervisor, "hearth (node)"]]);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!new RegExp(`^PPid:\\s+${supervisor}$`, "m").test(readFileSync(`/proc/${entry}/status`, "utf8"))) continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      const label =
        /(media-\d+|edge)\.capnp/.exec(command)?.[1] ??
        (/sqld/.test(command) ? "sqld" : `other (${command.replace(/\0/g, " ").slice(0, 60)})`);
      found.set(Number(entry), label);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Resident KiB of the supervisor and its children, by label. */
export function hearthRss(supervisor: number): { totalMiB: number; parts: string } {
  let total = 0;
  const parts: string[] = [];
  for (const [pid, label] of hearthProcesses(supervisor)) {
    try {
      const kib = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
      total += kib;
      parts.push(`${label} ${(kib / 1024).toFixed(0)}`);
    } catch {
      // gone meanwhile
    }
  }
  return { totalMiB: total / 1024, parts: parts.join(", ") };
}

/**
 * CPU used by Hearth's processes during a task, media processes that come and go included:
 * sampled every 200 ms, each process's last reading minus its first (0 for one born during it).
 */
export function cpuMeter(supervisor: number) {
  const first = new Map<number, number>();
  const last = new Map<number, { label: string; ms: number }>();
  let initial = true;
  const sample = () => {
    for (const [pid, label] of hearthProcesses(supervisor)) {
      const ms = cpuMs(pid);
      if (ms === undefined) continue;
      if (!first.has(pid)) first.set(pid, initial ? ms : 0);
      last.set(pid, { label, ms });
    }
    initial = false;
  };
  sample();
  const timer = setInterval(sample, 200);
  return {
    stop(): Record<string, number> {
      sample();
      clearInterval(timer);
      const byLabel: Record<string, number> = {};
      for (const [pid, { label, ms }] of last) byLabel[label] = (byLabel[label] ?? 0) + ms - (first.get(pid) ?? 0);
      return byLabel;
    },
  };
}

export const describeCpu = (byLabel: Record<string, number>) =>
  Object.entries(byLabel)
    .filter(([, ms]) => ms >= 50)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, ms]) => `${label} ${(ms / 1000).toFixed(1)}`)
    .join(", ");

/** A duration printed by bash's `times` ("0m1.234s") in ms. */
export const toMs = (t: string) => {
  const [, m, s] = /(\d+)m([\d.]+)s/.exec(t) ?? [];
  return (Number(m) * 60 + Number(s)) * 1000;
};

/** CPU ms used so far by each of Hearth's processes, by label (for short tasks: read before and after). */
export function cpuSnapshot(supervisor: number): Map<number, { label: string; ms: number }> {
  const snapshot = new Map<number, { label: string; ms: number }>();
  for (const [pid, label] of hearthProcesses(supervisor)) {
    const ms = cpuMs(pid);
    if (ms !== undefined) snapshot.set(pid, { label, ms });
  }
  return snapshot;
}

/** CPU ms each labelled process used since `before` (processes born since count from 0). */
export function cpuSince(
  supervisor: number,
  before: Map<number, { label: string; ms: number }>,
): Record<string, number> {
  const used: Record<string, number> = {};
  for (const [pid, { label, ms }] of cpuSnapshot(supervisor))
    used[label] = (used[label] ?? 0) + ms - (before.get(pid)?.ms ?? 0);
  return used;
}

/** Adds CPU ms by label into a running total. */
export function addCpu(total: Record<string, number>, more: Record<string, number>): void {
  for (const [label, ms] of Object.entries(more)) total[label] = (total[label] ?? 0) + ms;
}

/**
 * curl asks before sending a body over 1 MiB (`Expect: 100-continue`) and waits a second for the
 * answer. workerd never sends `100 Continue` (checked with a bare worker that reads its body at
 * once: 1.008 s for 2 MiB, 0.005 s without the header), so every curl upload would carry a
 * one-second pause that is not Hearth's work. Browsers and the usual WebDAV clients never ask.
 */
export const CURL_SEND_AT_ONCE = ["-H", "Expect:"];

/** How many times `timedRequest` asks. */
export const REQUEST_RUNS = 7;

/**
 * Median server time (Hearth's Server-Timing `dur`) and end-to-end time of a GET, over
 * REQUEST_RUNS runs, and the last answer's body; anything but 200 stops the bench.
 */
export async function timedRequest(
  client: { request(method: string, path: string): Promise<Response> },
  path: string,
): Promise<{ server: number; wall: number; body: any }> {
  const server: number[] = [];
  const wall: number[] = [];
  let body: any;
  for (let i = 0; i < REQUEST_RUNS; i++) {
    const started = performance.now();
    const response = await client.request("GET", path);
    body = await response.json();
    wall.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`${path} → ${response.status} ${JSON.stringify(body)}`);
    server.push(Number(/dur=([\d.]+)/.exec(response.headers.get("server-timing") ?? "")?.[1] ?? NaN));
  }
  return { server: median(server), wall: median(wall), body };
}
