/**
 * Two-factor sign-in: enrolling an authenticator app (a secret shown, then confirmed with a
 * code), turning it off, recovery codes, and checking a second factor at sign-in. A TOTP code
 * works once per 30-second step (the last used step is stored); a recovery code works once.
 */
import type { RecoveryCodesResponse, TwoFactorSetup, User } from "@hearth/contract";
import { badRequest, conflict, HttpError } from "../lib/errors";
import { sha256Hex } from "../lib/ids";
import { newRecoveryCodes, newTotpSecret, normaliseRecoveryCode, totpStep, totpUri } from "../lib/totp";
import { readSettings } from "../repositories/settings";
import { deleteRecoveryCodes, replaceRecoveryCodes, useRecoveryCode } from "../repositories/two-factor";
import { updateUser, useTotpStep, type UserRow } from "../repositories/users";
import { accountRow, confirmPassword } from "./accounts";
import { recordAudit } from "./audit";
import type { ClientInfo } from "./sessions";
import type { Services } from "./services";

const hashRecoveryCode = (code: string) => sha256Hex(normaliseRecoveryCode(code));

/** New recovery codes for the user, replacing any they had; only hashes are kept. */
async function issueRecoveryCodes(services: Services, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await replaceRecoveryCodes(services.db, userId, await Promise.all(codes.map(hashRecoveryCode)), services.now());
  return codes;
}

/** Step one of enrolling: a new secret to scan. Not active until a code from it is confirmed. */
export async function startTwoFactorSetup(services: Services, user: User): Promise<TwoFactorSetup> {
  const row = await accountRow(services, user.id);
  if (row.totpSecret)
    throw conflict(
      "two_factor_enabled",
      "Two-factor sign-in is already on. Turn it off first to move it to a new device.",
    );
  const secret = newTotpSecret();
  await updateUser(services.db, row.id, { totpPendingSecret: secret });
  return { secret, otpauthUrl: totpUri(secret, row.email) };
}

/** Step two: a code from the new secret turns two-factor sign-in on; the ten recovery codes are shown once. */
export async function enableTwoFactor(
  services: Services,
  user: User,
  code: unknown,
  client: ClientInfo,
): Promise<RecoveryCodesResponse> {
  const row = await accountRow(services, user.id);
  if (row.totpSecret) throw conflict("two_factor_enabled", "Two-factor sign-in is already on.");
  if (!row.totpPendingSecret) throw badRequest("no_setup", "Start the two-factor setup first.");
  const step = typeof code === "string" ? totpStep(row.totpPendingSecret, code, services.now()) : null;
  if (step === null)
    throw badRequest("invalid_code", "That code is not right. Check the time on your phone and try the newest code.");
  // The enrolment code counts as used: it cannot also sign someone in.
  await updateUser(services.db, row.id, {
    totpSecret: row.totpPendingSecret,
    totpPendingSecret: null,
    totpEnabledAt: services.now(),
    totpLastStep: step,
  });
  const recoveryCodes = await issueRecoveryCodes(services, row.id);
  await recordAudit(services, { action: "two_factor.enable", actor: row, ip: client.ip });
  return { recoveryCodes };
}

/** Forgets the user's second factor and recovery codes (also `hearth admin reset-password --disable-two-factor`). */
export async function removeSecondFactor(services: Services, userId: string): Promise<void> {
  await updateUser(services.db, userId, { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null });
  await deleteRecoveryCodes(services.db, userId);
}

/** Turns two-factor sign-in off, given the password; refused while the household requires it. */
export async function disableTwoFactor(
  services: Services,
  user: User,
  password: unknown,
  client: ClientInfo,
): Promise<void> {
  const row = await accountRow(services, user.id);
  await confirmPassword(services, row, password, "two_factor.disable", client);
  if ((await readSettings(services.db)).requireTwoFactor)
    throw new HttpError(
      403,
      "two_factor_required",
      "Your household requires two-factor sign-in, so it cannot be turned off.",
    );
  await removeSecondFactor(services, row.id);
  await recordAudit(services, { action: "two_factor.disable", actor: row, ip: client.ip });
}

/** Ten new recovery codes, given the password; the old ones stop working. */
export async function renewRecoveryCodes(
  services: Services,
  user: User,
  password: unknown,
  client: ClientInfo,
): Promise<RecoveryCodesResponse> {
  const row = await accountRow(services, user.id);
  await confirmPassword(services, row, password, "two_factor.recovery_codes", client);
  if (!row.totpSecret) throw badRequest("two_factor_off", "Turn on two-factor sign-in first.");
  const recoveryCodes = await issueRecoveryCodes(services, row.id);
  await recordAudit(services, { action: "two_factor.recovery_codes", actor: row, ip: client.ip });
  return { recoveryCodes };
}

/**
 * Uses up a second factor: a TOTP code of a step after the last one used, or an unused recovery
 * code. Says which one worked, or null when neither did.
 */
export async function useSecondFactor(
  services: Services,
  user: UserRow,
  code: string,
): Promise<"totp" | "recovery" | null> {
  if (!user.totpSecret) return null;
  const step = totpStep(user.totpSecret, code, services.now());
  if (step !== null && (await useTotpStep(services.db, user.id, step))) return "totp";
  // Recovery codes are longer than a TOTP code; a short input is never one.
  if (code.length > 6 && (await useRecoveryCode(services.db, user.id, await hashRecoveryCode(code), services.now())))
    return "recovery";
  return null;
}
