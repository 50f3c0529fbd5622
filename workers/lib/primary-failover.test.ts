import { describe, expect, it } from "vitest";
import { isRead } from "./primary-failover";

describe("which statements a read replica may answer while the primary is down", () => {
  it("selects, pragmas and read-only WITH queries are reads", () => {
    expect(isRead('select "id" from "files" where "owner_id" = ?')).toBe(true);
    expect(isRead({ sql: "  SELECT count(*) FROM (SELECT 1 FROM files LIMIT 1)", args: [] })).toBe(true);
    expect(isRead("PRAGMA quick_check")).toBe(true);
    expect(isRead("WITH RECURSIVE up(id) AS (SELECT 1) SELECT id FROM up")).toBe(true);
  });

  it("anything that writes is not", () => {
    expect(isRead('insert into "folders" ("id") values (?)')).toBe(false);
    expect(isRead('update "jobs" set "state" = ? where "id" = (SELECT id FROM jobs LIMIT 1) returning *')).toBe(false);
    expect(isRead("WITH doomed AS (SELECT id FROM files) DELETE FROM files WHERE id IN doomed")).toBe(false);
    expect(isRead("BEGIN IMMEDIATE")).toBe(false);
  });
});
