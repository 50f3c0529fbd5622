/*
 * The S3 requests S3Bucket makes: object URLs, SigV4 signing (aws4fetch, which runs in workerd
 * and Node alike), and S3's XML errors turned into R2-style errors.
 */
import { AwsClient } from "aws4fetch";
import { DiskBucketError, R2ErrorCode } from "./errors.js";
import type { S3Settings } from "./s3-settings.js";

export type { S3Settings } from "./s3-settings.js";

/**
 * Ceph refuses a NUL in an object name (R2 allows it): NUL is stored as this private-use code
 * point instead, and keys that contain it are refused.
 */
export const NUL_STAND_IN = "\u{F0000}";

/** A key as S3 stores it. */
export function toS3Name(key: string): string {
  return key.replaceAll("\u0000", NUL_STAND_IN);
}

/** A key from an S3 name. */
export function fromS3Name(name: string): string {
  return name.replaceAll(NUL_STAND_IN, "\u0000");
}

/** S3's error codes mapped onto the R2 codes callers see. */
const R2_CODES: Record<string, number> = {
  NoSuchUpload: R2ErrorCode.NO_SUCH_UPLOAD,
  InvalidPart: R2ErrorCode.INVALID_PART,
  InvalidPartOrder: R2ErrorCode.INVALID_PART,
  EntityTooSmall: R2ErrorCode.ENTITY_TOO_SMALL,
  BadDigest: R2ErrorCode.BAD_DIGEST,
  InvalidDigest: R2ErrorCode.BAD_DIGEST,
  InvalidRange: R2ErrorCode.INVALID_RANGE,
  PreconditionFailed: R2ErrorCode.PRECONDITION_FAILED,
  KeyTooLongError: R2ErrorCode.INVALID_OBJECT_NAME,
  InvalidObjectName: R2ErrorCode.INVALID_OBJECT_NAME,
  MetadataTooLarge: R2ErrorCode.METADATA_TOO_LARGE,
  InvalidArgument: R2ErrorCode.INVALID_ARGUMENT,
};

/** Signs and sends requests for one bucket. */
export class S3Client {
  readonly #aws: AwsClient;
  readonly #base: string;
  readonly #fetch: typeof fetch;

  constructor(readonly settings: S3Settings) {
    this.#aws = new AwsClient({
      accessKeyId: settings.accessKeyId,
      secretAccessKey: settings.secretAccessKey,
      service: "s3",
      region: settings.region,
      retries: 0,
    });
    const endpoint = new URL(settings.endpoint);
    const origin = endpoint.origin;
    this.#base = settings.pathStyle
      ? `${origin}/${encodeURIComponent(settings.bucket)}`
      : `${endpoint.protocol}//${settings.bucket}.${endpoint.host}`;
    this.#fetch = settings.fetch ?? ((input, init) => fetch(input, init));
  }

  /**
   * The URL of an object. Every byte but unreserved ones is escaped, `/` too: a key like
   * `a/../b` must reach the server as written, and URL parsers resolve `..` segments.
   */
  objectUrl(key: string, query?: Record<string, string>): string {
    const path = encodeURIComponent(toS3Name(key)).replace(
      /[!'()*]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    );
    return `${this.#base}/${path}${queryString(query)}`;
  }

  bucketUrl(query?: Record<string, string>): string {
    return `${this.#base}/${queryString(query)}`;
  }

  /** Signs and sends; the payload is never hashed for the signature (UNSIGNED-PAYLOAD), so bodies stream. */
  async send(url: string, init: RequestInit & { duplex?: "half" } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
    const signed = await this.#aws.sign(url, { ...init, headers, body: null });
    return this.#fetch(signed.url, {
      method: signed.method,
      headers: signed.headers,
      body: init.body ?? null,
      ...(init.body instanceof ReadableStream ? { duplex: "half" } : {}),
    } as RequestInit);
  }

  /** Throws the R2-style error an S3 error answer stands for (reading its XML body). */
  async fail(action: string, response: Response): Promise<never> {
    throw await errorOf(action, response);
  }
}

/** The R2-style error for an S3 error answer. */
export async function errorOf(action: string, response: Response): Promise<DiskBucketError> {
  const text = await response.text().catch(() => "");
  return errorFromXml(action, response.status, text);
}

export function errorFromXml(action: string, status: number, xml: string): DiskBucketError {
  const code = xmlText(xml, "Code") ?? `HTTP ${status}`;
  const message = xmlText(xml, "Message") ?? (xml.slice(0, 200) || "no details");
  return new DiskBucketError(action, R2_CODES[code] ?? R2ErrorCode.INTERNAL_ERROR, `S3 ${code}: ${message}`);
}

/** The text of the first `<tag>` element, XML entities decoded; undefined when absent. */
export function xmlText(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
  return match ? unescapeXml(match[1] ?? "") : undefined;
}

/** Every `<tag>…</tag>` block's inner XML. */
export function xmlBlocks(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, "g"))].map((m) => m[1] ?? "");
}

export function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c] ?? c,
  );
}

function unescapeXml(text: string): string {
  return text.replace(
    /&(lt|gt|amp|apos|quot|#(\d+)|#x([0-9a-fA-F]+));/g,
    (_m, name: string, dec?: string, hex?: string) => {
      if (dec) return String.fromCodePoint(Number(dec));
      if (hex) return String.fromCodePoint(parseInt(hex, 16));
      return { lt: "<", gt: ">", amp: "&", apos: "'", quot: '"' }[name] ?? "";
    },
  );
}

function queryString(query: Record<string, string> | undefined): string {
  if (!query) return "";
  const parts = Object.entries(query).map(([k, v]) =>
    v === "" ? encodeURIComponent(k) : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`,
  );
  return parts.length ? `?${parts.join("&")}` : "";
}

/** An S3 ETag header or element without its quotes. */
export function unquoteEtag(etag: string | null | undefined): string {
  return (etag ?? "").replace(/^W\//, "").replace(/^"|"$/g, "");
}
