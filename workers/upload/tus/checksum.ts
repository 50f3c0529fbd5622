/**
 * The tus checksum extension: a PATCH may carry `Upload-Checksum: <algorithm> <base64 digest>` of
 * its body; when the bytes that arrived hash differently, none of them are kept (status 460).
 */
import { badRequest, HttpError } from "../../lib/errors";

/** Algorithms a client may name, as tus spells them, with the name `crypto.DigestStream` takes. */
const ALGORITHMS = { sha256: "SHA-256", sha1: "SHA-1", md5: "MD5" } as const;

export type ChecksumAlgorithm = keyof typeof ALGORITHMS;

export const CHECKSUM_ALGORITHMS = Object.keys(ALGORITHMS) as ChecksumAlgorithm[];

/** What the client says its request body hashes to. */
export interface ExpectedChecksum {
  algorithm: ChecksumAlgorithm;
  digest: Uint8Array;
}

/** Parses an Upload-Checksum header; undefined when absent, 400 when malformed or unsupported. */
export function parseChecksum(header: string | undefined): ExpectedChecksum | undefined {
  if (header === undefined) return undefined;
  const [algorithm, encoded, ...rest] = header.trim().split(/\s+/);
  if (!algorithm || !encoded || rest.length > 0)
    throw badRequest("invalid_checksum", "Upload-Checksum is “<algorithm> <base64 digest>”.");
  if (!(algorithm in ALGORITHMS))
    throw badRequest("unsupported_checksum", `Upload-Checksum algorithms: ${CHECKSUM_ALGORITHMS.join(", ")}.`);
  let digest: Uint8Array;
  try {
    digest = Uint8Array.from(atob(encoded), (ch) => ch.charCodeAt(0));
  } catch {
    throw badRequest("invalid_checksum", "The Upload-Checksum digest is not valid base64.");
  }
  return { algorithm: algorithm as ChecksumAlgorithm, digest };
}

/** The DigestStream algorithm for a tus checksum algorithm. */
export function digestName(algorithm: ChecksumAlgorithm): "SHA-256" | "SHA-1" | "MD5" {
  return ALGORITHMS[algorithm];
}

/** True when `actual` is the digest the client announced. */
export function checksumMatches(expected: ExpectedChecksum, actual: ArrayBuffer | Uint8Array): boolean {
  const bytes = new Uint8Array(actual);
  return bytes.length === expected.digest.length && bytes.every((b, i) => b === expected.digest[i]);
}

/** Hex (as hashingPipe reports SHA-256) to bytes. */
export function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

export const checksumMismatch = () =>
  new HttpError(
    460,
    "checksum_mismatch",
    "The data did not match its Upload-Checksum, so none of it was kept. Send it again.",
  );
