/** Node-side: reads drizzle-kit's migration folder (journal + SQL files) in journal order. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Migration } from "./migrate";

interface Journal {
  entries: { idx: number; tag: string }[];
}

export function readMigrations(folder: string): Migration[] {
  const journal = JSON.parse(readFileSync(join(folder, "meta", "_journal.json"), "utf8")) as Journal;
  return [...journal.entries]
    .sort((a, b) => a.idx - b.idx)
    .map((entry) => ({ tag: entry.tag, sql: readFileSync(join(folder, `${entry.tag}.sql`), "utf8") }));
}
