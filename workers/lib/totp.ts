/** Two-factor sign-in with time-based one-time codes (RFC 6238: 30 s, 6 digits, SHA-1). */
import { decodeBase32IgnorePadding, encodeBase32NoPadding } from "@oslojs/encoding";
import { createTOTPKeyURI, verifyTOTPWithGracePeriod } from "@oslojs/otp";

const PERIOD = 30;
const DIGITS = 6;

/** A new 160-bit secret, base32 as authenticator apps expect. */
export function newTotpSecret(): string {
  return encodeBase32NoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

export function totpUri(secret: string, accountName: string): string {
  return createTOTPKeyURI("Hearth", accountName, decodeBase32IgnorePadding(secret), PERIOD, DIGITS);
}

/** Accepts the current code and the neighbouring ones (clocks on phones drift). */
export function verifyTotp(secret: string, code: string): boolean {
  const digits = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(digits)) return false;
  return verifyTOTPWithGracePeriod(decodeBase32IgnorePadding(secret), PERIOD, DIGITS, digits, PERIOD);
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
