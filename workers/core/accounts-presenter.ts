/** Account rows turned into the API's shapes (the contract's User, AdminUser, Invite, SessionInfo, AuditEntry). */
import type { AdminUser, AuditEntry, Invite, SessionInfo, User } from "@hearth/contract";
import type { AuditRow } from "../repositories/audit";
import type { InviteRow } from "../repositories/invites";
import type { SessionRow } from "../repositories/sessions";
import type { UserRow } from "../repositories/users";

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/** A user as they and the web app see themselves; `requireTwoFactor` is the household setting. */
export function toUser(row: UserRow, requireTwoFactor: boolean): User {
  const twoFactorEnabled = row.totpSecret !== null;
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    twoFactorEnabled,
    mustEnrollTwoFactor: requireTwoFactor && !twoFactorEnabled,
  };
}

export function toAdminUser(
  row: UserRow,
  requireTwoFactor: boolean,
  usedBytes: number,
  lastSeenAt: number | null,
): AdminUser {
  return {
    ...toUser(row, requireTwoFactor),
    createdAt: iso(row.createdAt),
    disabled: row.disabledAt !== null,
    quotaBytes: row.quotaBytes,
    usedBytes,
    lastSeenAt: isoOrNull(lastSeenAt),
  };
}

export function toInvite(row: InviteRow): Invite {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    createdAt: iso(row.createdAt),
    expiresAt: iso(row.expiresAt),
    usedAt: isoOrNull(row.usedAt),
  };
}

const BROWSERS: [RegExp, string][] = [
  [/Edg\//, "Edge"],
  [/OPR\//, "Opera"],
  [/Firefox\//, "Firefox"],
  [/Chrome\//, "Chrome"],
  [/Safari\//, "Safari"],
  [/curl\//, "curl"],
];
const SYSTEMS: [RegExp, string][] = [
  [/Android/, "Android"],
  [/iPhone|iPad|iPod/, "iOS"],
  [/Windows/, "Windows"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/CrOS/, "ChromeOS"],
  [/Linux/, "Linux"],
];

/** "Firefox on Linux" from a User-Agent; "Unknown device" when it says nothing useful. */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const browser = BROWSERS.find(([re]) => re.test(userAgent))?.[1];
  const system = SYSTEMS.find(([re]) => re.test(userAgent))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? "Unknown device";
}

export function toSessionInfo(row: SessionRow, currentSessionId: string): SessionInfo {
  return {
    id: row.id,
    device: describeDevice(row.userAgent),
    ip: row.ip,
    createdAt: iso(row.createdAt),
    lastSeenAt: iso(row.lastSeenAt),
    current: row.id === currentSessionId,
  };
}

export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: iso(row.at),
    action: row.action,
    success: row.success,
    actorId: row.actorId,
    actorEmail: row.actorEmail,
    ip: row.ip,
    targetType: row.targetType,
    targetId: row.targetId,
    detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null,
  };
}
