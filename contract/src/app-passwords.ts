/** App passwords: what WebDAV clients (Finder, Explorer, rclone, phone backup apps) sign in with. */

/** Longest name for an app password ("Mum's phone: PhotoSync"). */
export const APP_PASSWORD_NAME_MAX = 100;
/** How many app passwords one user may keep. */
export const APP_PASSWORDS_MAX = 50;

/** `POST /api/me/app-passwords` */
export interface CreateAppPasswordRequest {
  name: string;
}

/** `POST /api/me/app-passwords` → 201: the password is shown this once and never again. */
export interface CreatedAppPassword {
  id: string;
  name: string;
  password: string;
}

/** One app password in `GET /api/me/app-passwords` (never the password itself). */
export interface AppPasswordInfo {
  id: string;
  name: string;
  createdAt: string;
  /** Null until a client has used it. */
  lastUsedAt: string | null;
  /** e.g. "rclone/v1.60.1", from the last client's User-Agent. */
  lastUsedClient: string | null;
  lastUsedIp: string | null;
}

export interface AppPasswordListResponse {
  appPasswords: AppPasswordInfo[];
  /** The address to give WebDAV clients: PUBLIC_URL + "/dav/". */
  davUrl: string;
}
