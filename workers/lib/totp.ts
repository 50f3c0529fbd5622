/** Two-factor sign-in with time-based one-time codes (RFC 6238: 30 s, 6 digits, SHA-1). */
import { decodeBase32IgnorePadding, encodeBase32NoPadding } from "@oslojs/encoding";
import { createTOTPKeyURI, generateHOTP } from "@oslojs/otp";

const PERIOD = 30;
const DIGITS = 6;

/** A new 160-bit secret, base32 as authenticator apps expect. */
export function newTotpSecret(): string {
  return encodeBase32NoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

export function totpUri(secret: string, accountName: string): string {
  return createTOTPKeyURI("Hearth", accountName, decodeBase32IgnorePadding(secret), PERIOD, DIGITS);
}

function sameDigits(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.min(a.length, b.length); i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * The 30-second step a code belongs to, accepting the current one and its neighbours (phone
 * clocks drift), or null when it matches none. Callers store the step so a code works only once.
 */
export function totpStep(secret: string, code: string, now = Date.now()): number | null {
  const digits = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(digits)) return null;
  const key = decodeBase32IgnorePadding(secret);
  const current = Math.floor(now / 1000 / PERIOD);
  let matched: number | null = null;
  // Check all three without stopping early, so timing does not tell which matched.
  for (const step of [current - 1, current, current + 1]) {
    if (sameDigits(generateHOTP(key, BigInt(step), DIGITS), digits)) matched = step;
  }
  return matched;
}

const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** Ten codes like `k7mqa-x3vtp` (50 bits each), easy to read back from paper. */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const bytes = crypto.getRandomValues(new Uint8Array(10));
    const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** Recovery codes are compared case- and dash-insensitively. */
export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, "");
}
