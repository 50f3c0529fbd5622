/**
 * Creating an account from the sign-up page. The very first account becomes the admin (first-run
 * setup); after that registration is closed unless the admin opens it or the person has an invite.
 */
import type { RegisterRequest, SetupStatus } from "@hearth/contract";
import { conflict, forbidden, HttpError } from "../lib/errors";
import { newId } from "../lib/ids";
import { hashPassword } from "../lib/password";
import { readSettings } from "../repositories/settings";
import { countUsers, findUserByEmail, insertUser } from "../repositories/users";
import { validEmail, validPassword, validPersonName } from "./account-fields";
import { recordAudit } from "./audit";
import { acceptInvite, usableInvite } from "./invites";
import { startSession, type ClientInfo, type SignedIn } from "./sessions";
import type { Services } from "./services";

/** What the sign-in page needs before anyone is signed in: first-run setup or not, and whether anyone may register. */
export async function setupStatus(services: Services, version: string): Promise<SetupStatus> {
  const settings = await readSettings(services.db);
  return { needsSetup: (await countUsers(services.db)) === 0, registrationOpen: settings.registrationOpen, version };
}

/** Creates the account and signs it in (a 201 with its session). */
export async function register(
  services: Services,
  body: Partial<RegisterRequest>,
  client: ClientInfo,
): Promise<SignedIn> {
  const email = validEmail(body.email);
  const password = validPassword(body.password);
  const name = validPersonName(body.name);
  const invite =
    typeof body.inviteToken === "string" && body.inviteToken
      ? await usableInvite(services, body.inviteToken)
      : undefined;
  const first = (await countUsers(services.db)) === 0;
  if (!first && !invite && !(await readSettings(services.db)).registrationOpen)
    throw new HttpError(403, "registration_closed", "Registration is closed. Ask your Hearth admin for an invite.");
  if (invite?.email && invite.email !== email) throw forbidden(`This invite is for ${invite.email}.`);
  if (await findUserByEmail(services.db, email))
    throw conflict("email_taken", "An account with that email already exists.");
  const id = newId();
  if (invite) await acceptInvite(services, invite, id);
  // "first-is-admin" is decided inside the INSERT, so two simultaneous first sign-ups cannot both become admin.
  const role = invite ? invite.role : "first-is-admin";
  const row = await insertUser(services.db, {
    id,
    email,
    name,
    passwordHash: await hashPassword(password),
    now: services.now(),
    role,
  });
  const via = invite ? "invite" : first ? "first-run" : "open-registration";
  await recordAudit(services, {
    action: "user.register",
    actor: row,
    targetType: "user",
    targetId: row.id,
    detail: { role: row.role, via },
    ip: client.ip,
  });
  return startSession(services, row, client);
}
