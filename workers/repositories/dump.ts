/**
 * sqld's `GET /dump` writes a virtual table (the FTS5 search index, migration 0012) the way the
 * sqlite shell does: `PRAGMA writable_schema=ON`, an `INSERT INTO sqlite_schema` holding its
 * `CREATE VIRTUAL TABLE`, then its shadow tables with their rows. sqld refuses `writable_schema`,
 * so such a dump cannot be replayed as it is. `restorableDump` turns it into statements sqld runs:
 * the `CREATE VIRTUAL TABLE` itself (which also makes the shadow tables), then the shadow tables'
 * rows written over the ones that creating the table put there. The index comes back exactly as
 * it was backed up, with no rebuild.
 */
import type { Client } from "@libsql/client";

const SCHEMA_INSERT = "INSERT INTO sqlite_schema(type,name,tbl_name,rootpage,sql) VALUES('table','";
const FTS5_SHADOWS = ["data", "idx", "content", "docsize", "config"];

export function restorableDump(dump: string): string {
  const virtualTables: string[] = [];
  let out = "";
  let at = 0;
  for (;;) {
    const start = dump.indexOf(SCHEMA_INSERT, at);
    if (start < 0) break;
    const nameEnd = dump.indexOf("'", start + SCHEMA_INSERT.length);
    const sqlStart = dump.indexOf(",0,'", nameEnd) + ",0,'".length;
    const end = dump.indexOf("');\n", sqlStart);
    if (nameEnd < 0 || sqlStart < ",0,'".length || end < 0) break;
    virtualTables.push(dump.slice(start + SCHEMA_INSERT.length, nameEnd));
    // sqld writes the statement's text as it is, quotes unescaped; undo the escaping if a later one adds it.
    let sql = dump.slice(sqlStart, end);
    if (!/[^']'[^']/.test(sql.replaceAll("''", ""))) sql = sql.replaceAll("''", "'");
    out += dump.slice(at, start) + sql + ";\n";
    at = end + "');\n".length;
  }
  out += dump.slice(at);
  out = out.replace(/^PRAGMA writable_schema=(ON|OFF);\n/gm, "");
  for (const table of virtualTables) {
    const shadows = FTS5_SHADOWS.map((suffix) => `${table}_${suffix}`).join("|");
    out = out.replace(
      new RegExp(`^INSERT INTO ("?)(${shadows})\\1 VALUES\\(`, "gm"),
      "INSERT OR REPLACE INTO $1$2$1 VALUES(",
    );
  }
  return out;
}

/** Replays a backup's dump (one BEGIN … COMMIT: it applies wholly or not at all) into an empty database. */
export function replayDump(client: Client, dump: string): Promise<void> {
  return client.executeMultiple(restorableDump(dump));
}
