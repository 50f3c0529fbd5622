/**
 * One line per event on stdout, for Docker's log driver and the systemd journal, each with a
 * timestamp, a level and where it came from: `2026-05-01T10:00:00.000Z info [edge] ...`, or one JSON
 * object per line with LOG_FORMAT=json ({"time","level","source","msg"}) for a log collector.
 *
 * Once the data folder is known (`logToFolder`), the same lines also go to DATA_DIR/logs/hearth.log,
 * which rolls over to hearth.log.1 at LOG_FILE_BYTES, so at most two files' worth is ever kept and
 * `hearth logs` can print the recent ones on any install (container, package, source).
 */
import { closeSync, fstatSync, mkdirSync, openSync, renameSync, writeSync } from "node:fs";
import { join } from "node:path";

export type Level = "info" | "warn" | "error";

/** Each of the two files in DATA_DIR/logs: 8 MiB of history at most, in a few days of normal use. */
export const LOG_FILE_BYTES = 4 * 1024 * 1024;
export const LOG_FILE = "hearth.log";
export const LOG_FOLDER = "logs";
/** Lines kept from before the data folder was known, written to the file once it is. */
const EARLY_LINES = 200;

export const LOG_FORMATS = ["text", "json"] as const;

interface LogFile {
  path: string;
  fd: number;
  size: number;
  maxBytes: number;
}

let file: LogFile | undefined;
let early: string[] | undefined = [];

export function formatLine(time: Date, level: Level, source: string, message: string, format: string): string {
  return format === "json"
    ? JSON.stringify({ time: time.toISOString(), level, source, msg: message })
    : `${time.toISOString()} ${level} [${source}] ${message}`;
}

export function log(source: string, message: string, level: Level = "info"): void {
  const line = formatLine(new Date(), level, source, message, process.env.LOG_FORMAT ?? "text") + "\n";
  process.stdout.write(line);
  if (file) toFile(file, line);
  else if (early) {
    early.push(line);
    if (early.length > EARLY_LINES) early.shift();
  }
}

function toFile(current: LogFile, line: string): void {
  const bytes = Buffer.from(line);
  try {
    if (current.size > 0 && current.size + bytes.length > current.maxBytes) {
      closeSync(current.fd);
      renameSync(current.path, `${current.path}.1`);
      current.fd = openSync(current.path, "a", 0o600);
      current.size = 0;
    }
    writeSync(current.fd, bytes);
    current.size += bytes.length;
  } catch (error) {
    // A full or failing disk must not stop Hearth; stdout still has every line.
    file = undefined;
    process.stdout.write(`log file ${current.path} disabled: ${(error as Error).message}\n`);
  }
}

/** From now on, lines also go to DATA_DIR/logs/hearth.log (and the lines logged so far). */
export function logToFolder(dataDir: string, maxBytes = LOG_FILE_BYTES): void {
  const dir = join(dataDir, LOG_FOLDER);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, LOG_FILE);
  const fd = openSync(path, "a", 0o600);
  if (file) closeSync(file.fd);
  const opened: LogFile = { path, fd, size: fstatSync(fd).size, maxBytes };
  file = opened;
  for (const line of early ?? []) toFile(opened, line);
  early = undefined;
}

/** A child's line: its level guessed from the words sqld and workerd use, since they print no level we can parse. */
export function levelOf(line: string): Level {
  if (/\b(error|panic(ked)?|fatal|uncaught)\b/i.test(line)) return "error";
  if (/\bwarn(ing)?\b/i.test(line)) return "warn";
  return "info";
}

/** Prefixes each line a child process prints with its name. */
export function pipeLines(source: string, stream: NodeJS.ReadableStream | null): void {
  if (!stream) return;
  let pending = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) if (line.trim()) log(source, line.trimEnd(), levelOf(line));
  });
  stream.on("end", () => {
    if (pending.trim()) log(source, pending.trimEnd(), levelOf(pending));
  });
}
