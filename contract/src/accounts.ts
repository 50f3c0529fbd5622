/** Accounts: sign-up, sign-in, two-factor, sessions and the signed-in user's profile. */

/** Every role a user can have; the first account registered is the admin. */
export const ROLES = ["admin", "member"] as const;
export type Role = (typeof ROLES)[number];

/** The role an invite or a new account gets when none is chosen. */
export const DEFAULT_ROLE: Role = "member";

/** Passwords shorter than this are refused (counted in characters). */
export const PASSWORD_MIN_LENGTH = 10;
/** Longer passwords are refused before hashing: hashing megabytes would be a denial of service. */
export const PASSWORD_MAX_LENGTH = 256;

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** Bytes of the user's files (trash included, as Drive counts it). */
  usedBytes?: number;
  /** null: no limit. */
  quotaBytes?: number | null;
  twoFactorEnabled: boolean;
  /** The admin requires two-factor sign-in and this user has not enrolled yet: only enrolment works. */
  mustEnrollTwoFactor: boolean;
}

export interface RegisterRequest {
  email: string;
  password: string;
  name: string;
  /** From an invite link (`/invite/<token>`); needed while registration is closed. */
  inviteToken?: string;
}

export interface LoginRequest {
  email: string;
  password: string;
}

/** `POST /api/auth/register` → 201, `POST /api/auth/login` → 200, `GET /api/me` → 200. */
export interface UserResponse {
  user: User;
}

/**
 * `POST /api/auth/login` when the account has two-factor sign-in: no session yet. Send the code
 * (or a recovery code) with the challenge to `POST /api/auth/login/two-factor` within 5 minutes.
 */
export interface TwoFactorChallenge {
  twoFactorRequired: true;
  challenge: string;
}

export interface TwoFactorLoginRequest {
  challenge: string;
  /** A 6-digit TOTP code, or one of the recovery codes (`xxxxx-xxxxx`). */
  code: string;
}

/** `GET /api/setup` → whether the first account (the admin) still has to be created. */
export interface SetupStatus {
  needsSetup: boolean;
  registrationOpen: boolean;
  version: string;
}

/** `GET /api/invites/:token` (no session needed) → what the invite page shows. */
export interface InviteInfo {
  email: string | null;
  role: Role;
  expiresAt: string;
  invitedBy: string;
}

/** `PATCH /api/me` */
export interface UpdateProfileRequest {
  name?: string;
}

/** `POST /api/me/password`: ends every other session. */
export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

/** `GET /api/me/sessions` */
export interface SessionInfo {
  id: string;
  /** e.g. "Firefox on Linux", from the User-Agent. */
  device: string;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

export interface SessionListResponse {
  sessions: SessionInfo[];
}

/** `POST /api/me/two-factor/setup` → a new secret to scan; not active until confirmed. */
export interface TwoFactorSetup {
  secret: string;
  otpauthUrl: string;
}

/** `POST /api/me/two-factor/enable` `{code}` → the ten one-time recovery codes, shown once. */
export interface RecoveryCodesResponse {
  recoveryCodes: string[];
}
