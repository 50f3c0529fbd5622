/** Conformance cases for put, head, get (whole objects) and delete. */
import { check, checkEqual, checkRejects } from "./assert.js";
import type { ConformanceCase } from "./fixtures.js";
import {
  bodyBytes,
  etagForms,
  hexDigest,
  knownLengthStream,
  listAll,
  patternBytes,
  putAll,
  sameBytes,
  utf8,
  stored,
} from "./fixtures.js";

export const objectCases: ConformanceCase[] = [
  {
    name: "put returns the object's size, a 32-hex etag from its bytes, quoted httpEtag, version, upload time and checksums",
    async run(bucket, scope) {
      const bytes = patternBytes(1000);
      const before = Date.now();
      const put = await stored(bucket.put(`${scope}obj`, bytes));
      const md5 = await hexDigest("MD5", bytes);
      const sha256 = await hexDigest("SHA-256", bytes);
      checkEqual(put.key, `${scope}obj`, "key");
      checkEqual(put.size, 1000, "size");
      check((await etagForms(bytes)).includes(put.etag), `etag is the md5 or the sha256 prefix (${put.etag})`);
      checkEqual(put.httpEtag, `"${put.etag}"`, "httpEtag");
      // R2 always reports the md5 it computed; DiskBucket the SHA-256 it computed.
      const checksums = put.checksums.toJSON();
      check(checksums.md5 === md5 || checksums.sha256 === sha256, "checksums hold the md5 or the sha256 of the bytes");
      check(checksums.md5 === undefined || checksums.md5 === md5, "a reported md5 is right");
      check(checksums.sha256 === undefined || checksums.sha256 === sha256, "a reported sha256 is right");
      check(put.version.length > 0, "version is set");
      check(put.uploaded.getTime() >= before - 1000 && put.uploaded.getTime() <= Date.now() + 1000, "uploaded is now");
      const head = await bucket.head(`${scope}obj`);
      check(head !== null, "head finds the object");
      checkEqual(
        [head.size, head.etag, head.version, head.uploaded],
        [1000, put.etag, put.version, put.uploaded],
        "head matches put",
      );
      checkEqual(head.range, { offset: 0, length: 1000 }, "head range");
    },
  },
  {
    name: "get returns the bytes, readable as arrayBuffer, text, json, blob, bytes or a stream",
    async run(bucket, scope) {
      const doc = { hello: "wörld", n: [1, 2, 3] };
      await bucket.put(`${scope}doc.json`, JSON.stringify(doc), { httpMetadata: { contentType: "application/json" } });
      checkEqual(await (await bucket.get(`${scope}doc.json`))?.json(), doc, "json()");
      checkEqual(await (await bucket.get(`${scope}doc.json`))?.text(), JSON.stringify(doc), "text()");
      const bytes = utf8(JSON.stringify(doc));
      check(
        sameBytes(
          new Uint8Array((await (await bucket.get(`${scope}doc.json`))?.arrayBuffer()) ?? new ArrayBuffer(0)),
          bytes,
        ),
        "arrayBuffer()",
      );
      const blob = await (await bucket.get(`${scope}doc.json`))?.blob();
      checkEqual([blob?.size, blob?.type], [bytes.byteLength, "application/json"], "blob() size and type");
      const streamed = await new Response((await bucket.get(`${scope}doc.json`))?.body).text();
      checkEqual(streamed, JSON.stringify(doc), "body stream");
      const object = await bucket.get(`${scope}doc.json`);
      check(object !== null && !object.bodyUsed, "body unused before reading");
      await object.text();
      check(object.bodyUsed, "bodyUsed after reading");
      checkEqual(object.range, { offset: 0, length: bytes.byteLength }, "range of a whole get");
    },
  },
  {
    name: "head and get of a missing key return null",
    async run(bucket, scope) {
      checkEqual(await bucket.head(`${scope}missing`), null, "head");
      checkEqual(await bucket.get(`${scope}missing`), null, "get");
      checkEqual(await bucket.get(`${scope}missing`, { range: { offset: 0, length: 1 } }), null, "ranged get");
    },
  },
  {
    name: "put accepts a string, ArrayBuffer, typed-array view, Blob, ReadableStream and null",
    async run(bucket, scope) {
      const bytes = patternBytes(70_000, 3);
      const backing = new Uint8Array(bytes.byteLength + 20);
      backing.set(bytes, 10);
      const values: [string, ReadableStream | ArrayBuffer | ArrayBufferView | string | Blob | null, Uint8Array][] = [
        ["string", "héllo", utf8("héllo")],
        ["arraybuffer", bytes.slice().buffer, bytes],
        ["view", new Uint8Array(backing.buffer, 10, bytes.byteLength), bytes],
        ["blob", new Blob([bytes]), bytes],
        ["stream", knownLengthStream(bytes, 4096), bytes],
        ["null", null, new Uint8Array(0)],
      ];
      for (const [name, value, expected] of values) {
        const put = await stored(bucket.put(`${scope}${name}`, value));
        checkEqual(put.size, expected.byteLength, `${name}: size`);
        const got = await bucket.get(`${scope}${name}`);
        check(got !== null && sameBytes(await bodyBytes(got), expected), `${name}: bytes round-trip`);
      }
    },
  },
  {
    name: "an empty object has size 0, the etag of nothing (md5 or sha256 prefix), and an empty body",
    async run(bucket, scope) {
      await bucket.put(`${scope}empty`, "");
      const got = await bucket.get(`${scope}empty`);
      check(got !== null, "empty object exists");
      checkEqual(got.size, 0, "size");
      check(
        ["d41d8cd98f00b204e9800998ecf8427e", "e3b0c44298fc1c149afbf4c8996fb924"].includes(got.etag),
        `etag of nothing (${got.etag})`,
      );
      checkEqual((await bodyBytes(got)).byteLength, 0, "body length");
      checkEqual(
        (await bucket.list({ prefix: scope })).objects.map((o) => o.size),
        [0],
        "listed with size 0",
      );
    },
  },
  {
    name: "httpMetadata (object or Headers) and customMetadata round-trip, and writeHttpMetadata sets headers",
    async run(bucket, scope) {
      const expiry = new Date("2030-01-02T03:04:05.000Z");
      const httpMetadata = {
        contentType: "image/jpeg",
        contentLanguage: "de",
        contentDisposition: 'attachment; filename="a.jpg"',
        contentEncoding: "identity",
        cacheControl: "max-age=60",
        cacheExpiry: expiry,
      };
      await bucket.put(`${scope}meta`, "x", { httpMetadata, customMetadata: { owner: "ana", ünï: "cødé" } });
      const head = await bucket.head(`${scope}meta`);
      checkEqual(head?.httpMetadata, httpMetadata, "httpMetadata");
      checkEqual(head?.customMetadata, { owner: "ana", ünï: "cødé" }, "customMetadata");
      const headers = new Headers();
      head?.writeHttpMetadata(headers);
      checkEqual(
        [...headers].sort(),
        [
          ["cache-control", "max-age=60"],
          ["content-disposition", 'attachment; filename="a.jpg"'],
          ["content-encoding", "identity"],
          ["content-language", "de"],
          ["content-type", "image/jpeg"],
          ["expires", expiry.toUTCString()],
        ],
        "written headers",
      );
      await bucket.put(`${scope}from-headers`, "x", {
        httpMetadata: new Headers({ "content-type": "text/plain", "cache-control": "no-store", "x-other": "ignored" }),
      });
      checkEqual(
        (await bucket.get(`${scope}from-headers`))?.httpMetadata,
        { contentType: "text/plain", cacheControl: "no-store" },
        "from Headers",
      );
      const plain = await bucket.head((await stored(bucket.put(`${scope}plain`, "x"))).key);
      checkEqual([plain?.httpMetadata, plain?.customMetadata], [{}, {}], "no metadata is empty objects");
    },
  },
  {
    name: "overwriting a key replaces bytes, metadata and version",
    async run(bucket, scope) {
      const first = await stored(bucket.put(`${scope}k`, "first", { customMetadata: { n: "1" } }));
      const second = await stored(bucket.put(`${scope}k`, "second!", { httpMetadata: { contentType: "text/plain" } }));
      check(first.version !== second.version, "new version");
      const got = await bucket.get(`${scope}k`);
      checkEqual(
        [await got?.text(), got?.customMetadata, got?.httpMetadata, got?.version],
        ["second!", {}, { contentType: "text/plain" }, second.version],
        "second wins",
      );
      checkEqual(
        (await bucket.list({ prefix: scope })).objects.map((o) => o.key),
        [`${scope}k`],
        "still one object",
      );
    },
  },
  {
    name: "delete removes one key, an array of keys, and ignores missing keys",
    async run(bucket, scope) {
      await putAll(bucket, [`${scope}a`, `${scope}b`, `${scope}c`, `${scope}d`]);
      await bucket.delete(`${scope}a`);
      checkEqual(await bucket.head(`${scope}a`), null, "a deleted");
      await bucket.delete([`${scope}b`, `${scope}c`, `${scope}never-existed`]);
      await bucket.delete(`${scope}never-existed`);
      checkEqual((await listAll(bucket, { prefix: scope })).keys, [`${scope}d`], "only d remains");
    },
  },
  {
    name: "deleting a key that is a prefix of other keys leaves the others",
    async run(bucket, scope) {
      const keys = ["a", "a/", "a/b", "a/b/c", "ab", "a-b", "a/b/c/d"].map((k) => scope + k);
      await putAll(bucket, keys);
      await bucket.delete(`${scope}a`);
      await bucket.delete(`${scope}a/b`);
      checkEqual(
        (await listAll(bucket, { prefix: scope })).keys,
        ["a-b", "a/", "a/b/c", "a/b/c/d", "ab"].map((k) => scope + k),
        "others remain",
      );
      checkEqual(await (await bucket.get(`${scope}a/b/c/d`))?.text(), `${scope}a/b/c/d`, "deep key intact");
    },
  },
  {
    name: "keys with unicode, spaces, %, dots, backslashes, NUL and empty segments round-trip",
    async run(bucket, scope) {
      const odd = [
        "ünïcødé/文件 名.txt",
        "100% sure",
        "%2F%2e%2E",
        "a b/c d",
        "dots/../..",
        "./.hidden",
        "..",
        ".",
        "emoji 😀",
        "back\\slash",
        "nul\u0000byte",
        "q?x#y&z=1",
        "double//slash",
        "trailing/",
        "/leading",
        "tilde~m",
        "x~d0",
        "UPPER/lower",
        "Upper",
        "upper",
        "tab\there",
        "\u00e9",
        "e\u0301",
      ];
      const keys = odd.map((k) => scope + k);
      for (const [i, key] of keys.entries()) await bucket.put(key, `value ${i}`);
      for (const [i, key] of keys.entries()) {
        checkEqual(await (await bucket.get(key))?.text(), `value ${i}`, `get ${JSON.stringify(key)}`);
      }
      const listed = (await listAll(bucket, { prefix: scope })).keys;
      checkEqual([...listed].sort(), [...keys].sort(), "every key listed once");
    },
  },
  {
    name: "a key of 1024 bytes, even as one long segment, is accepted; 1025 bytes is rejected",
    async run(bucket, scope) {
      const long = scope + "é".repeat((1024 - scope.length) / 2);
      checkEqual(utf8(long).byteLength, 1024, "test key length");
      await bucket.put(long, "long");
      checkEqual(await (await bucket.get(long))?.text(), "long", "long key readable");
      checkEqual(
        (await bucket.list({ prefix: scope })).objects.map((o) => o.key),
        [long],
        "long key listed",
      );
      await checkRejects(() => bucket.put(long + "x", "too long"), "1025-byte key");
      await checkRejects(() => bucket.head(long + "x"), "head of a 1025-byte key");
    },
  },
];
