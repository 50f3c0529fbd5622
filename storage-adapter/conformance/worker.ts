/**
 * The test worker: runs the conformance cases against whichever bucket it is given (DiskBucket
 * over a disk service binding DISK, or an R2 binding BUCKET), and exposes single operations so
 * Node-side tests can drive DiskBucket with real HTTP bodies.
 */
import { DiskBucket, S3Bucket } from "../src/index.js";
import { conformanceCases, runCases } from "./cases.js";
import { diskOnlyCases } from "./disk-cases.js";
import { listAll, stored } from "./fixtures.js";

interface Env {
  DISK?: Fetcher;
  /** The digest helper, beside DISK (DiskBucketOptions.digests). */
  DIGESTS?: Fetcher;
  BUCKET?: R2Bucket;
  /** JSON of S3Settings: the bucket is an S3Bucket over that S3 server. */
  S3?: string;
}

/** `{ sha256 }` in hex when the object reports one. */
function sha256Of(object: R2Object): { sha256?: string } {
  const digest = object.checksums.sha256;
  return digest ? { sha256: [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("") } : {};
}

function bucketOf(env: Env): R2Bucket | undefined {
  if (env.S3) return new S3Bucket(JSON.parse(env.S3) as ConstructorParameters<typeof S3Bucket>[0]);
  return env.DISK ? new DiskBucket(env.DISK, { digests: env.DIGESTS }) : env.BUCKET;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const bucket = bucketOf(env);
    if (!bucket) return Response.json({ error: "no DISK, BUCKET or S3 binding" }, { status: 500 });
    const url = new URL(request.url);
    const key = url.searchParams.get("key") ?? "";
    try {
      switch (`${request.method} ${url.pathname}`) {
        case "POST /cases": {
          const only = url.searchParams.get("only") ?? "";
          const suite = url.searchParams.get("suite") === "disk" ? diskOnlyCases : conformanceCases;
          const cases = suite.filter((c) => c.name.includes(only));
          return Response.json(await runCases(bucket, cases, url.searchParams.get("suite") === "disk" ? "d" : "c"));
        }
        case "PUT /object": {
          const put = await stored(bucket.put(key, request.body));
          return Response.json({ key: put.key, size: put.size, etag: put.etag, ...sha256Of(put) });
        }
        case "GET /object": {
          const offset = url.searchParams.get("offset");
          const range =
            offset === null
              ? {}
              : { range: { offset: Number(offset), length: Number(url.searchParams.get("length")) } };
          const got = await bucket.get(key, range);
          return got
            ? new Response(got.body, { headers: { etag: got.httpEtag } })
            : new Response(null, { status: 404 });
        }
        case "GET /head": {
          const head = await bucket.head(key);
          return head
            ? Response.json({ key: head.key, size: head.size, etag: head.etag, ...sha256Of(head) })
            : new Response(null, { status: 404 });
        }
        case "GET /list": {
          const { keys } = await listAll(bucket, { prefix: url.searchParams.get("prefix") ?? undefined });
          return Response.json({ keys });
        }
        case "DELETE /object":
          await bucket.delete(key);
          return new Response(null, { status: 204 });
      }
      return new Response("not found", { status: 404 });
    } catch (error) {
      return Response.json({ error: error instanceof Error ? error.message : String(error) }, { status: 500 });
    }
  },
} satisfies ExportedHandler<Env>;
