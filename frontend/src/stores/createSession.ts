import type { LoginRequest, RegisterRequest, TwoFactorLoginRequest, User } from "@hearth/contract";
import { createSignal } from "solid-js";
import { api, ApiError, setTwoFactorRequiredHandler, setUnauthorizedHandler } from "../api/client";
import { clearOfflineData } from "../pwa";

export type SessionPhase = "loading" | "ready" | "unreachable";

/** What the password step of signing in led to: in, or a two-factor code still to give. */
export type LoginOutcome = { user: User } | { challenge: string };

/**
 * Who is signed in, and whether Hearth still needs its first (admin) account. The cookie is
 * HttpOnly, so the only way to know is to ask: `/api/setup`, then `/api/me`.
 */
export function createSession() {
  const [phase, setPhase] = createSignal<SessionPhase>("loading");
  const [needsSetup, setNeedsSetup] = createSignal(false);
  const [registrationOpen, setRegistrationOpen] = createSignal(false);
  const [version, setVersion] = createSignal("");
  const [user, setUser] = createSignal<User | null>(null);
  const [loadError, setLoadError] = createSignal("");
  // Set by "Sign out", so the login page is not told to send the user back where they were.
  const [endedByUser, setEndedByUser] = createSignal(false);

  async function refreshStatus() {
    const status = await api.setupStatus();
    setNeedsSetup(status.needsSetup);
    setRegistrationOpen(status.registrationOpen);
    setVersion(status.version);
    return status;
  }

  async function load() {
    setPhase("loading");
    try {
      const status = await refreshStatus();
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

  const signedIn = (next: User) => {
    setEndedByUser(false);
    setUser(next);
    return next;
  };

  const signedOut = () => {
    // The next person on this device must not see this one's photos offline.
    clearOfflineData();
    setEndedByUser(true);
    setUser(null);
  };

  setUnauthorizedHandler(() => setUser(null));
  // The same code also refuses turning two-factor off while it is required; that user is enrolled.
  setTwoFactorRequiredHandler(() =>
    setUser((current) => current && (current.twoFactorEnabled ? current : { ...current, mustEnrollTwoFactor: true })),
  );

  return {
    phase,
    needsSetup,
    registrationOpen,
    version,
    user,
    loadError,
    endedByUser,
    load,
    /** Asks again whether registration is open (the admin may have changed it since start). */
    refreshStatus,
    setRegistrationOpen,
    /** Applies a change the server already made to the signed-in user (name, two-factor state). */
    updateUser(changes: Partial<User>) {
      setUser((current) => current && { ...current, ...changes });
    },
    async reloadUser() {
      setUser((await api.me()).user);
    },
    async register(request: RegisterRequest) {
      const { user } = await api.register(request);
      setNeedsSetup(false);
      return signedIn(user);
    },
    async login(request: LoginRequest): Promise<LoginOutcome> {
      const result = await api.login(request);
      if ("twoFactorRequired" in result) return { challenge: result.challenge };
      return { user: signedIn(result.user) };
    },
    async loginTwoFactor(request: TwoFactorLoginRequest) {
      return signedIn((await api.loginTwoFactor(request)).user);
    },
    async logout() {
      try {
        await api.logout();
      } finally {
        signedOut();
      }
    },
    /** Ends every session of this account, this one included. */
    async logoutEverywhere() {
      await api.logoutEverywhere();
      signedOut();
    },
  };
}

export type Session = ReturnType<typeof createSession>;
