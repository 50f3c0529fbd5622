/**
 * Cases only DiskBucket runs: behaviour where it deliberately differs from R2 (streams of unknown
 * length) or that only matters on disk (errors part-way, names of internal files).
 */
import { check, checkEqual, checkRejects } from "./assert.js";
import type { ConformanceCase } from "./fixtures.js";
import { bodyBytes, hexDigest, listAll, patternBytes, sameBytes, stored } from "./fixtures.js";

export const diskOnlyCases: ConformanceCase[] = [
  {
    name: "a put hashes SHA-256 only: checksums.sha256, the etag its first 128 bits, md5 only when asked",
    async run(bucket, scope) {
      const bytes = patternBytes(70_000, 3);
      const sha256 = await hexDigest("SHA-256", bytes);
      const put = await stored(bucket.put(`${scope}a`, bytes));
      checkEqual([put.etag, put.checksums.toJSON()], [sha256.slice(0, 32), { sha256 }], "etag and checksums");
      const md5 = await hexDigest("MD5", bytes);
      const asked = await stored(bucket.put(`${scope}b`, bytes, { md5 }));
      checkEqual(asked.checksums.toJSON(), { sha256, md5 }, "an md5 asked for is verified and kept");
    },
  },
  {
    name: "a completed multipart object reads across its parts, and is replaced and deleted whole",
    async run(bucket, scope) {
      const part = 5 * 1024 * 1024;
      const parts = [patternBytes(part, 5), patternBytes(part, 6), patternBytes(777, 7)];
      const upload = await bucket.createMultipartUpload(`${scope}m`);
      const uploaded: R2UploadedPart[] = [];
      for (const [i, bytes] of parts.entries()) uploaded.push(await upload.uploadPart(i + 1, bytes));
      await upload.complete(uploaded);
      await checkRejects(() => upload.complete(uploaded), "a second complete");
      await upload.abort(); // a completed upload's parts are the object's bytes now: abort leaves them
      const all = new Uint8Array(2 * part + 777);
      parts.forEach((bytes, i) => all.set(bytes, i * part));
      const whole = await bucket.get(`${scope}m`);
      check(whole !== null && sameBytes(await bodyBytes(whole), all), "whole object");
      const span = await bucket.get(`${scope}m`, { range: { offset: part - 10, length: part + 20 } });
      check(
        span !== null && sameBytes(await bodyBytes(span), all.subarray(part - 10, 2 * part + 10)),
        "range over 3 parts",
      );
      await bucket.put(`${scope}m`, "replaced");
      checkEqual(await (await bucket.get(`${scope}m`))?.text(), "replaced", "a put replaces it");
      await bucket.delete(`${scope}m`);
      checkEqual(await bucket.head(`${scope}m`), null, "deleted");
    },
  },
  {
    name: "put of a stream that errors part-way rejects and stores nothing, not even over an old object",
    async run(bucket, scope) {
      await bucket.put(`${scope}old`, "old");
      for (const key of [`${scope}new`, `${scope}old`]) {
        let sent = 0;
        const failing = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (sent++ < 3) controller.enqueue(patternBytes(64 * 1024, sent));
            else controller.error(new Error("client went away"));
          },
        });
        await checkRejects(() => bucket.put(key, failing), `put ${key}`, /client went away/);
      }
      checkEqual(await bucket.head(`${scope}new`), null, "new key absent");
      checkEqual(await (await bucket.get(`${scope}old`))?.text(), "old", "old object intact");
      checkEqual((await listAll(bucket, { prefix: scope })).keys, [`${scope}old`], "only the old key");
    },
  },
  {
    name: "put accepts a stream of unknown length (R2 would need a known length)",
    async run(bucket, scope) {
      const chunks = [patternBytes(100_000, 1), patternBytes(3, 2)];
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          const next = chunks.shift();
          if (next) controller.enqueue(next);
          else controller.close();
        },
      });
      const put = await stored(bucket.put(`${scope}k`, stream));
      checkEqual([put.size, put.storageClass], [100_003, "Standard"], "size and storage class");
    },
  },
  {
    name: "keys spelled like internal files do not collide with them",
    async run(bucket) {
      const keys = ["~multipart", "~multipart/x", "%", "%%", "x~m", "x~n", "x~d0123"];
      for (const key of keys) await bucket.put(key, `value of ${key}`);
      const upload = await bucket.createMultipartUpload("~multipart/x");
      await upload.complete([await upload.uploadPart(1, "from multipart")]);
      for (const key of keys.filter((k) => k !== "~multipart/x")) {
        checkEqual(await (await bucket.get(key))?.text(), `value of ${key}`, `value of ${key}`);
      }
      checkEqual(await (await bucket.get("~multipart/x"))?.text(), "from multipart", "multipart result");
      const listed = (await listAll(bucket, {})).keys.filter((k) => keys.includes(k));
      checkEqual(listed.length, keys.length, "all listed");
      await bucket.delete(keys);
    },
  },
  {
    name: "a prefix listing of a fan-out tree reads folders, not every key",
    async run(bucket, scope) {
      const keys: string[] = [];
      for (const a of ["00", "ab", "ff"])
        for (const b of ["01", "cd"]) keys.push(`${scope}originals/${a}/${b}/${crypto.randomUUID()}`);
      for (const key of keys) await bucket.put(key, "x");
      const level = await bucket.list({ prefix: `${scope}originals/`, delimiter: "/" });
      checkEqual(
        level.delimitedPrefixes,
        ["00", "ab", "ff"].map((a) => `${scope}originals/${a}/`),
        "first level",
      );
      const leaf = await bucket.list({ prefix: `${scope}originals/ab/cd/` });
      checkEqual(leaf.objects.length, 1, "one leaf");
      check(leaf.objects[0]?.key.startsWith(`${scope}originals/ab/cd/`), "leaf key");
    },
  },
];
