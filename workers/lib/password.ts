/**
 * Password hashing. PBKDF2-HMAC-SHA-256 through WebCrypto, because it runs inside workerd without
 * wasm; workerd caps PBKDF2 at 100,000 iterations. The stored form names its algorithm and
 * parameters (`pbkdf2-sha256$<iterations>$<salt>$<hash>`) so a stronger, memory-hard scheme can
 * replace it and upgrade each hash at the user's next login.
 */
import { toHex } from "./ids";

const ITERATIONS = 100_000;
export const PASSWORD_MIN_LENGTH = 10;
/** Longer inputs are refused before hashing: hashing megabytes is a denial of service. */
export const PASSWORD_MAX_LENGTH = 256;

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password.normalize("NFKC")), "PBKDF2", false, [
    "deriveBits",
  ]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, 256);
  return new Uint8Array(bits);
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, salt, ITERATIONS);
  return `pbkdf2-sha256$${ITERATIONS}$${toHex(salt)}$${toHex(hash)}`;
}

/** Constant-time comparison of the derived key with the stored one. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterations, salt, expected] = stored.split("$");
  if (scheme !== "pbkdf2-sha256" || !iterations || !salt || !expected) return false;
  const actual = await derive(password, fromHex(salt), Number(iterations));
  const wanted = fromHex(expected);
  if (actual.length !== wanted.length) return false;
  let diff = 0;
  for (let i = 0; i < actual.length; i++) diff |= actual[i]! ^ wanted[i]!;
  return diff === 0;
}
