/** What an account field may hold: checks shared by registration, settings, the admin pages and `hearth admin`. */
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, ROLES, type Role } from "@hearth/contract";
import { badRequest } from "../lib/errors";

const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[a-z0-9.-]{1,253}\.[a-z]{2,63}$/i;

export function validEmail(raw: unknown): string {
  const email = typeof raw === "string" ? raw.trim() : "";
  if (email.length > 254 || !EMAIL.test(email)) throw badRequest("invalid_email", "Enter a valid email address.");
  return email.toLowerCase();
}

export function validPassword(raw: unknown): string {
  if (typeof raw !== "string" || [...raw].length < PASSWORD_MIN_LENGTH)
    throw badRequest("weak_password", `Passwords need at least ${PASSWORD_MIN_LENGTH} characters.`);
  if (raw.length > PASSWORD_MAX_LENGTH)
    throw badRequest("password_too_long", `Passwords can be at most ${PASSWORD_MAX_LENGTH} characters.`);
  return raw;
}

/** A person's display name: 1–100 characters, no control or text-direction characters. */
export function validPersonName(raw: unknown): string {
  const name = typeof raw === "string" ? raw.normalize("NFC").trim() : "";
  if (name.length === 0 || [...name].length > 100 || /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(name))
    throw badRequest("invalid_name", "Enter a name of 1 to 100 characters.");
  return name;
}

export function validRole(raw: unknown): Role {
  if (!ROLES.includes(raw as Role)) throw badRequest("invalid_role", `Role must be ${ROLES.join(" or ")}.`);
  return raw as Role;
}

/** Bytes, or null for no limit. */
export function validQuota(raw: unknown): number | null {
  if (raw === null) return null;
  if (typeof raw !== "number" || !Number.isSafeInteger(raw) || raw < 0)
    throw badRequest("invalid_quota", "Quota must be a whole number of bytes, or null for none.");
  return raw;
}
