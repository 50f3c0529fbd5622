/** Conformance cases for multipart uploads. R2 (and miniflare) need every part but the last to be >= 5 MiB. */
import { check, checkEqual, checkRejects } from "./assert.js";
import type { ConformanceCase } from "./fixtures.js";
import { bodyBytes, hexDigest, knownLengthStream, patternBytes, sameBytes } from "./fixtures.js";

const MIB = 1024 * 1024;
const PART = 5 * MIB;

export const multipartCases: ConformanceCase[] = [
  {
    name: "a 3-part upload (uploaded out of order) completes into one object with the parts in order",
    async run(bucket, scope) {
      const parts = [patternBytes(PART, 1), patternBytes(PART, 2), patternBytes(1234, 3)];
      const upload = await bucket.createMultipartUpload(`${scope}big`, {
        httpMetadata: { contentType: "video/mp4" },
        customMetadata: { origin: "phone" },
      });
      checkEqual(upload.key, `${scope}big`, "upload key");
      const p3 = await upload.uploadPart(3, parts[2] ?? new Uint8Array());
      const p1 = await upload.uploadPart(1, knownLengthStream(parts[0] ?? new Uint8Array()));
      const p2 = await upload.uploadPart(2, new Blob([parts[1] ?? new Uint8Array()]));
      checkEqual(await bucket.head(`${scope}big`), null, "invisible before complete");
      const object = await upload.complete([p1, p2, p3]);
      checkEqual(object.size, 2 * PART + 1234, "size");
      check(/^[0-9a-f]{32}-3$/.test(object.etag), `multipart etag ends in -3 (${object.etag})`);
      const got = await bucket.get(`${scope}big`);
      check(got !== null, "object exists");
      checkEqual(
        [got.httpMetadata, got.customMetadata, got.etag],
        [{ contentType: "video/mp4" }, { origin: "phone" }, object.etag],
        "metadata",
      );
      const all = new Uint8Array(2 * PART + 1234);
      all.set(parts[0] ?? new Uint8Array(), 0);
      all.set(parts[1] ?? new Uint8Array(), PART);
      all.set(parts[2] ?? new Uint8Array(), 2 * PART);
      checkEqual(await hexDigest("MD5", await bodyBytes(got)), await hexDigest("MD5", all), "bytes in part order");
      const across = await bucket.get(`${scope}big`, { range: { offset: PART - 3, length: 6 } });
      check(
        across !== null && sameBytes(await bodyBytes(across), all.subarray(PART - 3, PART + 3)),
        "range across a part boundary",
      );
      // R2 makes the etag from the parts' md5s, DiskBucket from the parts' etags (it hashes no part):
      // both are "<32 hex>-<parts>", checked above, and differ from every single-put etag.
    },
  },
  {
    name: "resumeMultipartUpload continues an upload by its id",
    async run(bucket, scope) {
      const created = await bucket.createMultipartUpload(`${scope}k`);
      const first = await created.uploadPart(1, patternBytes(PART, 4));
      const resumed = bucket.resumeMultipartUpload(`${scope}k`, created.uploadId);
      checkEqual([resumed.key, resumed.uploadId], [`${scope}k`, created.uploadId], "handle");
      const second = await resumed.uploadPart(2, "tail");
      const object = await resumed.complete([first, second]);
      checkEqual(object.size, PART + 4, "size");
      const tail = await bucket.get(`${scope}k`, { range: { suffix: 4 } });
      checkEqual(await tail?.text(), "tail", "last part at the end");
    },
  },
  {
    name: "abort discards an upload: its parts cannot be completed and no object appears",
    async run(bucket, scope) {
      const upload = await bucket.createMultipartUpload(`${scope}k`);
      const part = await upload.uploadPart(1, "only part");
      await upload.abort();
      await checkRejects(() => upload.complete([part]), "complete after abort");
      await checkRejects(() => upload.uploadPart(2, "more"), "uploadPart after abort");
      await upload.abort();
      checkEqual(await bucket.head(`${scope}k`), null, "no object");
      checkEqual((await bucket.list({ prefix: scope })).objects, [], "nothing listed");
    },
  },
  {
    name: "a single small part completes; complete rejects unknown etags and too-small middle parts",
    async run(bucket, scope) {
      const single = await bucket.createMultipartUpload(`${scope}single`);
      const only = await single.uploadPart(1, "just this");
      checkEqual(await single.complete([only]).then((o) => o.size), 9, "single part");
      const upload = await bucket.createMultipartUpload(`${scope}k`);
      const small = await upload.uploadPart(1, "small");
      const last = await upload.uploadPart(2, "last");
      await checkRejects(() => upload.complete([{ partNumber: 1, etag: "0".repeat(32) }, last]), "unknown etag");
      await checkRejects(() => upload.complete([small, last]), "first part below 5 MiB");
      checkEqual(await bucket.head(`${scope}k`), null, "no object");
      await upload.abort();
    },
  },
  {
    name: "a re-uploaded part replaces the earlier upload of that part number",
    async run(bucket, scope) {
      const upload = await bucket.createMultipartUpload(`${scope}k`);
      const stale = await upload.uploadPart(1, "first try");
      const fresh = await upload.uploadPart(1, "second try");
      check(stale.etag !== fresh.etag, "new etag");
      await checkRejects(() => upload.complete([stale]), "stale etag");
      await upload.complete([fresh]);
      checkEqual(await (await bucket.get(`${scope}k`))?.text(), "second try", "latest part wins");
    },
  },
  {
    name: "uploadPart on an unknown upload id is rejected",
    async run(bucket, scope) {
      const ghost = bucket.resumeMultipartUpload(`${scope}k`, "ABCDEFabcdef0123456789");
      await checkRejects(() => ghost.uploadPart(1, "x"), "unknown upload");
      const real = await bucket.createMultipartUpload(`${scope}k`);
      await checkRejects(
        () => bucket.resumeMultipartUpload(`${scope}other`, real.uploadId).uploadPart(1, "x"),
        "id of another key",
      );
      await real.abort();
    },
  },
  {
    name: "completing an upload over an existing key replaces the object",
    async run(bucket, scope) {
      await bucket.put(`${scope}k`, "old", { customMetadata: { v: "1" } });
      const upload = await bucket.createMultipartUpload(`${scope}k`, { customMetadata: { v: "2" } });
      const part = await upload.uploadPart(1, "new");
      await upload.complete([part]);
      const got = await bucket.get(`${scope}k`);
      checkEqual([await got?.text(), got?.customMetadata], ["new", { v: "2" }], "replaced");
      checkEqual((await bucket.list({ prefix: scope })).objects.length, 1, "one object");
    },
  },
];
