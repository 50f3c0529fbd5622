/**
 * Signing in with a password, then (when the account has it) a second factor. Failures are
 * throttled per account and per address (core/sign-in-throttle.ts), and an unknown email costs a
 * hash and gets the same answer as a wrong password, so neither timing nor wording tells which
 * emails have accounts.
 */
import type { LoginRequest, TwoFactorChallenge, TwoFactorLoginRequest } from "@hearth/contract";
import { PASSWORD_MAX_LENGTH } from "@hearth/contract";
import { HttpError } from "../lib/errors";
import { newToken, sha256Hex } from "../lib/ids";
import { DUMMY_HASH, verifyPassword } from "../lib/password";
import { attemptChallenge, deleteChallenge, insertChallenge } from "../repositories/two-factor";
import { findUser, findUserByEmail } from "../repositories/users";
import { recordAudit } from "./audit";
import { startSession, type ClientInfo, type SignedIn } from "./sessions";
import type { Services } from "./services";
import { assertNotThrottled, clearFailures, recordFailure, type ThrottleKey } from "./sign-in-throttle";
import { useSecondFactor } from "./two-factor";

/** How long the second step may take, and how many wrong codes it allows. */
const CHALLENGE_LIFETIME_MS = 5 * 60_000;
const CHALLENGE_MAX_ATTEMPTS = 5;

/** A password sign-in either starts a session or asks for the second factor. */
export type SignInResult = ({ kind: "signed-in" } & SignedIn) | { kind: "two-factor"; challenge: TwoFactorChallenge };

const invalidCredentials = () => new HttpError(401, "invalid_credentials", "That email and password do not match.");

/** Step one: email and password. */
export async function signIn(
  services: Services,
  body: Partial<LoginRequest>,
  client: ClientInfo,
): Promise<SignInResult> {
  const email = typeof body.email === "string" ? body.email.trim().toLowerCase().slice(0, 254) : "";
  const password = typeof body.password === "string" ? body.password : "";
  const keys: ThrottleKey[] = [{ kind: "account", value: email }];
  if (client.ip) keys.push({ kind: "ip", value: client.ip });
  await assertNotThrottled(services, keys);

  const user = email ? await findUserByEmail(services.db, email) : undefined;
  // Unknown emails cost a hash too, and get the same answer as a wrong password.
  const passwordOk =
    password.length <= PASSWORD_MAX_LENGTH && (await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH));
  if (!user || !passwordOk || user.disabledAt !== null) {
    await recordFailure(services, keys);
    const reason = !user ? "unknown email" : !passwordOk ? "wrong password" : "disabled";
    const actor = user ? { id: user.id, email: user.email } : null;
    await recordAudit(services, { action: "login", success: false, actor, detail: { email, reason }, ip: client.ip });
    throw invalidCredentials();
  }
  await clearFailures(services, keys);
  if (user.totpSecret) {
    const challenge = newToken();
    await insertChallenge(services.db, {
      id: await sha256Hex(challenge),
      userId: user.id,
      expiresAt: services.now() + CHALLENGE_LIFETIME_MS,
    });
    return { kind: "two-factor", challenge: { twoFactorRequired: true, challenge } };
  }
  await recordAudit(services, { action: "login", actor: user, ip: client.ip });
  return { kind: "signed-in", ...(await startSession(services, user, client)) };
}

/** Step two: the challenge from step one with a TOTP code or a recovery code. */
export async function signInWithSecondFactor(
  services: Services,
  body: Partial<TwoFactorLoginRequest>,
  client: ClientInfo,
): Promise<SignedIn> {
  const challengeId =
    typeof body.challenge === "string" && body.challenge.length <= 100 ? await sha256Hex(body.challenge) : "";
  const challenge = challengeId ? await attemptChallenge(services.db, challengeId) : undefined;
  if (!challenge || challenge.expiresAt <= services.now() || challenge.attempts > CHALLENGE_MAX_ATTEMPTS) {
    if (challenge) await deleteChallenge(services.db, challengeId);
    throw new HttpError(410, "challenge_expired", "Sign-in took too long or had too many wrong codes. Start again.");
  }
  const user = await findUser(services.db, challenge.userId);
  if (!user?.totpSecret || user.disabledAt !== null)
    throw new HttpError(410, "challenge_expired", "Start signing in again.");
  const code = typeof body.code === "string" ? body.code.trim().slice(0, 40) : "";
  const used = await useSecondFactor(services, user, code);
  if (!used) {
    await recordAudit(services, { action: "login.two_factor", success: false, actor: user, ip: client.ip });
    throw new HttpError(401, "invalid_code", "That code is not right. Check your authenticator app and try again.");
  }
  await deleteChallenge(services.db, challengeId);
  const action = used === "recovery" ? "login.recovery_code" : "login";
  await recordAudit(services, { action, actor: user, detail: { twoFactor: true }, ip: client.ip });
  return startSession(services, user, client);
}
