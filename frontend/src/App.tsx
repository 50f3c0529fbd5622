import { Navigate, Route, Router, type RouteSectionProps } from "@solidjs/router";
import { Match, onMount, Switch } from "solid-js";
import { AppShell } from "./components/AppShell";
import { Spinner } from "./components/Spinner";
import { SessionContext, useSession } from "./context";
import { DrivePage } from "./pages/Drive/DrivePage";
import { LoginPage } from "./pages/Login/LoginPage";
import { PhotosPage } from "./pages/Photos/PhotosPage";
import { SetupPage } from "./pages/Setup/SetupPage";
import { createSession } from "./stores/createSession";

/**
 * Routes:
 *   /setup              first-run admin account (only while no account exists)
 *   /login              sign in (?next= where to go afterwards)
 *   /drive              My Drive;  /drive/:folderId  a folder
 *   /photos             the photo timeline
 */
export function App() {
  const session = createSession();
  onMount(() => void session.load());
  return (
    <SessionContext.Provider value={session}>
      <Router root={Root}>
        <Route path="/setup" component={SetupPage} />
        <Route path="/login" component={LoginPage} />
        <Route path="/" component={AppShell}>
          <Route path="/" component={() => <Navigate href="/drive" />} />
          <Route path="/drive/:folderId?" component={DrivePage} />
          <Route path="/photos" component={PhotosPage} />
        </Route>
        <Route path="*" component={() => <Navigate href="/drive" />} />
      </Router>
    </SessionContext.Provider>
  );
}

/** Holds every route back until we know whether to set up, sign in, or show the app. */
function Root(props: RouteSectionProps) {
  const session = useSession();
  return (
    <Switch>
      <Match when={session.phase() === "loading"}>
        <div class="splash">
          <Spinner label="Starting Hearth…" class="spinner--large" />
        </div>
      </Match>
      <Match when={session.phase() === "unreachable"}>
        <div class="splash" role="alert">
          <p>Hearth can't be reached right now.</p>
          <p class="muted">{session.loadError()}</p>
          <button type="button" class="button button--primary" onClick={() => void session.load()}>
            Try again
          </button>
        </div>
      </Match>
      <Match when={session.needsSetup() && props.location.pathname !== "/setup"}>
        <Navigate href="/setup" />
      </Match>
      <Match when={true}>{props.children}</Match>
    </Switch>
  );
}
