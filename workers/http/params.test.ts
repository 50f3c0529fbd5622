import { describe, expect, it } from "vitest";
import { onConflictParam, pageParams, parentParam, sortParams, uploadDestination } from "./params";

describe("shared request parameters", () => {
  it("root, empty, null and absent all name the top level", () => {
    for (const value of ["root", "", null, undefined]) expect(parentParam(value)).toBeNull();
    expect(parentParam("abc123")).toBe("abc123");
    expect(() => parentParam(42)).toThrow(expect.objectContaining({ status: 400, code: "invalid_parent" }));
  });

  it("onConflict is one of the contract's modes, with the caller's default when absent", () => {
    expect(onConflictParam(undefined, "fail")).toBe("fail");
    expect(onConflictParam("replace", "fail")).toBe("replace");
    expect(() => onConflictParam("overwrite", "fail")).toThrow(
      expect.objectContaining({ code: "invalid_on_conflict", message: "onConflict is fail, keepBoth or replace." }),
    );
  });

  it("sort and order default to name ascending and refuse anything else", () => {
    expect(sortParams(undefined, undefined)).toEqual({ sort: "name", order: "asc" });
    expect(sortParams("size", "desc")).toEqual({ sort: "size", order: "desc" });
    expect(() => sortParams("colour", undefined)).toThrow(expect.objectContaining({ code: "invalid_sort" }));
  });

  it("a page is 1 to 10,000 items; no limit means the whole folder; a cursor needs a limit", () => {
    expect(pageParams(undefined, undefined)).toEqual({ limit: undefined, cursor: undefined });
    expect(pageParams("2", "abc")).toEqual({ limit: 2, cursor: "abc" });
    for (const [limit, cursor] of [
      ["0", undefined],
      ["10001", undefined],
      ["2.5", undefined],
      ["x", undefined],
      [undefined, "abc"],
    ])
      expect(() => pageParams(limit, cursor)).toThrow(expect.objectContaining({ code: "invalid_page" }));
  });

  it("an upload keeps both by default and its name is checked like any other", () => {
    expect(uploadDestination({ parent: "root", name: "a.txt", onConflict: undefined })).toEqual({
      parentId: null,
      name: "a.txt",
      onConflict: "keepBoth",
    });
    expect(() => uploadDestination({ parent: null, name: "../a", onConflict: undefined })).toThrow(
      expect.objectContaining({ code: "invalid_name" }),
    );
  });
});
