/**
 * Password hashing, the one definition (the web app and `hearth admin` both hash through here):
 * scrypt (memory-hard) through oslo's `Scrypt`, which calls `node:crypto`'s native scrypt —
 * available in workerd with `nodejs_compat`, so no wasm and no JS-speed hashing.
 * Parameters: N = 16384, r = 16, p = 1 (32 MiB per hash), 64-byte key, 16-byte random salt;
 * about 0.1 s per hash on this machine. Passwords are NFKC-normalised by oslo before hashing.
 * The stored form is `scrypt$<salt hex>:<key hex>` so a future scheme can be told apart.
 */
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@hearth/contract";
import { Scrypt } from "oslo/password";

/** The limits live in the contract (the web app checks them too); re-exported for the code that hashes. */
export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH };

const PREFIX = "scrypt$";
const scrypt = new Scrypt({ N: 16384, r: 16, p: 1, dkLen: 64 });

export async function hashPassword(password: string): Promise<string> {
  return PREFIX + (await scrypt.hash(password));
}

/** False for a wrong password, a hash of another scheme, or an input too long to be worth hashing. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (!stored.startsWith(PREFIX) || password.length > PASSWORD_MAX_LENGTH) return false;
  return scrypt.verify(stored.slice(PREFIX.length), password);
}

/** A well-formed hash of nothing, verified against on unknown emails so both paths take as long. */
export const DUMMY_HASH = `${PREFIX}00000000000000000000000000000000:${"0".repeat(128)}`;
