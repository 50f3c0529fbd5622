/** The log lines, the bounded pair of files in DATA_DIR/logs, and what `hearth logs` prints from them. */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readConfig } from "./config";
import { formatLine, levelOf, log, logToFolder } from "./log";
import { logsCommand, recentLines } from "./logs-command";

describe("logs", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "hearth-logs-"));
  beforeAll(() => void vi.spyOn(process.stdout, "write").mockImplementation(() => true));
  afterAll(() => {
    vi.restoreAllMocks();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("formats a line as text or as one JSON object", () => {
    const time = new Date("2026-05-01T10:00:00.000Z");
    expect(formatLine(time, "warn", "sqld", "slow disk", "text")).toBe(
      "2026-05-01T10:00:00.000Z warn [sqld] slow disk",
    );
    expect(JSON.parse(formatLine(time, "error", "edge", 'said "no"', "json"))).toEqual({
      time: "2026-05-01T10:00:00.000Z",
      level: "error",
      source: "edge",
      msg: 'said "no"',
    });
    expect(() => readConfig({ LOG_FORMAT: "xml" })).toThrow(/LOG_FORMAT must be text or json/);
  });

  it("guesses a child's level from its words", () => {
    expect(levelOf("2026 ERROR sqld: cannot open")).toBe("error");
    expect(levelOf("thread 'main' panicked at src/main.rs")).toBe("error");
    expect(levelOf("panic: out of memory")).toBe("error");
    expect(levelOf("WARN libsql: checkpoint slow")).toBe("warn");
    expect(levelOf("listening on 127.0.0.1:1234")).toBe("info");
  });

  it("keeps the lines logged before the folder was known, and never more than two files of them", () => {
    log("hearth", "starting before the data folder is checked");
    const maxBytes = 10_000;
    logToFolder(dataDir, maxBytes);
    for (let i = 0; i < 1000; i++) log("edge", `request ${i} ${"x".repeat(40)}`);
    const current = join(dataDir, "logs", "hearth.log");
    expect(statSync(current).size).toBeLessThanOrEqual(maxBytes);
    expect(statSync(`${current}.1`).size).toBeLessThanOrEqual(maxBytes);
    expect(readFileSync(current, "utf8")).toMatch(/info \[edge\] request 999 x+\n$/);

    const recent = recentLines(dataDir, 50);
    expect(recent).toHaveLength(50);
    expect(recent[49]).toMatch(/request 999 /);
    expect(recent[0]).toMatch(/request 950 /);
  });

  it("`hearth logs -n N` prints the last N lines, and says so when there are none", async () => {
    let printed = "";
    const out = { write: (chunk: string) => ((printed += chunk), true) } as unknown as NodeJS.WriteStream;
    expect(await logsCommand(["-n", "3"], readConfig({ DATA_DIR: dataDir }), out)).toBe(0);
    expect(printed.trimEnd().split("\n")).toHaveLength(3);
    expect(printed).toMatch(/request 999 /);

    const empty = mkdtempSync(join(tmpdir(), "hearth-logs-empty-"));
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await logsCommand([], readConfig({ DATA_DIR: empty }), out)).toBe(1);
    expect(errors.mock.calls[0]?.[0]).toMatch(/No logs in .*logs yet/);
    rmSync(empty, { recursive: true });
  });
});
