/** Conformance cases for ranged and conditional gets. */
import { check, checkEqual, checkRejects } from "./assert.js";
import type { ConformanceCase } from "./fixtures.js";
import { hasBody, stored } from "./fixtures.js";

const TEN = "0123456789";

async function rangeText(
  bucket: R2Bucket,
  key: string,
  range: R2Range | Headers,
): Promise<[string, R2Range | undefined]> {
  const got = await bucket.get(key, { range });
  if (got === null) throw new Error("object missing");
  return [await got.text(), got.range];
}

export const getCases: ConformanceCase[] = [
  {
    name: "get with range offset/length, offset only, length only and suffix",
    async run(bucket, scope) {
      const key = `${scope}ten`;
      await bucket.put(key, TEN);
      checkEqual(
        await rangeText(bucket, key, { offset: 2, length: 3 }),
        ["234", { offset: 2, length: 3 }],
        "offset+length",
      );
      checkEqual(await rangeText(bucket, key, { offset: 7 }), ["789", { offset: 7, length: 3 }], "offset only");
      checkEqual(await rangeText(bucket, key, { length: 4 }), ["0123", { offset: 0, length: 4 }], "length only");
      checkEqual(await rangeText(bucket, key, { suffix: 3 }), ["789", { offset: 7, length: 3 }], "suffix");
      checkEqual(
        await rangeText(bucket, key, { offset: 0, length: 10 }),
        [TEN, { offset: 0, length: 10 }],
        "whole as a range",
      );
      const got = await bucket.get(key, { range: { offset: 2, length: 3 } });
      checkEqual(got?.size, 10, "size is the whole object's");
      await got?.text();
    },
  },
  {
    name: "a range running past the end is cut at the end; a suffix longer than the object returns all of it",
    async run(bucket, scope) {
      const key = `${scope}ten`;
      await bucket.put(key, TEN);
      checkEqual(
        await rangeText(bucket, key, { offset: 8, length: 100 }),
        ["89", { offset: 8, length: 2 }],
        "length past end",
      );
      checkEqual(await rangeText(bucket, key, { suffix: 50 }), [TEN, { offset: 0, length: 10 }], "suffix past start");
    },
  },
  {
    name: "a range starting past the end, or of zero length, is rejected",
    async run(bucket, scope) {
      const key = `${scope}ten`;
      await bucket.put(key, TEN);
      await checkRejects(() => bucket.get(key, { range: { offset: 11 } }), "offset past end");
      await checkRejects(() => bucket.get(key, { range: { offset: 20, length: 2 } }), "offset+length past end");
      await checkRejects(() => bucket.get(key, { range: { offset: 2, length: 0 } }), "zero length");
      await checkRejects(() => bucket.get(key, { range: { offset: -1 } }), "negative offset");
      await checkRejects(
        () => bucket.get(key, { range: { suffix: 2, offset: 1 } as unknown as R2Range }),
        "suffix with offset",
      );
    },
  },
  {
    name: "get with a Range header: first-last, open-ended and suffix forms",
    async run(bucket, scope) {
      const key = `${scope}ten`;
      await bucket.put(key, TEN);
      checkEqual(
        await rangeText(bucket, key, new Headers({ range: "bytes=2-5" })),
        ["2345", { offset: 2, length: 4 }],
        "bytes=2-5",
      );
      checkEqual(
        await rangeText(bucket, key, new Headers({ range: "bytes=4-" })),
        ["456789", { offset: 4, length: 6 }],
        "bytes=4-",
      );
      checkEqual(
        await rangeText(bucket, key, new Headers({ range: "bytes=-3" })),
        ["789", { offset: 7, length: 3 }],
        "bytes=-3",
      );
      checkEqual(
        await rangeText(bucket, key, new Headers({ range: "bytes=8-100" })),
        ["89", { offset: 8, length: 2 }],
        "bytes=8-100",
      );
      checkEqual(
        (await rangeText(bucket, key, new Headers({ range: "bytes=50-60" })))[0],
        TEN,
        "unsatisfiable header: whole object",
      );
      checkEqual((await rangeText(bucket, key, new Headers()))[0], TEN, "no Range header: whole object");
    },
  },
  {
    name: "get onlyIf etagMatches / etagDoesNotMatch returns the body when it holds and only metadata when it fails",
    async run(bucket, scope) {
      const key = `${scope}k`;
      const put = await stored(bucket.put(key, "hello", { customMetadata: { a: "b" } }));
      const ok = await bucket.get(key, { onlyIf: { etagMatches: put.etag } });
      check(hasBody(ok), "etagMatches match has a body");
      checkEqual(await ok.text(), "hello", "body");
      const failed = await bucket.get(key, { onlyIf: { etagMatches: "0".repeat(32) } });
      check(failed !== null && !hasBody(failed), "etagMatches mismatch has no body");
      checkEqual(
        [failed.etag, failed.size, failed.customMetadata],
        [put.etag, 5, { a: "b" }],
        "metadata of a failed precondition",
      );
      check(
        !hasBody(await bucket.get(key, { onlyIf: { etagDoesNotMatch: put.etag } })),
        "etagDoesNotMatch match has no body",
      );
      check(
        hasBody(await bucket.get(key, { onlyIf: { etagDoesNotMatch: "0".repeat(32) } })),
        "etagDoesNotMatch mismatch has a body",
      );
      check(hasBody(await bucket.get(key, { onlyIf: { etagMatches: "*" } })), "etagMatches * has a body");
      await checkRejects(
        () => bucket.get(key, { onlyIf: { etagMatches: `"${put.etag}"` } }),
        "quoted etag in an R2Conditional",
      );
      checkEqual(await bucket.get(`${scope}missing`, { onlyIf: { etagMatches: put.etag } }), null, "missing key");
    },
  },
  {
    name: "get onlyIf uploadedBefore / uploadedAfter",
    async run(bucket, scope) {
      const key = `${scope}k`;
      const put = await stored(bucket.put(key, "hello"));
      const later = new Date(put.uploaded.getTime() + 60_000);
      const earlier = new Date(put.uploaded.getTime() - 60_000);
      check(hasBody(await bucket.get(key, { onlyIf: { uploadedAfter: earlier } })), "uploadedAfter earlier holds");
      check(!hasBody(await bucket.get(key, { onlyIf: { uploadedAfter: later } })), "uploadedAfter later fails");
      check(hasBody(await bucket.get(key, { onlyIf: { uploadedBefore: later } })), "uploadedBefore later holds");
      check(!hasBody(await bucket.get(key, { onlyIf: { uploadedBefore: earlier } })), "uploadedBefore earlier fails");
    },
  },
  {
    name: "get onlyIf as Headers: If-Match, If-None-Match (weak too), If-Modified-Since, If-Unmodified-Since",
    async run(bucket, scope) {
      const key = `${scope}k`;
      const put = await stored(bucket.put(key, "hello"));
      const when = (ms: number) => new Date(put.uploaded.getTime() + ms).toUTCString();
      const cases: [Record<string, string>, boolean][] = [
        [{ "if-match": put.httpEtag }, true],
        [{ "if-match": `"nope", ${put.httpEtag}` }, true],
        [{ "if-match": '"nope"' }, false],
        [{ "if-none-match": put.httpEtag }, false],
        [{ "if-none-match": `W/${put.httpEtag}` }, false],
        [{ "if-none-match": '"nope"' }, true],
        [{ "if-none-match": "*" }, false],
        [{ "if-modified-since": when(-120_000) }, true],
        [{ "if-modified-since": when(120_000) }, false],
        [{ "if-unmodified-since": when(120_000) }, true],
        [{ "if-unmodified-since": when(-120_000) }, false],
        [{ "if-match": put.httpEtag, "if-unmodified-since": when(-120_000) }, true],
        [{ "if-none-match": '"nope"', "if-modified-since": when(120_000) }, true],
      ];
      for (const [headers, expectBody] of cases) {
        const got = await bucket.get(key, { onlyIf: new Headers(headers) });
        checkEqual(hasBody(got), expectBody, `body with ${JSON.stringify(headers)}`);
        if (hasBody(got)) await got.text();
      }
    },
  },
];
