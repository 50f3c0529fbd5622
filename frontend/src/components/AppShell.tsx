import { A, Navigate, useLocation, useNavigate } from "@solidjs/router";
import { createEffect, createSignal, on, onCleanup, onMount, Show, type ParentProps } from "solid-js";
import { useSession, WorkspaceContext } from "../context";
import { createEventHub, type EventHub } from "../stores/createEventHub";
import type { Session } from "../stores/createSession";
import { createToasts } from "../stores/createToasts";
import { createUploads } from "../stores/createUploads";
import { forgetFolders } from "../stores/folderNames";
import { Icon } from "./Icon";
import { SearchBox } from "./SearchBox";
import { StorageBanner } from "./StorageBanner";
import { createServerStatus } from "../stores/createServerStatus";
import { Sidebar } from "./Sidebar";
import { Toasts } from "./Toasts";
import { UploadPanel } from "./UploadPanel";
import "./AppShell.css";

/**
 * Everything behind sign-in: sends visitors to the login page, keeping where they were going, and
 * holds an account that must first enrol in two-factor sign-in at that step.
 */
export function AppShell(props: ParentProps) {
  const session = useSession();
  const location = useLocation();
  const loginHref = () =>
    session.endedByUser() ? "/login" : `/login?next=${encodeURIComponent(location.pathname + location.search)}`;
  return (
    <Show when={session.user()} fallback={<Navigate href={loginHref()} />}>
      <Show when={!session.user()?.mustEnrollTwoFactor} fallback={<EnrollmentShell>{props.children}</EnrollmentShell>}>
        <SignedInShell>{props.children}</SignedInShell>
      </Show>
    </Show>
  );
}

/** Signs out and goes to the login page; a failure is handed to `onError`. */
function createSignOut(onError: (error: unknown) => void) {
  const session = useSession();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = createSignal(false);
  async function signOut() {
    setSigningOut(true);
    try {
      await session.logout();
      forgetFolders();
      navigate("/login", { replace: true });
    } catch (error) {
      onError(error);
      setSigningOut(false);
    }
  }
  return { signOut, signingOut };
}

function SignedInShell(props: ParentProps) {
  const session = useSession();
  const location = useLocation();
  const toasts = createToasts();
  const hub = createEventHub();
  const uploads = createUploads((file) => hub.publish({ type: "file.created", file }));
  const { signOut, signingOut } = createSignOut(toasts.error);
  const displayName = () => session.user()?.name || session.user()?.email || "";
  const [drawerOpen, setDrawerOpen] = createSignal(false);
  keepStorageCurrent(session, hub);
  const server = createServerStatus();

  // The drawer (narrow screens) closes whenever the page changes.
  createEffect(
    on(
      () => location.pathname,
      () => setDrawerOpen(false),
    ),
  );

  return (
    <WorkspaceContext.Provider value={{ hub, uploads, toasts }}>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="app-header">
        <button
          type="button"
          class="icon-button app-header__menu"
          aria-label="Menu"
          aria-expanded={drawerOpen()}
          aria-controls="app-sidebar"
          onClick={() => setDrawerOpen(!drawerOpen())}
          data-testid="nav-menu"
        >
          <Icon name="menu" />
        </button>
        <A href="/drive" class="brand" aria-label="Hearth home">
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <span>Hearth</span>
        </A>
        <SearchBox />
        <span
          class="connection"
          classList={{ "connection--down": hub.state() !== "live" }}
          data-testid="connection-state"
          data-state={hub.state()}
          title={hub.state() === "live" ? "Live updates on" : "Live updates paused"}
        >
          <span class="connection__dot" aria-hidden="true" />
          <span class="connection__label">
            {hub.state() === "live" ? "" : hub.state() === "connecting" ? "Reconnecting…" : "Offline"}
          </span>
        </span>
        <div class="user-menu" data-testid="user-menu">
          <A
            href="/settings"
            class="user-menu__link"
            data-testid="nav-settings"
            title={`Account settings (${session.user()?.email ?? ""})`}
          >
            <span class="user-menu__avatar" aria-hidden="true">
              {(displayName() || "?").slice(0, 1).toUpperCase()}
            </span>
            <span class="user-menu__name">{displayName()}</span>
            <Icon name="settings" class="user-menu__gear" />
            <span class="visually-hidden">, account settings</span>
          </A>
          <button
            type="button"
            class="button button--quiet"
            data-testid="logout"
            onClick={signOut}
            disabled={signingOut()}
          >
            Sign out
          </button>
        </div>
      </header>
      <StorageBanner status={server.status()} />
      <div class="app-body">
        <div id="app-sidebar" class="app-sidebar" classList={{ "app-sidebar--open": drawerOpen() }}>
          <Sidebar onNavigate={() => setDrawerOpen(false)} onSignOut={signOut} signingOut={signingOut()} />
        </div>
        <Show when={drawerOpen()}>
          <div class="app-sidebar__backdrop" aria-hidden="true" onClick={() => setDrawerOpen(false)} />
        </Show>
        <main id="main" class="app-main" tabindex="-1">
          {props.children}
        </main>
      </div>
      <UploadPanel />
      <Toasts store={toasts} />
    </WorkspaceContext.Provider>
  );
}

/**
 * The storage bar reads `usedBytes` from /api/me: ask again a moment after files arrive or are
 * deleted for good (a burst of uploads makes one request, not hundreds).
 */
function keepStorageCurrent(session: Session, hub: EventHub) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const reload = () => void session.reloadUser().catch(() => {});
  const refresh = () => {
    clearTimeout(timer);
    timer = setTimeout(reload, 1500);
  };
  hub.listen((event) => {
    if (event.type === "file.created" || event.type === "file.deleted" || event.type === "file.restored") refresh();
  });
  // Signing in answers the user without the storage figures.
  onMount(reload);
  onCleanup(() => clearTimeout(timer));
}

/**
 * While the admin requires two-factor sign-in and this account has not enrolled, the server
 * answers nothing else: only the enrolment in Settings is shown (no event stream, no navigation),
 * and the page the user was heading for is kept for afterwards.
 */
function EnrollmentShell(props: ParentProps) {
  const session = useSession();
  const location = useLocation();
  const [error, setError] = createSignal("");
  const { signOut, signingOut } = createSignOut((err) => setError(err instanceof Error ? err.message : String(err)));
  const enrolmentHref = () => `/settings?next=${encodeURIComponent(location.pathname + location.search)}`;

  return (
    <>
      <header class="app-header">
        <span class="brand">
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <span>Hearth</span>
        </span>
        <div class="user-menu user-menu--end" data-testid="user-menu">
          <span class="user-menu__avatar" aria-hidden="true">
            {(session.user()?.name || session.user()?.email || "?").slice(0, 1).toUpperCase()}
          </span>
          <span class="user-menu__name" title={session.user()?.email}>
            {session.user()?.name || session.user()?.email}
          </span>
          <button
            type="button"
            class="button button--quiet"
            data-testid="logout"
            onClick={signOut}
            disabled={signingOut()}
          >
            Sign out
          </button>
        </div>
      </header>
      <main id="main" class="app-main" tabindex="-1">
        <Show when={error()}>
          <p class="form-error" role="alert">
            {error()}
          </p>
        </Show>
        <Show when={location.pathname === "/settings"} fallback={<Navigate href={enrolmentHref()} />}>
          {props.children}
        </Show>
      </main>
    </>
  );
}
