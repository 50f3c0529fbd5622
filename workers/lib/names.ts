/**
 * File and folder names. One rule everywhere (folders, uploads, renames): a name is stored
 * exactly as given or refused with a message saying why; it is never silently rewritten.
 */
import { badRequest } from "./errors";

export const NAME_MAX_BYTES = 255;

// Control characters, and the bidirectional overrides that make `evil‮gpj.exe` look like a JPEG.
const FORBIDDEN = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;
// Names Windows refuses; a family will copy files to Windows laptops.
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** Returns the name if it is acceptable, else throws a 400 saying what is wrong with it. */
export function validateName(raw: unknown): string {
  if (typeof raw !== "string" || raw.length === 0) throw badRequest("invalid_name", "A name is required.");
  const name = raw.normalize("NFC");
  if (new TextEncoder().encode(name).length > NAME_MAX_BYTES)
    throw badRequest("invalid_name", `Names can be at most ${NAME_MAX_BYTES} bytes long.`);
  if (name === "." || name === "..") throw badRequest("invalid_name", "“.” and “..” cannot be used as names.");
  if (name.includes("/") || name.includes("\\")) throw badRequest("invalid_name", "Names cannot contain “/” or “\\”.");
  if (FORBIDDEN.test(name))
    throw badRequest("invalid_name", "Names cannot contain control or text-direction characters.");
  if (name.trim() !== name) throw badRequest("invalid_name", "Names cannot start or end with a space.");
  if (name.endsWith(".")) throw badRequest("invalid_name", "Names cannot end with a dot.");
  if (RESERVED.test(name)) throw badRequest("invalid_name", `“${name}” is a reserved name on Windows; choose another.`);
  return name;
}

/** `photo.jpg` → `photo (1).jpg`, the way Drive keeps both when a name is taken. */
export function numberedName(name: string, n: number): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}
