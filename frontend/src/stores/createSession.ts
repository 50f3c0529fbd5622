import type { LoginRequest, RegisterRequest, User } from "@hearth/api-types";
import { createSignal } from "solid-js";
import { api, ApiError, setUnauthorizedHandler } from "../api/client";

export type SessionPhase = "loading" | "ready" | "unreachable";

/**
 * Who is signed in, and whether Hearth still needs its first (admin) account. The cookie is
 * HttpOnly, so the only way to know is to ask: `/api/setup`, then `/api/me`.
 */
export function createSession() {
  const [phase, setPhase] = createSignal<SessionPhase>("loading");
  const [needsSetup, setNeedsSetup] = createSignal(false);
  const [version, setVersion] = createSignal("");
  const [user, setUser] = createSignal<User | null>(null);
  const [loadError, setLoadError] = createSignal("");
  // Set by "Sign out", so the login page is not told to send the user back where they were.
  const [endedByUser, setEndedByUser] = createSignal(false);

  async function load() {
    setPhase("loading");
    try {
      const status = await api.setupStatus();
      setNeedsSetup(status.needsSetup);
      setVersion(status.version);
      if (!status.needsSetup) {
        try {
          setUser((await api.me()).user);
        } catch (error) {
          if (!(error instanceof ApiError && error.status === 401)) throw error;
          setUser(null);
        }
      }
      setPhase("ready");
    } catch (error) {
      setLoadError(error instanceof Error ? error.message : String(error));
      setPhase("unreachable");
    }
  }

  setUnauthorizedHandler(() => setUser(null));

  return {
    phase,
    needsSetup,
    version,
    user,
    loadError,
    endedByUser,
    load,
    async register(request: RegisterRequest) {
      const { user } = await api.register(request);
      setEndedByUser(false);
      setNeedsSetup(false);
      setUser(user);
      return user;
    },
    async login(request: LoginRequest) {
      const { user } = await api.login(request);
      setEndedByUser(false);
      setUser(user);
      return user;
    },
    async logout() {
      try {
        await api.logout();
      } finally {
        setEndedByUser(true);
        setUser(null);
      }
    },
  };
}

export type Session = ReturnType<typeof createSession>;
