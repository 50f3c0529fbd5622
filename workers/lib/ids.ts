/** Identifiers and tokens. */
import { toHex } from "@hearth/storage-adapter";

// Crockford base32: 32 symbols, so each byte's low 5 bits pick one without bias.
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/** A random 20-character id (100 bits): unguessable, URL-safe, fixed width, sorts nowhere in particular. */
export function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  let id = "";
  for (const b of bytes) id += ALPHABET[b & 31];
  return id;
}

/** A session token: 32 random bytes (256 bits), base64url. */
export function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

export async function sha256Hex(text: string): Promise<string> {
  return toHex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}
