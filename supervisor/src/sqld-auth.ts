/**
 * Hearth's own sqld listens on loopback, where any local user could reach it; so it only answers
 * requests carrying a token signed by a key made fresh at every start. The public key goes to
 * sqld (`--auth-jwt-key-file`), the token to the workers and the admin command; the private key
 * never leaves this process's memory.
 */
import { generateKeyPairSync, sign } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export interface SqldCredentials {
  /** File with the Ed25519 public key, for sqld. */
  keyFile: string;
  /** A JWT (EdDSA) that sqld accepts. */
  token: string;
}

export function createSqldCredentials(dir: string): SqldCredentials {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const keyFile = join(dir, "sqld-jwt-key.pem");
  writeFileSync(keyFile, publicKey.export({ type: "spki", format: "pem" }), { mode: 0o600 });
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ alg: "EdDSA", typ: "JWT" })}.${encode({ iat: Math.floor(Date.now() / 1000), sub: "hearth" })}`;
  return { keyFile, token: `${unsigned}.${sign(null, Buffer.from(unsigned), privateKey).toString("base64url")}` };
}
