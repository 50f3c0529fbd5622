import type { DigestAlgorithm } from "./digesting-stream.js";
import { DiskBucketError, R2ErrorCode } from "./errors.js";
import { toHex } from "./key-path.js";

const FIELDS = [
  { field: "md5", algorithm: "MD5", bytes: 16 },
  { field: "sha1", algorithm: "SHA-1", bytes: 20 },
  { field: "sha256", algorithm: "SHA-256", bytes: 32 },
  { field: "sha384", algorithm: "SHA-384", bytes: 48 },
  { field: "sha512", algorithm: "SHA-512", bytes: 64 },
] as const;

/** A checksum the caller asked put to verify. */
export interface ExpectedChecksum {
  field: (typeof FIELDS)[number]["field"];
  algorithm: DigestAlgorithm;
  hex: string;
}

/**
 * Reads the one checksum option of a put (md5, sha1, sha256, sha384 or sha512), given as bytes or
 * hex, with the runtime's argument checks (TypeError for a wrong length, bad hex, or several).
 */
export function expectedChecksum(options: R2PutOptions | undefined): ExpectedChecksum | undefined {
  let found: ExpectedChecksum | undefined;
  for (const { field, algorithm, bytes } of FIELDS) {
    const value = options?.[field];
    if (value === undefined || value === null) continue;
    if (found) throw new TypeError("You cannot specify multiple hashing algorithms.");
    let hex: string;
    if (typeof value === "string") {
      if (value.length !== bytes * 2)
        throw new TypeError(`${algorithm} is ${bytes * 2} hex characters, not ${value.length}`);
      if (!/^[0-9a-fA-F]*$/.test(value)) throw new TypeError(`Provided ${algorithm} wasn't a valid hex string`);
      hex = value.toLowerCase();
    } else {
      const view =
        value instanceof ArrayBuffer
          ? new Uint8Array(value)
          : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      if (view.byteLength !== bytes) throw new TypeError(`${algorithm} is ${bytes} bytes, not ${view.byteLength}`);
      hex = toHex(view);
    }
    found = { field, algorithm, hex };
  }
  return found;
}

/** Throws R2's BadDigest error when the received bytes hash to something else. */
export function verifyChecksum(expected: ExpectedChecksum, actual: ArrayBuffer | undefined): void {
  const actualHex = actual === undefined ? "" : toHex(new Uint8Array(actual));
  if (actualHex === expected.hex) return;
  throw new DiskBucketError(
    "put",
    R2ErrorCode.BAD_DIGEST,
    `The ${expected.algorithm} checksum you specified did not match what we received.\n` +
      `You provided a ${expected.algorithm} checksum with value: ${expected.hex}\n` +
      `Actual ${expected.algorithm} was: ${actualHex}`,
  );
}

/** R2's checksums object: raw digests as ArrayBuffers, hex from toJSON(). */
export class DiskChecksums implements R2Checksums {
  readonly md5?: ArrayBuffer;
  readonly sha1?: ArrayBuffer;
  readonly sha256?: ArrayBuffer;
  readonly sha384?: ArrayBuffer;
  readonly sha512?: ArrayBuffer;
  readonly #hex: R2StringChecksums;

  constructor(hex: Record<string, string>) {
    const own: R2StringChecksums = {};
    for (const { field } of FIELDS) {
      const value = hex[field];
      if (value !== undefined) own[field] = value;
    }
    this.#hex = own;
    if (own.md5 !== undefined) this.md5 = fromHex(own.md5);
    if (own.sha1 !== undefined) this.sha1 = fromHex(own.sha1);
    if (own.sha256 !== undefined) this.sha256 = fromHex(own.sha256);
    if (own.sha384 !== undefined) this.sha384 = fromHex(own.sha384);
    if (own.sha512 !== undefined) this.sha512 = fromHex(own.sha512);
  }

  toJSON(): R2StringChecksums {
    return { ...this.#hex };
  }
}

export function fromHex(hex: string): ArrayBuffer {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out.buffer;
}
