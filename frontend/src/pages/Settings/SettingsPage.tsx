import { useNavigate, useSearchParams } from "@solidjs/router";
import { onMount, Show } from "solid-js";
import { useSession } from "../../context";
import { safeNext } from "../../nextPath";
import { AppPasswordsSection } from "./AppPasswordsSection";
import { createSessionList } from "./createSessionList";
import { PasswordSection } from "./PasswordSection";
import { ProfileSection } from "./ProfileSection";
import { SessionsSection } from "./SessionsSection";
import { TwoFactorSection } from "./TwoFactorSection";
import "./SettingsPage.css";

export function SettingsPage() {
  const session = useSession();
  document.title = "Account settings – Hearth";
  return (
    <Show when={!session.user()?.mustEnrollTwoFactor} fallback={<RequiredEnrolment />}>
      <AccountSettings />
    </Show>
  );
}

function AccountSettings() {
  const session = useSession();
  const sessions = createSessionList();
  // Two-factor state may have changed on another device since this one signed in.
  onMount(() => void session.reloadUser().catch(() => undefined));

  return (
    <section class="settings" aria-labelledby="settings-title">
      <div class="page-header">
        <h1 id="settings-title" class="page-header__title">
          Account settings
        </h1>
      </div>
      <div class="settings__grid">
        <ProfileSection />
        <PasswordSection onChanged={() => void sessions.reload()} />
        <TwoFactorSection />
        <SessionsSection list={sessions} />
        <AppPasswordsSection />
      </div>
    </section>
  );
}

/** The admin requires two-factor sign-in: this is the one thing to do before anything else works. */
function RequiredEnrolment() {
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();

  function finish() {
    // Leaving the enrolment-only shell first, so it does not hold the navigation back.
    session.updateUser({ mustEnrollTwoFactor: false, twoFactorEnabled: true });
    const next = safeNext(params.next);
    navigate(next.startsWith("/settings") ? "/drive" : next, { replace: true });
  }

  return (
    <section class="settings settings--required" aria-labelledby="settings-title">
      <div class="page-header">
        <h1 id="settings-title" class="page-header__title">
          Set up two-factor sign-in
        </h1>
      </div>
      <p class="notice" role="note" data-testid="two-factor-required">
        Your household's admin asks everyone to use two-factor sign-in. Set it up now to continue to Hearth: it takes a
        minute and an authenticator app on your phone.
      </p>
      <TwoFactorSection required onFinished={finish} />
    </section>
  );
}
