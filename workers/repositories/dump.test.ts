import { describe, expect, it } from "vitest";
import { restorableDump } from "./dump";

// What sqld 0.24's GET /dump writes for an FTS5 table (trimmed from a real dump).
const DUMP = `PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE files (id TEXT PRIMARY KEY, name TEXT);
INSERT INTO files VALUES('a','it''s here');
PRAGMA writable_schema=ON;
INSERT INTO sqlite_schema(type,name,tbl_name,rootpage,sql) VALUES('table','ps','ps',0,'CREATE VIRTUAL TABLE ps USING fts5(
  file_id UNINDEXED, name,
  tokenize = 'unicode61 remove_diacritics 2'
)');
CREATE TABLE IF NOT EXISTS 'ps_data'(id INTEGER PRIMARY KEY, block BLOB);
INSERT INTO ps_data VALUES(1,X'010002');
CREATE TABLE IF NOT EXISTS 'ps_content'(id INTEGER PRIMARY KEY, c0, c1);
INSERT INTO ps_content VALUES(1,'x','Lisbon beach');
CREATE TABLE IF NOT EXISTS 'ps_config'(k PRIMARY KEY, v) WITHOUT ROWID;
INSERT INTO ps_config VALUES('version',4);
PRAGMA writable_schema=OFF;
COMMIT;
`;

describe("restorableDump", () => {
  it("replays a virtual table as its CREATE statement and writes its shadow rows over the fresh ones", () => {
    const out = restorableDump(DUMP);
    expect(out).not.toContain("writable_schema");
    expect(out).not.toContain("sqlite_schema");
    expect(out).toContain(
      "CREATE VIRTUAL TABLE ps USING fts5(\n  file_id UNINDEXED, name,\n  tokenize = 'unicode61 remove_diacritics 2'\n);\n",
    );
    expect(out).toContain("INSERT OR REPLACE INTO ps_data VALUES(1,X'010002');");
    expect(out).toContain("INSERT OR REPLACE INTO ps_content VALUES(1,'x','Lisbon beach');");
    expect(out).toContain("INSERT OR REPLACE INTO ps_config VALUES('version',4);");
    // Ordinary tables are left exactly as dumped.
    expect(out).toContain("INSERT INTO files VALUES('a','it''s here');");
  });

  it("leaves a dump without virtual tables unchanged", () => {
    const plain = "BEGIN TRANSACTION;\nCREATE TABLE t (a);\nINSERT INTO t VALUES(1);\nCOMMIT;\n";
    expect(restorableDump(plain)).toBe(plain);
  });
});
