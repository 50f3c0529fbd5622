import { Navigate, Route, Router, type RouteSectionProps } from "@solidjs/router";
import { lazy, Match, onMount, Switch } from "solid-js";
import { AppShell } from "./components/AppShell";
import { Spinner } from "./components/Spinner";
import { SessionContext, useSession } from "./context";
import { AlbumPage } from "./pages/Albums/AlbumPage";
import { AlbumsPage } from "./pages/Albums/AlbumsPage";
import { AdminArea } from "./pages/Admin/AdminArea";
import { AuditPage } from "./pages/Admin/AuditPage";
import { JobsPage } from "./pages/Admin/JobsPage";
import { StoragePage } from "./pages/Admin/StoragePage";
import { UsersPage } from "./pages/Admin/UsersPage";
import { UpdatesPage } from "./pages/Admin/UpdatesPage";
import { RecentPage, SearchPage, StarredPage } from "./pages/Drive/CollectionPages";
import { DrivePage } from "./pages/Drive/DrivePage";
import { InvitePage } from "./pages/Invite/InvitePage";
import { LoginPage } from "./pages/Login/LoginPage";
import { PartnerPhotosPage } from "./pages/Partners/PartnerPhotosPage";
import { SharingPage } from "./pages/Partners/SharingPage";
import { ArchivePage, PhotosPage } from "./pages/Photos/PhotosPage";
import { PhotoSearchPage } from "./pages/Photos/PhotoSearchPage";
// MapLibre (~800 kB) loads only with the Places page.
const PlacesPage = lazy(() => import("./pages/Photos/PlacesPage"));
import { RegisterPage } from "./pages/Register/RegisterPage";
import { SettingsPage } from "./pages/Settings/SettingsPage";
import { SetupPage } from "./pages/Setup/SetupPage";
import { PublicSharePage } from "./pages/Share/PublicSharePage";
import { TrashPage } from "./pages/Trash/TrashPage";
import { createSession } from "./stores/createSession";

/**
 * Routes:
 *   /setup              first-run admin account (only while no account exists)
 *   /login              sign in (?next= where to go afterwards), with the two-factor step
 *   /register           open registration, when the admin allows it
 *   /invite/:token      create an account from an invite link
 *   /drive              My Drive;  /drive/:folderId  a folder
 *   /recent, /starred   recently changed files; starred files and folders
 *   /search?q=          files and folders whose name contains q
 *   /trash              trashed items: restore, delete forever, empty
 *   /s/:token           a share link's public page (no account, no app shell)
 *   /photos             the photo timeline (?month=YYYY-MM keeps the place)
 *   /photos/archive     archived photos
 *   /photos/search      search in Photos (?q=, or ?area= for a map cluster)
 *   /photos/places      the Places map (lazy-loaded)
 *   /photos/albums      your albums and those shared with you;  /photos/albums/:albumId  one album
 *   /photos/sharing     partner sharing: share your library, see who shares theirs with you
 *   /photos/partners/:userId  a partner's photos, apart from your own
 *   /settings           your account: profile, password, two-factor sign-in, sessions
 *                       (?next= where to continue after a required two-factor enrolment)
 *   /admin/users        household accounts, invites and security settings (admins only)
 *   /admin/audit        the audit log (admins only)
 */
export function App() {
  const session = createSession();
  onMount(() => void session.load());
  return (
    <SessionContext.Provider value={session}>
      <Router root={Root}>
        <Route path="/setup" component={SetupPage} />
        <Route path="/login" component={LoginPage} />
        <Route path="/register" component={RegisterPage} />
        <Route path="/invite/:token" component={InvitePage} />
        <Route path="/s/:token" component={PublicSharePage} />
        <Route path="/" component={AppShell}>
          <Route path="/" component={() => <Navigate href="/drive" />} />
          <Route path="/drive/:folderId?" component={DrivePage} />
          <Route path="/recent" component={RecentPage} />
          <Route path="/starred" component={StarredPage} />
          <Route path="/search" component={SearchPage} />
          <Route path="/trash" component={TrashPage} />
          <Route path="/photos" component={PhotosPage} />
          <Route path="/photos/archive" component={ArchivePage} />
          <Route path="/photos/search" component={PhotoSearchPage} />
          <Route path="/photos/places" component={PlacesPage} />
          <Route path="/photos/albums" component={AlbumsPage} />
          <Route path="/photos/albums/:albumId" component={AlbumPage} />
          <Route path="/photos/sharing" component={SharingPage} />
          <Route path="/photos/partners/:userId" component={PartnerPhotosPage} />
          <Route path="/settings" component={SettingsPage} />
          <Route path="/admin" component={AdminArea}>
            <Route path="/" component={() => <Navigate href="/admin/users" />} />
            <Route path="/users" component={UsersPage} />
            <Route path="/audit" component={AuditPage} />
            <Route path="/jobs" component={JobsPage} />
            <Route path="/storage" component={StoragePage} />
            <Route path="/updates" component={UpdatesPage} />
          </Route>
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
      {/* A share link is for people without an account: it never waits for, or needs, a session. */}
      <Match when={props.location.pathname.startsWith("/s/")}>{props.children}</Match>
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
