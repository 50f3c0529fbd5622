/** Conformance cases for put checksums and put preconditions. */
import { check, checkEqual, checkRejects } from "./assert.js";
import type { ConformanceCase } from "./fixtures.js";
import { hexDigest, knownLengthStream, patternBytes, stored } from "./fixtures.js";

export const checksumCases: ConformanceCase[] = [
  {
    name: "put with a matching md5 (hex or bytes) or sha256 stores the object and reports the checksum",
    async run(bucket, scope) {
      const bytes = patternBytes(5000, 7);
      const md5 = await hexDigest("MD5", bytes);
      const sha256 = await hexDigest("SHA-256", bytes);
      await bucket.put(`${scope}hex`, bytes, { md5 });
      const md5Bytes = new Uint8Array(md5.match(/../g)?.map((h) => parseInt(h, 16)) ?? []);
      await bucket.put(`${scope}bytes`, bytes, { md5: md5Bytes });
      const withSha = await stored(bucket.put(`${scope}sha`, knownLengthStream(bytes), { sha256 }));
      // R2 adds the md5 it always computes; DiskBucket computes no md5 unless asked for one.
      const { md5: reportedMd5, ...rest } = withSha.checksums.toJSON();
      checkEqual(rest, { sha256 }, "checksums of the sha256 put");
      check(reportedMd5 === undefined || reportedMd5 === md5, "a reported md5 is right");
      const head = await bucket.head(`${scope}sha`);
      checkEqual(head?.checksums.toJSON(), withSha.checksums.toJSON(), "checksums of head");
      const withMd5 = await bucket.head(`${scope}hex`);
      checkEqual(withMd5?.checksums.toJSON().md5, md5, "the md5 asked for is reported");
      checkEqual(new Uint8Array(head?.checksums.sha256 ?? new ArrayBuffer(0)).byteLength, 32, "sha256 as ArrayBuffer");
      checkEqual((await bucket.list({ prefix: scope })).objects.length, 3, "all three stored");
    },
  },
  {
    name: "put with a wrong md5 or sha256 rejects and leaves nothing behind",
    async run(bucket, scope) {
      const bytes = patternBytes(200_000, 8);
      await checkRejects(
        () => bucket.put(`${scope}bad-md5`, bytes, { md5: "0".repeat(32) }),
        "wrong md5",
        /md5|MD5|checksum|digest/i,
      );
      await checkRejects(
        () => bucket.put(`${scope}bad-sha`, knownLengthStream(bytes), { sha256: "ab".repeat(32) }),
        "wrong sha256",
        /sha|checksum|digest/i,
      );
      checkEqual(await bucket.head(`${scope}bad-md5`), null, "no object after a bad md5");
      checkEqual(await bucket.head(`${scope}bad-sha`), null, "no object after a bad sha256");
      checkEqual((await bucket.list({ prefix: scope })).objects, [], "nothing listed");
    },
  },
  {
    name: "a put with a wrong checksum over an existing object leaves the old object",
    async run(bucket, scope) {
      const old = await stored(bucket.put(`${scope}k`, "old bytes"));
      await checkRejects(() => bucket.put(`${scope}k`, "new bytes", { md5: "f".repeat(32) }), "wrong md5");
      const got = await bucket.get(`${scope}k`);
      checkEqual(
        [await got?.text(), got?.etag, got?.version],
        ["old bytes", old.etag, old.version],
        "old object intact",
      );
    },
  },
  {
    name: "put rejects malformed checksums and more than one checksum",
    async run(bucket, scope) {
      await checkRejects(() => bucket.put(`${scope}k`, "x", { md5: "abc" }), "short md5");
      await checkRejects(() => bucket.put(`${scope}k`, "x", { sha256: "z".repeat(64) }), "non-hex sha256");
      const md5 = await hexDigest("MD5", new TextEncoder().encode("x"));
      const sha256 = await hexDigest("SHA-256", new TextEncoder().encode("x"));
      await checkRejects(() => bucket.put(`${scope}k`, "x", { md5, sha256 }), "two checksums");
      checkEqual(await bucket.head(`${scope}k`), null, "nothing stored");
    },
  },
  {
    name: "put onlyIf: etagMatches and etagDoesNotMatch decide whether the write happens",
    async run(bucket, scope) {
      const key = `${scope}k`;
      const created = await stored(bucket.put(key, "v1", { onlyIf: { etagDoesNotMatch: "*" } }));
      check(created !== null, "create-only put of a new key succeeds");
      checkEqual(
        await bucket.put(key, "v2", { onlyIf: { etagDoesNotMatch: "*" } }),
        null,
        "create-only put of an existing key returns null",
      );
      checkEqual(
        await bucket.put(key, "v2", { onlyIf: { etagMatches: "0".repeat(32) } }),
        null,
        "etagMatches mismatch returns null",
      );
      checkEqual(await (await bucket.get(key))?.text(), "v1", "still v1");
      const updated = await stored(bucket.put(key, "v2", { onlyIf: { etagMatches: created.etag } }));
      check(updated !== null, "etagMatches match writes");
      checkEqual(
        await bucket.put(key, "v3", { onlyIf: new Headers({ "if-match": `"${created.etag}"` }) }),
        null,
        "If-Match header with a stale etag",
      );
      check(
        (await bucket.put(key, "v3", { onlyIf: new Headers({ "if-match": `"${updated.etag}"` }) })) !== null,
        "If-Match header with the current etag",
      );
      checkEqual(
        await bucket.put(key, "v4", { onlyIf: new Headers({ "if-none-match": "*" }) }),
        null,
        "If-None-Match: * on an existing key",
      );
      checkEqual(
        await bucket.put(`${scope}new`, "x", { onlyIf: { etagMatches: "0".repeat(32) } }),
        null,
        "etagMatches on a missing key",
      );
      checkEqual(await bucket.head(`${scope}new`), null, "nothing created");
      checkEqual(await (await bucket.get(key))?.text(), "v3", "final value");
    },
  },
  {
    name: "put onlyIf with uploadedBefore / uploadedAfter",
    async run(bucket, scope) {
      const key = `${scope}k`;
      const first = await stored(bucket.put(key, "v1"));
      const later = new Date(first.uploaded.getTime() + 60_000);
      const earlier = new Date(first.uploaded.getTime() - 60_000);
      checkEqual(
        await bucket.put(key, "v2", { onlyIf: { uploadedAfter: later } }),
        null,
        "uploadedAfter in the future fails",
      );
      checkEqual(
        await bucket.put(key, "v2", { onlyIf: { uploadedBefore: earlier } }),
        null,
        "uploadedBefore in the past fails",
      );
      check(
        (await bucket.put(key, "v2", { onlyIf: { uploadedAfter: earlier, uploadedBefore: later } })) !== null,
        "both hold",
      );
      checkEqual(await (await bucket.get(key))?.text(), "v2", "written");
    },
  },
];
