import type { InviteInfo } from "@hearth/contract";
import { A, useParams } from "@solidjs/router";
import { createResource, createSignal, Match, onMount, Switch } from "solid-js";
import { api, ApiError } from "../../api/client";
import { AccountForm } from "../../components/AccountForm";
import { AuthCard } from "../../components/AuthCard";
import { Spinner } from "../../components/Spinner";
import { useSession } from "../../context";
import { formatDateTime } from "../../format";

const PROBLEMS: Record<string, { title: string; text: string }> = {
  invite_not_found: {
    title: "This invite link isn't valid",
    text: "Check that you opened the whole link, or ask whoever invited you for a new one.",
  },
  invite_expired: {
    title: "This invite has expired",
    text: "Invite links only work for a limited time. Ask whoever invited you for a new one.",
  },
  invite_used: {
    title: "This invite has already been used",
    text: "Each invite link makes one account. If that was you, sign in instead.",
  },
};

/** `/invite/:token`: who invited you, then the form that creates your account with the invite. */
export function InvitePage() {
  const params = useParams<{ token: string }>();
  const session = useSession();
  const [invite, { refetch }] = createResource(() => params.token, api.invite);
  // Only someone signed in when they opened the link is asked to sign out; registering here
  // signs the new account in, and that must not flash this question before leaving the page.
  const [signedInBefore, setSignedInBefore] = createSignal(!!session.user());
  onMount(() => (document.title = "Join Hearth"));

  const problem = () => {
    const error = invite.error as unknown;
    if (!error) return undefined;
    if (error instanceof ApiError && PROBLEMS[error.code]) return { code: error.code, ...PROBLEMS[error.code]! };
    return undefined;
  };

  return (
    <Switch>
      <Match when={invite.loading}>
        <div class="splash">
          <Spinner label="Opening your invite…" class="spinner--large" />
        </div>
      </Match>
      <Match when={problem()}>
        {(current) => (
          <AuthCard title={current().title}>
            <p class="auth__intro" data-testid="invite-error" data-code={current().code}>
              {current().text}
            </p>
            <p class="auth__footer">
              <A href="/login">Go to sign in</A>
            </p>
          </AuthCard>
        )}
      </Match>
      <Match when={invite.error as unknown}>
        {(error) => (
          <AuthCard title="The invite couldn't be opened">
            <p class="auth__intro" role="alert" data-testid="invite-error">
              {error() instanceof Error ? (error() as Error).message : String(error())}
            </p>
            <button type="button" class="button button--primary button--wide" onClick={() => void refetch()}>
              Try again
            </button>
          </AuthCard>
        )}
      </Match>
      <Match when={signedInBefore() && session.user()}>
        {(user) => <SignedInAlready name={user().name || user().email} onSignedOut={() => setSignedInBefore(false)} />}
      </Match>
      <Match when={invite()}>{(info) => <InviteForm token={params.token} info={info()} />}</Match>
    </Switch>
  );
}

function InviteForm(props: { token: string; info: InviteInfo }) {
  return (
    <AuthCard title="You're invited to Hearth">
      <p class="auth__intro" data-testid="invite-info">
        <strong>{props.info.invitedBy}</strong> invited you to join their Hearth
        {props.info.role === "admin" ? " as an admin" : ""}. Create your account below; this invite works until{" "}
        <time datetime={props.info.expiresAt}>{formatDateTime(props.info.expiresAt)}</time>.
      </p>
      <AccountForm
        testid="register"
        passwordRules
        fixedEmail={props.info.email}
        inviteToken={props.token}
        submitLabel="Create account"
      />
      <p class="auth__footer">
        Already have an account? <A href="/login">Sign in</A>
      </p>
    </AuthCard>
  );
}

/** Accepting an invite would replace the current session, so ask to sign out first. */
function SignedInAlready(props: { name: string; onSignedOut(): void }) {
  const session = useSession();
  const [busy, setBusy] = createSignal(false);
  return (
    <AuthCard
      title="You're already signed in"
      intro={`You're signed in as ${props.name}. To create a new account with this invite, sign out first.`}
    >
      <button
        type="button"
        class="button button--primary button--wide"
        disabled={busy()}
        onClick={() => {
          setBusy(true);
          void session
            .logout()
            .then(props.onSignedOut)
            .catch(() => setBusy(false));
        }}
      >
        Sign out and use this invite
      </button>
      <p class="auth__footer">
        <A href="/drive">Stay signed in and go to Drive</A>
      </p>
    </AuthCard>
  );
}
