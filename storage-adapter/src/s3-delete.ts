/* Deleting objects from S3: one DELETE per key, or S3's bulk delete for many. */
import type { S3Client } from "./s3-client.js";
import { errorFromXml, escapeXml, toS3Name, xmlBlocks, xmlText } from "./s3-client.js";
import { hexToBase64 } from "./s3-digests.js";
import { toHex } from "./key-path.js";

/** S3 deletes at most this many keys per bulk request. */
const BULK_LIMIT = 1000;

/** Deletes every key; missing keys are fine (S3 answers 204 for them too). */
export async function deleteKeys(s3: S3Client, keys: string[]): Promise<void> {
  // XML 1.0 cannot carry control characters: such keys go one by one.
  const bulk = keys.filter((key) => !/[\u0000-\u001f\ufffe\uffff]/.test(key));
  const single = keys.filter((key) => !bulk.includes(key));
  if (bulk.length === 1) single.push(...bulk.splice(0));
  for (const key of single) await deleteOne(s3, key);
  for (let at = 0; at < bulk.length; at += BULK_LIMIT) await deleteMany(s3, bulk.slice(at, at + BULK_LIMIT));
}

async function deleteOne(s3: S3Client, key: string): Promise<void> {
  const response = await s3.send(s3.objectUrl(key), { method: "DELETE" });
  if (!response.ok && response.status !== 404) await s3.fail("delete", response);
  await response.body?.cancel();
}

async function deleteMany(s3: S3Client, keys: string[]): Promise<void> {
  const body =
    `<?xml version="1.0" encoding="UTF-8"?><Delete><Quiet>true</Quiet>` +
    keys.map((key) => `<Object><Key>${escapeXml(toS3Name(key))}</Key></Object>`).join("") +
    `</Delete>`;
  const bytes = new TextEncoder().encode(body);
  // S3 requires an integrity header on bulk deletes.
  const md5 = await crypto.subtle.digest("MD5", bytes).catch(() => undefined);
  if (md5 === undefined) {
    // A runtime without MD5 in WebCrypto (Node): one request per key.
    for (const key of keys) await deleteOne(s3, key);
    return;
  }
  const response = await s3.send(s3.bucketUrl({ delete: "" }), {
    method: "POST",
    headers: { "content-md5": hexToBase64(toHex(new Uint8Array(md5))), "content-type": "application/xml" },
    body: bytes,
  });
  const text = await response.text();
  if (!response.ok) throw errorFromXml("delete", response.status, text);
  const failed = xmlBlocks(text, "Error").filter((e) => xmlText(e, "Code") !== "NoSuchKey");
  if (failed[0] !== undefined) throw errorFromXml("delete", 500, failed[0]);
}
