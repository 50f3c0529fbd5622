import type {
  AppPasswordListResponse,
  ChangePasswordRequest,
  CreatedAppPassword,
  RecoveryCodesResponse,
  SessionListResponse,
  TwoFactorSetup,
  UpdateProfileRequest,
  UserResponse,
} from "@hearth/contract";
import { request } from "./client";

/** The signed-in user's own account: profile, password, two-factor sign-in and sessions. */
export const accountApi = {
  updateProfile: (body: UpdateProfileRequest) => request<UserResponse>("/api/me", { method: "PATCH", body }),
  /** Ends every other session of this account. */
  changePassword: (body: ChangePasswordRequest) => request<void>("/api/me/password", { method: "POST", body }),

  sessions: () => request<SessionListResponse>("/api/me/sessions"),
  revokeSession: (id: string) => request<void>(`/api/me/sessions/${encodeURIComponent(id)}`, { method: "DELETE" }),

  /** A new secret to scan; nothing changes until `enableTwoFactor` confirms a code from it. */
  setupTwoFactor: () => request<TwoFactorSetup>("/api/me/two-factor/setup", { method: "POST" }),
  enableTwoFactor: (code: string) =>
    request<RecoveryCodesResponse>("/api/me/two-factor/enable", { method: "POST", body: { code } }),
  disableTwoFactor: (password: string) =>
    request<void>("/api/me/two-factor/disable", { method: "POST", body: { password } }),
  /** Replaces every recovery code with a new set. */
  newRecoveryCodes: (password: string) =>
    request<RecoveryCodesResponse>("/api/me/two-factor/recovery-codes", { method: "POST", body: { password } }),

  /** Passwords for WebDAV clients (Finder, Explorer, rclone, phone backup apps), and the address to give them. */
  appPasswords: () => request<AppPasswordListResponse>("/api/me/app-passwords"),
  /** The password is in this answer only; the server keeps a hash. */
  createAppPassword: (name: string) =>
    request<CreatedAppPassword>("/api/me/app-passwords", { method: "POST", body: { name } }),
  revokeAppPassword: (id: string) =>
    request<void>(`/api/me/app-passwords/${encodeURIComponent(id)}`, { method: "DELETE" }),
};
