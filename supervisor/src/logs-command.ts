/**
 * `hearth logs [--lines N] [--follow]`: the recent log lines from DATA_DIR/logs, to read or to send
 * with a support question, the same on every install (docker compose exec hearth hearth logs;
 * sudo hearth logs with the Debian package, where `journalctl -u hearth` has them too).
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Config } from "./config";
import { LOG_FILE, LOG_FOLDER } from "./log";

const DEFAULT_LINES = 200;

export function recentLines(dataDir: string, count: number): string[] {
  const path = join(dataDir, LOG_FOLDER, LOG_FILE);
  const text = [`${path}.1`, path]
    .filter((p) => existsSync(p))
    .map((p) => readFileSync(p, "utf8"))
    .join("");
  const lines = text.split("\n").filter((line) => line !== "");
  return lines.slice(-count);
}

export async function logsCommand(
  argv: string[],
  config: Config,
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      lines: { type: "string", short: "n", default: String(DEFAULT_LINES) },
      follow: { type: "boolean", short: "f", default: false },
    },
  });
  const count = Number(values.lines);
  if (!Number.isInteger(count) || count < 0) throw new Error(`--lines must be a whole number, not "${values.lines}"`);
  const path = join(config.dataDir, LOG_FOLDER, LOG_FILE);
  if (!existsSync(path)) {
    console.error(`No logs in ${join(config.dataDir, LOG_FOLDER)} yet: Hearth writes them there once it has started.`);
    return 1;
  }
  for (const line of recentLines(config.dataDir, count)) out.write(line + "\n");
  if (!values.follow) return 0;
  return follow(path, statSync(path).size, out);
}

/** Prints what is appended, from the new file when the log rolls over; until interrupted. */
function follow(path: string, from: number, out: NodeJS.WritableStream): Promise<number> {
  let offset = from;
  return new Promise(() => {
    setInterval(() => {
      if (!existsSync(path)) return;
      const size = statSync(path).size;
      if (size < offset) offset = 0;
      if (size === offset) return;
      const fd = openSync(path, "r");
      try {
        const buffer = Buffer.alloc(size - offset);
        readSync(fd, buffer, 0, buffer.length, offset);
        offset = size;
        out.write(buffer);
      } finally {
        closeSync(fd);
      }
    }, 500);
  });
}
