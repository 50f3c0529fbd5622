/**
 * Services for unit tests of workers/core/: a real libSQL database in a temp file with every
 * migration applied, an in-memory R2Bucket (the subset core uses), an event sink that records
 * what was published, and a clock the test moves. Runs in milliseconds, without workerd.
 * The integration suites (tests/*.test.ts) keep exercising the real runtime.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import type { HearthEvent } from "@hearth/contract";
import { migrate } from "@hearth/db/migrate";
import { readMigrations } from "@hearth/db/migrations-on-disk";
import { drizzle } from "drizzle-orm/libsql";
import * as schema from "@hearth/db/schema";
import type { Services } from "../../workers/core/services";

const MIGRATIONS = join(import.meta.dirname, "../../db/migrations");

interface StoredObject {
  bytes: Uint8Array;
  httpMetadata?: R2HTTPMetadata;
  customMetadata?: Record<string, string>;
  uploaded: Date;
}

async function bytesOf(value: unknown): Promise<Uint8Array> {
  if (value === null || value === undefined) return new Uint8Array();
  if (typeof value === "string") return new TextEncoder().encode(value);
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof Blob) return new Uint8Array(await value.arrayBuffer());
  return new Uint8Array(await new Response(value as ReadableStream).arrayBuffer());
}

function objectOf(key: string, stored: StoredObject, withBody: boolean): R2Object | R2ObjectBody {
  const etag = `${stored.bytes.byteLength}-${stored.uploaded.getTime()}`;
  const object = {
    key,
    version: etag,
    size: stored.bytes.byteLength,
    etag,
    httpEtag: `"${etag}"`,
    uploaded: stored.uploaded,
    httpMetadata: stored.httpMetadata ?? {},
    customMetadata: stored.customMetadata ?? {},
    checksums: { toJSON: () => ({}) },
    storageClass: "Standard",
    writeHttpMetadata(headers: Headers) {
      if (stored.httpMetadata?.contentType) headers.set("content-type", stored.httpMetadata.contentType);
    },
  };
  if (!withBody) return object as unknown as R2Object;
  const bytes = stored.bytes;
  return {
    ...object,
    get body() {
      return new Blob([bytes as Uint8Array<ArrayBuffer>]).stream();
    },
    bodyUsed: false,
    arrayBuffer: async () => bytes.slice().buffer,
    text: async () => new TextDecoder().decode(bytes),
    json: async () => JSON.parse(new TextDecoder().decode(bytes)),
    blob: async () => new Blob([bytes as Uint8Array<ArrayBuffer>]),
  } as unknown as R2ObjectBody;
}

/** An R2Bucket held in a Map: put/get/head/delete/list, which is what core rules use. */
export class MemoryBucket {
  readonly objects = new Map<string, StoredObject>();

  async put(key: string, value: unknown, options: R2PutOptions = {}): Promise<R2Object> {
    const stored: StoredObject = {
      bytes: await bytesOf(value),
      httpMetadata: options.httpMetadata as R2HTTPMetadata | undefined,
      customMetadata: options.customMetadata,
      uploaded: new Date(),
    };
    this.objects.set(key, stored);
    return objectOf(key, stored, false);
  }

  async get(key: string): Promise<R2ObjectBody | null> {
    const stored = this.objects.get(key);
    return stored ? (objectOf(key, stored, true) as R2ObjectBody) : null;
  }

  async head(key: string): Promise<R2Object | null> {
    const stored = this.objects.get(key);
    return stored ? objectOf(key, stored, false) : null;
  }

  async delete(keys: string | string[]): Promise<void> {
    for (const key of Array.isArray(keys) ? keys : [keys]) this.objects.delete(key);
  }

  /** Multipart uploads in progress: their parts by number. */
  readonly uploads = new Map<string, { key: string; parts: Map<number, Uint8Array> }>();

  async createMultipartUpload(key: string): Promise<R2MultipartUpload> {
    const uploadId = crypto.randomUUID().replace(/-/g, "");
    this.uploads.set(uploadId, { key, parts: new Map() });
    return this.resumeMultipartUpload(key, uploadId);
  }

  resumeMultipartUpload(key: string, uploadId: string): R2MultipartUpload {
    const upload = () => {
      const found = this.uploads.get(uploadId);
      if (!found || found.key !== key) throw new Error("The specified multipart upload does not exist.");
      return found;
    };
    return {
      key,
      uploadId,
      uploadPart: async (partNumber: number, value: unknown) => {
        upload().parts.set(partNumber, await bytesOf(value));
        return { partNumber, etag: String(partNumber) };
      },
      abort: async () => {
        this.uploads.delete(uploadId);
      },
      complete: async (parts: R2UploadedPart[]) => {
        const { parts: stored } = upload();
        const chunks = parts.map((part) => stored.get(part.partNumber) ?? new Uint8Array());
        this.uploads.delete(uploadId);
        return this.put(key, new Blob(chunks as Uint8Array<ArrayBuffer>[]));
      },
    } as unknown as R2MultipartUpload;
  }

  async list(options: R2ListOptions = {}): Promise<R2Objects> {
    const prefix = options.prefix ?? "";
    const keys = [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
    const start = options.cursor ? Number(options.cursor) : 0;
    const limit = options.limit ?? 1000;
    const page = keys.slice(start, start + limit);
    const truncated = start + limit < keys.length;
    return {
      objects: page.map((k) => objectOf(k, this.objects.get(k)!, false)),
      delimitedPrefixes: [],
      truncated,
      ...(truncated ? { cursor: String(start + limit) } : {}),
    } as R2Objects;
  }
}

export interface TestServices extends Services {
  bucket: R2Bucket;
  /** The same bucket, with its Map for assertions. */
  memory: MemoryBucket;
  /** Every event published, in order, with the user it went to. */
  published: { userId: string; event: HearthEvent }[];
  /** Moves the clock forward. */
  advance(ms: number): void;
  close(): Promise<void>;
}

/** A fresh, migrated database and an empty bucket. */
export async function testServices(start = Date.parse("2026-06-01T12:00:00Z")): Promise<TestServices> {
  const folder = mkdtempSync(join(tmpdir(), "hearth-core-"));
  const client = createClient({ url: `file:${join(folder, "hearth.db")}` });
  await migrate(client, readMigrations(MIGRATIONS));
  const memory = new MemoryBucket();
  const published: TestServices["published"] = [];
  let clock = start;
  return {
    db: drizzle(client, { schema }) as unknown as Services["db"],
    bucket: memory as unknown as R2Bucket,
    memory,
    events: {
      publish: async (userId, event) => {
        published.push({ userId, event });
      },
    },
    now: () => clock,
    published,
    advance(ms) {
      clock += ms;
    },
    async close() {
      client.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
