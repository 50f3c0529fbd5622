/**
 * Invitation links: an admin makes one (optionally for one email and role), it works once, and
 * only until it expires. Only a hash of its token is stored; the link is shown once.
 */
import {
  DEFAULT_ROLE,
  INVITE_DEFAULT_HOURS,
  INVITE_MAX_HOURS,
  type CreatedInvite,
  type CreateInviteRequest,
  type InviteInfo,
  type InviteListResponse,
  type User,
} from "@hearth/contract";
import { badRequest, HttpError, notFound } from "../lib/errors";
import { newId, newToken, sha256Hex } from "../lib/ids";
import {
  consumeInvite,
  deleteInvite,
  findInviteByTokenHash,
  insertInvite,
  listInvites,
  type InviteRow,
} from "../repositories/invites";
import { findUser } from "../repositories/users";
import { validEmail, validRole } from "./account-fields";
import { toInvite } from "./accounts-presenter";
import { recordAudit } from "./audit";
import type { ClientInfo } from "./sessions";
import type { Services } from "./services";

const inviteUsed = () => new HttpError(410, "invite_used", "This invite link has already been used.");

/** The invite this token opens, if it can still be used; else 404 (unknown) or 410 (used, expired). */
export async function usableInvite(services: Services, token: string): Promise<InviteRow> {
  const invite = token.length <= 100 ? await findInviteByTokenHash(services.db, await sha256Hex(token)) : undefined;
  if (!invite) throw new HttpError(404, "invite_not_found", "This invite link is not valid. Ask for a new one.");
  if (invite.usedAt !== null) throw inviteUsed();
  if (invite.expiresAt <= services.now())
    throw new HttpError(410, "invite_expired", "This invite link has expired. Ask for a new one.");
  return invite;
}

/** What the invite page shows before someone registers with it. */
export async function describeInvite(services: Services, token: string): Promise<InviteInfo> {
  const invite = await usableInvite(services, token);
  const inviter = invite.createdBy ? await findUser(services.db, invite.createdBy) : undefined;
  return {
    email: invite.email,
    role: invite.role,
    expiresAt: new Date(invite.expiresAt).toISOString(),
    invitedBy: inviter?.name ?? "Your Hearth admin",
  };
}

/** Uses the invite up for the new account `userId`; 410 when someone else used it first. */
export async function acceptInvite(services: Services, invite: InviteRow, userId: string): Promise<void> {
  if (!(await consumeInvite(services.db, invite.id, userId, services.now()))) throw inviteUsed();
}

/** A new invite link under `publicUrl`, lasting `expiresInHours` (default INVITE_DEFAULT_HOURS). */
export async function createInvite(
  services: Services,
  input: { actor: User; body: Partial<CreateInviteRequest>; publicUrl: string; client: ClientInfo },
): Promise<CreatedInvite> {
  const { body } = input;
  const email = body.email === undefined || body.email === "" ? null : validEmail(body.email);
  const role = body.role === undefined ? DEFAULT_ROLE : validRole(body.role);
  const hours = body.expiresInHours ?? INVITE_DEFAULT_HOURS;
  if (typeof hours !== "number" || !Number.isFinite(hours) || hours <= 0 || hours > INVITE_MAX_HOURS)
    throw badRequest("invalid_expiry", `An invite can last from a few minutes up to ${INVITE_MAX_HOURS} hours.`);
  const token = newToken();
  const now = services.now();
  const row = await insertInvite(services.db, {
    id: newId(),
    tokenHash: await sha256Hex(token),
    email,
    role,
    createdBy: input.actor.id,
    createdAt: now,
    expiresAt: now + hours * 3600_000,
  });
  const detail = { email, role, hours };
  await recordAudit(services, {
    action: "admin.invite.create",
    actor: input.actor,
    targetType: "invite",
    targetId: row.id,
    detail,
    ip: input.client.ip,
  });
  return { ...toInvite(row), url: `${input.publicUrl}/invite/${token}` };
}

/** The newest invites, used and unused. */
export async function inviteList(services: Services): Promise<InviteListResponse> {
  return { invites: (await listInvites(services.db)).map(toInvite) };
}

/** Deletes an invite, so its link stops working. */
export async function revokeInvite(
  services: Services,
  actor: User,
  inviteId: string,
  client: ClientInfo,
): Promise<void> {
  if (!(await deleteInvite(services.db, inviteId))) throw notFound("No such invite.");
  await recordAudit(services, {
    action: "admin.invite.revoke",
    actor,
    targetType: "invite",
    targetId: inviteId,
    ip: client.ip,
  });
}
