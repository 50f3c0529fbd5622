/** Quotas are typed in decimal gigabytes, the unit the app shows sizes in. */
export const GIGABYTE = 1_000_000_000;

/** "" → no limit; "2.5" → 2.5 GB in bytes; anything else is a message to show. */
export function parseQuota(text: string): { bytes: number | null } | { error: string } {
  const trimmed = text.trim().replace(",", ".");
  if (!trimmed) return { bytes: null };
  const gigabytes = Number(trimmed);
  if (!Number.isFinite(gigabytes) || gigabytes <= 0)
    return { error: "Enter the quota in GB (e.g. 50), or leave it empty for no limit." };
  return { bytes: Math.round(gigabytes * GIGABYTE) };
}

export const quotaInput = (bytes: number | null) =>
  bytes === null ? "" : String(Math.round((bytes / GIGABYTE) * 100) / 100);

// No 0/O or 1/l/I, so a password read aloud or copied from paper comes out right.
const ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A temporary password like "k7Pm-x3Qa-Zt9w-Hf2e" (about 95 bits) for the admin to pass on. */
export function suggestPassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const chars = [...bytes].map((byte) => ALPHABET[byte % ALPHABET.length]);
  return [0, 4, 8, 12].map((start) => chars.slice(start, start + 4).join("")).join("-");
}
