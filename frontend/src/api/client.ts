import type {
  ApiError as ApiErrorBody,
  InviteInfo,
  LoginRequest,
  RegisterRequest,
  ServerStatusResponse,
  SetupStatus,
  ThumbnailSize,
  TwoFactorChallenge,
  TwoFactorLoginRequest,
  UserResponse,
} from "@hearth/contract";
import { INSUFFICIENT_STORAGE, READ_ONLY } from "@hearth/contract";

/** An error answered by the server (or the network), carrying the message to show the user. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type SessionHandler = () => void;
let onStorageTrouble: ((code: string) => void) | null = null;

/** Called when the server refuses a change because its disk is full or read-only (the banner then asks /api/status). */
export function setStorageTroubleHandler(handler: ((code: string) => void) | null): void {
  onStorageTrouble = handler;
}

/** Tells the banner about an error, if it is one of the disk's (uploads report theirs through this too). */
export function noticeStorageTrouble(error: ApiError): void {
  if (error.code === READ_ONLY || error.code === INSUFFICIENT_STORAGE) onStorageTrouble?.(error.code);
}
let onUnauthorized: SessionHandler | null = null;
let onTwoFactorRequired: SessionHandler | null = null;

/** Called when an authenticated request answers 401 (the session ended, e.g. signed out elsewhere). */
export function setUnauthorizedHandler(handler: SessionHandler | null): void {
  onUnauthorized = handler;
}

/**
 * Called when a request answers 403 `two_factor_required`: the admin requires two-factor sign-in
 * and this account has not enrolled yet, so nothing but enrolment works until it does.
 */
export function setTwoFactorRequiredHandler(handler: SessionHandler | null): void {
  onTwoFactorRequired = handler;
}

/** Reads `{error:{code,message}}` from a failed response, falling back to the status text. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as Partial<ApiErrorBody>;
    if (body.error?.message) return new ApiError(response.status, body.error.code ?? "error", body.error.message);
  } catch {
    // Not JSON (a proxy's error page, say): use the status line.
  }
  return new ApiError(
    response.status,
    "http_" + response.status,
    response.statusText || `Request failed (${response.status})`,
  );
}

interface RequestOptions {
  method?: string;
  body?: unknown;
  /** Skip the global 401 handler (for the calls that establish the session). */
  anonymous?: boolean;
}

/** One JSON call to the API; failures become an ApiError with the server's message. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const init: RequestInit = {
    method: options.method ?? "GET",
    credentials: "same-origin",
    headers: { accept: "application/json" },
  };
  if (options.body !== undefined) {
    init.body = JSON.stringify(options.body);
    init.headers = { ...init.headers, "content-type": "application/json" };
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, "network", "Can't reach Hearth. Check your connection and try again.");
  }
  if (!response.ok) {
    const error = await errorFromResponse(response);
    if (response.status === 401 && !options.anonymous) onUnauthorized?.();
    if (error.code === "two_factor_required") onTwoFactorRequired?.();
    noticeStorageTrouble(error);
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

const folderParam = (folderId: string | null) => encodeURIComponent(folderId ?? "root");

export const api = {
  setupStatus: () => request<SetupStatus>("/api/setup", { anonymous: true }),
  register: (body: RegisterRequest) =>
    request<UserResponse>("/api/auth/register", { method: "POST", body, anonymous: true }),
  /** Either signs in, or answers a challenge to complete with a two-factor code. */
  login: (body: LoginRequest) =>
    request<UserResponse | TwoFactorChallenge>("/api/auth/login", { method: "POST", body, anonymous: true }),
  loginTwoFactor: (body: TwoFactorLoginRequest) =>
    request<UserResponse>("/api/auth/login/two-factor", { method: "POST", body, anonymous: true }),
  logout: () => request<void>("/api/auth/logout", { method: "POST", anonymous: true }),
  logoutEverywhere: () => request<void>("/api/auth/logout-everywhere", { method: "POST", anonymous: true }),
  me: () => request<UserResponse>("/api/me", { anonymous: true }),
  status: () => request<ServerStatusResponse>("/api/status"),
  invite: (token: string) => request<InviteInfo>(`/api/invites/${encodeURIComponent(token)}`, { anonymous: true }),
};

export const contentUrl = (id: string) => `/api/files/${encodeURIComponent(id)}/content`;
/** A video's 720p H.264 preview; only when `media.videoPreview` says it exists. */
export const videoPreviewUrl = (id: string) => `/api/files/${encodeURIComponent(id)}/preview`;
export const thumbnailUrl = (id: string, size: ThumbnailSize) =>
  `/api/files/${encodeURIComponent(id)}/thumbnail?size=${size}`;
export const uploadUrl = (folderId: string | null, name: string) =>
  `/api/files/content?parent=${folderParam(folderId)}&name=${encodeURIComponent(name)}`;
