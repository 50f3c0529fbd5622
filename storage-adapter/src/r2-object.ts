import type { ByteRange } from "./byte-range.js";
import { DiskChecksums } from "./checksums.js";
import { r2HttpMetadata, writeHttpMetadata } from "./http-metadata.js";
import type { ObjectRecord } from "./object-record.js";

/** Which optional parts of the record an R2Object exposes (list leaves them out unless asked). */
export interface ObjectView {
  range?: ByteRange;
  httpMetadata?: boolean;
  customMetadata?: boolean;
}

/** An object's metadata, as `head`, `put`, `list` and failed-precondition `get` return it. */
export class DiskR2Object implements R2Object {
  readonly key: string;
  readonly version: string;
  readonly size: number;
  readonly etag: string;
  readonly httpEtag: string;
  readonly checksums: R2Checksums;
  readonly uploaded: Date;
  readonly httpMetadata?: R2HTTPMetadata;
  readonly customMetadata?: Record<string, string>;
  readonly range?: R2Range;
  readonly storageClass: string;
  readonly ssecKeyMd5?: string;

  constructor(record: ObjectRecord, view: ObjectView = { httpMetadata: true, customMetadata: true }) {
    this.key = record.key;
    this.version = record.version;
    this.size = record.size;
    this.etag = record.etag;
    this.httpEtag = `"${record.etag}"`;
    this.checksums = new DiskChecksums(record.checksums);
    this.uploaded = new Date(record.uploaded);
    if (view.httpMetadata) this.httpMetadata = r2HttpMetadata(record.httpMetadata);
    if (view.customMetadata) this.customMetadata = { ...record.customMetadata };
    if (view.range) this.range = { offset: view.range.offset, length: view.range.length };
    this.storageClass = record.storageClass;
  }

  writeHttpMetadata(headers: Headers): void {
    if (this.httpMetadata === undefined) {
      throw new TypeError(
        `HTTP metadata unknown for key \`${this.key}\`. Did you forget to add 'httpMetadata' to \`include\` when listing?`,
      );
    }
    writeHttpMetadata(this.httpMetadata, headers);
  }
}

/** An object with its bytes, as `get` returns it. The body streams straight from the data file. */
export class DiskR2ObjectBody extends DiskR2Object implements R2ObjectBody {
  readonly #body: ReadableStream<Uint8Array>;
  #consumed = false;

  constructor(record: ObjectRecord, body: ReadableStream<Uint8Array>, range: ByteRange) {
    super(record, { range, httpMetadata: true, customMetadata: true });
    this.#body = body;
  }

  get body(): ReadableStream {
    return this.#body;
  }

  get bodyUsed(): boolean {
    return this.#consumed || this.#body.locked;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return (await this.#consume()).arrayBuffer();
  }

  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(await this.arrayBuffer());
  }

  async text(): Promise<string> {
    return (await this.#consume()).text();
  }

  async json<T>(): Promise<T> {
    return JSON.parse(await this.text()) as T;
  }

  async blob(): Promise<Blob> {
    const type = this.httpMetadata?.contentType ?? "";
    return new Blob([await this.arrayBuffer()], { type });
  }

  async #consume(): Promise<Response> {
    if (this.bodyUsed) {
      throw new TypeError(
        "Body has already been used. It can only be used once. Use tee() first if you need to read it twice.",
      );
    }
    this.#consumed = true;
    return new Response(this.#body);
  }
}
