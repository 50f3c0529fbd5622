/** Conformance cases for list: order, prefixes, delimiters, pagination and include. */
import { check, checkEqual, checkRejects } from "./assert.js";
import type { ConformanceCase } from "./fixtures.js";
import { listAll, putAll } from "./fixtures.js";

/** Keys whose byte order differs from naive orders: "-" < "/" < "0", capitals first, U+FFFD before emoji. */
const TRICKY = ["b", "a/b", "a-b", "a0", "a", "A", "a/b/c", "a/", "\uFFFD", "😀", "z/y/x", "é"];

function sortedByBytes(keys: string[]): string[] {
  const bytes = (k: string) => Array.from(new TextEncoder().encode(k));
  return [...keys].sort((x, y) => {
    const a = bytes(x);
    const b = bytes(y);
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
    return a.length - b.length;
  });
}

export const listCases: ConformanceCase[] = [
  {
    name: "list returns objects in UTF-8 byte order with their sizes and etags",
    async run(bucket, scope) {
      const keys = TRICKY.map((k) => scope + k);
      await putAll(bucket, keys);
      const result = await bucket.list({ prefix: scope });
      checkEqual(
        result.objects.map((o) => o.key),
        sortedByBytes(keys),
        "order",
      );
      checkEqual([result.truncated, result.delimitedPrefixes], [false, []], "complete, no prefixes");
      const first = result.objects[0];
      check(first !== undefined, "has objects");
      checkEqual(first.size, new TextEncoder().encode(first.key).byteLength, "size");
      checkEqual(first.etag, (await bucket.head(first.key))?.etag, "etag");
    },
  },
  {
    name: "list with a prefix at a folder boundary and in the middle of a segment",
    async run(bucket, scope) {
      await putAll(
        bucket,
        ["photos/2023/a.jpg", "photos/2024/b.jpg", "photos/2024/c.jpg", "photos-old/d", "photosx", "docs/e"].map(
          (k) => scope + k,
        ),
      );
      checkEqual(
        (await bucket.list({ prefix: `${scope}photos/2024/` })).objects.map((o) => o.key),
        [`${scope}photos/2024/b.jpg`, `${scope}photos/2024/c.jpg`],
        "folder prefix",
      );
      checkEqual(
        (await bucket.list({ prefix: `${scope}photos` })).objects.map((o) => o.key),
        ["photos-old/d", "photos/2023/a.jpg", "photos/2024/b.jpg", "photos/2024/c.jpg", "photosx"].map(
          (k) => scope + k,
        ),
        "mid-segment prefix",
      );
      checkEqual(
        (await bucket.list({ prefix: `${scope}photos/202` })).objects.length,
        3,
        "prefix inside a folder name",
      );
      checkEqual((await bucket.list({ prefix: `${scope}nothing/` })).objects, [], "missing prefix");
      checkEqual(
        (await bucket.list({ prefix: `${scope}photos/2024/c.jpg` })).objects.map((o) => o.key),
        [`${scope}photos/2024/c.jpg`],
        "prefix equal to a key",
      );
    },
  },
  {
    name: "list with delimiter '/' reports folders as delimitedPrefixes and objects at that level",
    async run(bucket, scope) {
      await putAll(
        bucket,
        ["top.txt", "originals/ab/cd/1", "originals/ab/ef/2", "originals/ff/00/3", "thumbs/240/ab/cd/1.jpg", "z"].map(
          (k) => scope + k,
        ),
      );
      const root = await bucket.list({ prefix: scope, delimiter: "/" });
      checkEqual(
        root.objects.map((o) => o.key),
        [`${scope}top.txt`, `${scope}z`],
        "objects at the top",
      );
      checkEqual(root.delimitedPrefixes, [`${scope}originals/`, `${scope}thumbs/`], "folders at the top");
      const originals = await bucket.list({ prefix: `${scope}originals/`, delimiter: "/" });
      checkEqual(
        [originals.objects, originals.delimitedPrefixes],
        [[], [`${scope}originals/ab/`, `${scope}originals/ff/`]],
        "one level down",
      );
      const partial = await bucket.list({ prefix: `${scope}originals/a`, delimiter: "/" });
      checkEqual(partial.delimitedPrefixes, [`${scope}originals/ab/`], "partial segment prefix");
    },
  },
  {
    name: "list pagination with limit and cursor visits every key once, in order",
    async run(bucket, scope) {
      const keys = ["a", "b/1", "b/2", "c", "d/e/f", "d/e/g", "h"].map((k) => scope + k);
      await putAll(bucket, keys);
      const { pages, keys: listed } = await listAll(bucket, { prefix: scope, limit: 3 });
      checkEqual(listed, keys, "all keys in order");
      checkEqual(
        pages.map((p) => [p.objects.length, p.truncated]),
        [
          [3, true],
          [3, true],
          [1, false],
        ],
        "page sizes",
      );
      const after = await bucket.list({ prefix: scope, startAfter: `${scope}b/2` });
      checkEqual(
        after.objects.map((o) => o.key),
        keys.slice(3),
        "startAfter",
      );
    },
  },
  {
    name: "list pagination with a delimiter counts prefixes and objects toward the limit and never repeats a prefix",
    async run(bucket, scope) {
      const keys = ["a", "b/1", "b/2", "b/3/x", "c", "d/1", "e/1", "e/2", "f", "g/h/i"].map((k) => scope + k);
      await putAll(bucket, keys);
      const full = await bucket.list({ prefix: scope, delimiter: "/" });
      checkEqual(
        full.objects.map((o) => o.key),
        ["a", "c", "f"].map((k) => scope + k),
        "objects",
      );
      checkEqual(
        full.delimitedPrefixes,
        ["b/", "d/", "e/", "g/"].map((k) => scope + k),
        "prefixes",
      );
      for (const limit of [1, 2, 3]) {
        const paged = await listAll(bucket, { prefix: scope, delimiter: "/", limit });
        checkEqual(
          [paged.keys, paged.prefixes],
          [full.objects.map((o) => o.key), full.delimitedPrefixes],
          `same result with limit ${limit}`,
        );
        for (const page of paged.pages)
          check(page.objects.length + page.delimitedPrefixes.length <= limit, "page within limit");
      }
    },
  },
  {
    name: "list with a delimiter other than '/'",
    async run(bucket, scope) {
      await putAll(
        bucket,
        ["2024-01-a", "2024-01-b", "2024-02-a", "2025", "2025-x/y", "note"].map((k) => scope + k),
      );
      const result = await bucket.list({ prefix: scope, delimiter: "-" });
      checkEqual(
        result.objects.map((o) => o.key),
        [`${scope}2025`, `${scope}note`],
        "objects",
      );
      checkEqual(result.delimitedPrefixes, [`${scope}2024-`, `${scope}2025-`], "prefixes");
      const paged = await listAll(bucket, { prefix: `${scope}2024-`, delimiter: "-", limit: 1 });
      checkEqual(paged.prefixes, [`${scope}2024-01-`, `${scope}2024-02-`], "second level, paged");
    },
  },
  {
    name: "list includes metadata only when asked with include",
    async run(bucket, scope) {
      await bucket.put(`${scope}k`, "x", { httpMetadata: { contentType: "text/plain" }, customMetadata: { a: "1" } });
      const plain = (await bucket.list({ prefix: scope })).objects[0];
      // R2 leaves the fields out; miniflare fills in empty objects. Either way no values leak.
      const empty = (value: object | undefined) => value === undefined || Object.keys(value).length === 0;
      check(empty(plain?.httpMetadata) && empty(plain?.customMetadata), "no metadata without include");
      const options = { prefix: scope, include: ["httpMetadata", "customMetadata"] } as R2ListOptions;
      const full = (await bucket.list(options)).objects[0];
      checkEqual(
        [full?.httpMetadata, full?.customMetadata],
        [{ contentType: "text/plain" }, { a: "1" }],
        "with include",
      );
      const onlyCustom = (await bucket.list({ prefix: scope, include: ["customMetadata"] } as R2ListOptions))
        .objects[0];
      check(empty(onlyCustom?.httpMetadata), "no http metadata when only custom is included");
      checkEqual(onlyCustom?.customMetadata, { a: "1" }, "custom only");
    },
  },
  {
    name: "list does not report prefixes or objects that were deleted",
    async run(bucket, scope) {
      await putAll(
        bucket,
        ["gone/a/1", "gone/b", "kept/1"].map((k) => scope + k),
      );
      await bucket.delete([`${scope}gone/a/1`, `${scope}gone/b`]);
      const result = await bucket.list({ prefix: scope, delimiter: "/" });
      checkEqual([result.objects, result.delimitedPrefixes], [[], [`${scope}kept/`]], "only kept/");
      checkEqual((await bucket.list({ prefix: `${scope}gone/` })).objects, [], "nothing under gone/");
    },
  },
  {
    name: "list limit defaults to 1000 and must be between 1 and 1000",
    async run(bucket, scope) {
      const keys = Array.from({ length: 1003 }, (_, i) => `${scope}${String(i).padStart(4, "0")}`);
      for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map((k) => bucket.put(k, "")));
      const first = await bucket.list({ prefix: scope });
      checkEqual([first.objects.length, first.truncated], [1000, true], "first page");
      const rest = await bucket.list({ prefix: scope, cursor: first.truncated ? first.cursor : undefined });
      checkEqual([rest.objects.map((o) => o.key), rest.truncated], [keys.slice(1000), false], "second page");
      await checkRejects(() => bucket.list({ prefix: scope, limit: 1001 }), "limit 1001");
      await checkRejects(() => bucket.list({ prefix: scope, limit: 0 }), "limit 0");
    },
  },
];
