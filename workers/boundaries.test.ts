/**
 * The architecture, checked: where SQL may live, what code inside workerd may import, and which
 * folders may reach which. Each test lists the offending files and lines, so a failure says
 * exactly what crossed a boundary. (The type-check cannot see `node:` imports under workers/:
 * @types/node arrives through @libsql/core.)
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");
const ISOLATES = ["api", "upload", "media", "events"];
const SHARED = ["core", "repositories", "http", "lib"];

interface SourceFile {
  /** Relative to the repository root, with forward slashes. */
  path: string;
  text: string;
}

function sourcesUnder(folder: string): SourceFile[] {
  const found: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === "node_modules" || name === "dist" || name.startsWith(".")) continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith(".d.ts"))
        found.push({ path: relative(ROOT, full).split(sep).join("/"), text: readFileSync(full, "utf8") });
    }
  };
  walk(join(ROOT, folder));
  return found;
}

const isTest = (file: SourceFile) => /\.test\.tsx?$/.test(file.path);

/** Every module specifier a file imports or re-exports (static and dynamic). */
function importsOf(file: SourceFile): string[] {
  const pattern =
    /(?:^|[\s;])(?:import|export)\s[^"';]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^\s*import\s*["']([^"']+)["']/gm;
  return [...file.text.matchAll(pattern)].map((m) => m[1] ?? m[2] ?? m[3] ?? "");
}

/** The top folder under workers/ a relative import lands in (e.g. "core"), or null when it leaves workers/. */
function workersFolderOf(file: SourceFile, specifier: string): string | null {
  if (!specifier.startsWith(".")) return null;
  const target = relative(join(ROOT, "workers"), resolve(ROOT, dirname(file.path), specifier)).split(sep);
  return target[0] === ".." ? null : (target[0] ?? null);
}

function offenders(files: SourceFile[], bad: (file: SourceFile, specifier: string) => boolean): string[] {
  return files.flatMap((file) =>
    importsOf(file)
      .filter((s) => bad(file, s))
      .map((s) => `${file.path} imports ${s}`),
  );
}

const workers = sourcesUnder("workers");
const workerdCode = workers.filter((f) => !isTest(f));

describe("the layers of workers/", () => {
  it("only workers/repositories/ (and db/) import drizzle or the schema", () => {
    const everywhere = [
      ...workers,
      ...sourcesUnder("supervisor"),
      ...sourcesUnder("contract"),
      ...sourcesUnder("storage-adapter"),
    ];
    const bad = offenders(
      everywhere.filter((f) => !f.path.startsWith("workers/repositories/")),
      (_, s) => s.startsWith("drizzle-orm") || s.startsWith("@hearth/db/schema") || /(^|\/)db\/schema$/.test(s),
    );
    expect(bad).toEqual([]);
  });

  it("SQL is written only in workers/repositories/ and db/", () => {
    // SQL as Hearth writes it by hand: upper-case keywords at the start of a string.
    const sqlText =
      /["'`]\s*(SELECT\s[\s\S]*?\sFROM\s|INSERT INTO\s|UPDATE\s+\w+\s+SET\s|DELETE FROM\s|CREATE (TABLE|INDEX)\s|WITH RECURSIVE\s)/;
    const everywhere = [
      ...workerdCode,
      ...sourcesUnder("supervisor"),
      ...sourcesUnder("contract"),
      ...sourcesUnder("frontend/src"),
    ];
    const bad = everywhere
      .filter((f) => !f.path.startsWith("workers/repositories/") && !isTest(f))
      .flatMap((f) =>
        f.text
          .split("\n")
          .map((line, i) => ({ line, i }))
          .filter(({ line }) => sqlText.test(line))
          .map(({ line, i }) => `${f.path}:${i + 1}: ${line.trim()}`),
      );
    expect(bad).toEqual([]);
  });

  it("the Node side reaches the database through core, never a repository", () => {
    const bad = offenders(
      [...sourcesUnder("supervisor"), ...sourcesUnder("frontend/src")],
      (_, s) => s.includes("workers/repositories/") || s.startsWith("@hearth/workers/repositories"),
    );
    expect(bad).toEqual([]);
  });

  it("core rules import neither hono nor the HTTP glue nor an isolate", () => {
    const bad = offenders(
      workerdCode.filter((f) => f.path.startsWith("workers/core/")),
      (file, s) =>
        s === "hono" || s.startsWith("hono/") || ["http", ...ISOLATES].includes(workersFolderOf(file, s) ?? ""),
    );
    expect(bad).toEqual([]);
  });

  it("repositories hold only SQL: they import no rule, no HTTP glue, no isolate, and never touch the bucket", () => {
    const repositories = workerdCode.filter((f) => f.path.startsWith("workers/repositories/"));
    const bad = offenders(repositories, (file, s) =>
      ["core", "http", ...ISOLATES].includes(workersFolderOf(file, s) ?? ""),
    );
    const bucketUsers = repositories
      .filter((f) => /\bR2Bucket\b|\bbucketOf\b/.test(f.text))
      .map((f) => `${f.path} uses the bucket`);
    expect([...bad, ...bucketUsers]).toEqual([]);
  });
});

describe("the runtime boundary", () => {
  it("nothing under workers/ imports node:* or a Node built-in (tests aside)", () => {
    const builtins = new Set(builtinModules);
    const bad = offenders(workerdCode, (_, s) => s.startsWith("node:") || builtins.has(s.split("/")[0] ?? ""));
    expect(bad).toEqual([]);
  });

  it("no isolate imports another isolate's folder, and shared folders import no isolate", () => {
    const bad = offenders(workerdCode, (file, s) => {
      const own = file.path.split("/")[1] ?? "";
      const target = workersFolderOf(file, s);
      if (target === null || !ISOLATES.includes(target)) return false;
      return SHARED.includes(own) || target !== own;
    });
    expect(bad).toEqual([]);
  });

  it("sibling packages are imported by their workspace names, not by paths into them", () => {
    const siblings = ["contract", "db", "storage-adapter", "supervisor", "workers", "frontend"];
    const everywhere = [
      ...workers,
      ...sourcesUnder("supervisor"),
      ...sourcesUnder("frontend/src"),
      ...sourcesUnder("contract"),
    ];
    const bad = offenders(everywhere, (file, s) => {
      if (!s.startsWith(".")) return false;
      const ownPackage = file.path.split("/")[0];
      const target = relative(ROOT, resolve(ROOT, dirname(file.path), s)).split(sep)[0];
      return target !== ownPackage && siblings.includes(target ?? "");
    });
    expect(bad).toEqual([]);
  });
});
