import type {
  AdminJobListResponse,
  AdminStorageResponse,
  CollectorRunResponse,
  AdminSettings,
  AdminUser,
  AdminUserListResponse,
  AuditListResponse,
  CreatedInvite,
  CreateInviteRequest,
  CreateUserRequest,
  DeleteUserRequest,
  InviteListResponse,
  UpdateUserRequest,
} from "@hearth/contract";
import { AUDIT_PAGE_DEFAULT } from "@hearth/contract";
import { request } from "./client";

const userPath = (id: string) => `/api/admin/users/${encodeURIComponent(id)}`;

export interface AuditQuery {
  user?: string;
  /** An action or the start of one, e.g. "login". */
  action?: string;
  before?: number;
  limit?: number;
}

/** Admin-only calls (the server answers 403 `forbidden` to members). */
export const adminApi = {
  jobs: () => request<AdminJobListResponse>("/api/admin/jobs"),
  storage: () => request<AdminStorageResponse>("/api/admin/storage"),
  cleanUpNow: () => request<CollectorRunResponse>("/api/admin/storage/collect", { method: "POST" }),
  retryJob: (id: number) => request<void>(`/api/admin/jobs/${id}/retry`, { method: "POST" }),
  users: () => request<AdminUserListResponse>("/api/admin/users"),
  createUser: (body: CreateUserRequest) => request<AdminUser>("/api/admin/users", { method: "POST", body }),
  updateUser: (id: string, body: UpdateUserRequest) => request<AdminUser>(userPath(id), { method: "PATCH", body }),
  deleteUser: (id: string, body: DeleteUserRequest) => request<void>(userPath(id), { method: "DELETE", body }),

  invites: () => request<InviteListResponse>("/api/admin/invites"),
  createInvite: (body: CreateInviteRequest) => request<CreatedInvite>("/api/admin/invites", { method: "POST", body }),
  revokeInvite: (id: string) => request<void>(`/api/admin/invites/${encodeURIComponent(id)}`, { method: "DELETE" }),

  settings: () => request<AdminSettings>("/api/admin/settings"),
  updateSettings: (body: Partial<AdminSettings>) =>
    request<AdminSettings>("/api/admin/settings", { method: "PATCH", body }),

  audit: (query: AuditQuery) => {
    const params = new URLSearchParams();
    if (query.user) params.set("user", query.user);
    if (query.action) params.set("action", query.action);
    if (query.before !== undefined) params.set("before", String(query.before));
    params.set("limit", String(query.limit ?? AUDIT_PAGE_DEFAULT));
    return request<AuditListResponse>(`/api/admin/audit?${params}`);
  },
};
