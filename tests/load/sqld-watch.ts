/**
 * Watches Hearth's own sqld during a storm: its CPU, threads and WAL size every two seconds (the
 * wedge of issue 12 showed as sqld at 200% CPU with no client and writes stuck), and at the end
 * the slowest statements from sqld's admin API (`/v1/namespaces/default/stats`) when it was
 * started with SQLD_ADMIN_LISTEN_ADDR.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

export interface SqldSample {
  atS: number;
  cpuPercent: number;
  threads: number;
  walKiB: number;
}

/** The pid of the sqld serving DATA_DIR/db, if it runs on this machine. */
export function sqldPidOf(dataDir: string): number | undefined {
  const dbPath = join(dataDir, "db");
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (args[0]?.endsWith("sqld") && args.includes(dbPath)) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

const ticksOf = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return Number(fields[11]) + Number(fields[12]); // utime + stime, in 1/100 s
};

export function watchSqld(dataDir: string, everyMs = 2000): { samples: SqldSample[]; stop: () => void } {
  const samples: SqldSample[] = [];
  const pid = sqldPidOf(dataDir);
  if (!pid) return { samples, stop: () => {} };
  const wal = join(dataDir, "db", "dbs", "default", "data-wal");
  const started = Date.now();
  let last = ticksOf(pid);
  let lastAt = Date.now();
  const timer = setInterval(() => {
    try {
      const ticks = ticksOf(pid);
      const now = Date.now();
      samples.push({
        atS: Math.round((now - started) / 1000),
        cpuPercent: Math.round(((ticks - last) * 1000) / (now - lastAt)),
        threads: readdirSync(`/proc/${pid}/task`).length,
        walKiB: existsSync(wal) ? Math.round(statSync(wal).size / 1024) : 0,
      });
      last = ticks;
      lastAt = now;
    } catch {
      // sqld restarted or stopped
    }
  }, everyMs);
  return { samples, stop: () => clearInterval(timer) };
}

export interface SlowStatement {
  elapsedMs: number;
  sql: string;
}

/** sqld's own record of its slowest statements and the total, from the admin API. */
export async function sqldStats(
  adminUrl: string,
): Promise<{ slowest: SlowStatement[]; queryCount: number; elapsedP99: number } | undefined> {
  try {
    const response = await fetch(`${adminUrl}/v1/namespaces/default/stats`, { signal: AbortSignal.timeout(5000) });
    const stats = (await response.json()) as {
      slowest_queries: { elapsed_ms: number; query: string }[];
      query_count: number;
      queries?: { elapsed?: { p99?: number } };
    };
    return {
      slowest: stats.slowest_queries
        .map((q) => ({ elapsedMs: q.elapsed_ms, sql: q.query.replace(/\s+/g, " ").slice(0, 100) }))
        .sort((a, b) => b.elapsedMs - a.elapsedMs)
        .slice(0, 5),
      queryCount: stats.query_count,
      elapsedP99: stats.queries?.elapsed?.p99 ?? 0,
    };
  } catch {
    return undefined;
  }
}
