import { A, Navigate } from "@solidjs/router";
import { Match, onMount, Switch } from "solid-js";
import { AuthCard } from "../../components/AuthCard";
import { useSession } from "../../context";
import { AccountForm } from "../../components/AccountForm";

/** Open registration (when the admin allows it); otherwise people join through an invite link. */
export function RegisterPage() {
  const session = useSession();
  onMount(() => {
    document.title = "Create account – Hearth";
    void session.refreshStatus().catch(() => undefined);
  });

  return (
    <Switch>
      <Match when={session.needsSetup()}>
        <Navigate href="/setup" />
      </Match>
      <Match when={session.user()}>
        <Navigate href="/drive" />
      </Match>
      <Match when={!session.registrationOpen()}>
        <AuthCard
          title="Registration is closed"
          intro="This Hearth only takes new accounts by invitation. Ask your household's admin for an invite link."
        >
          <p class="auth__footer">
            <A href="/login">Back to sign in</A>
          </p>
        </AuthCard>
      </Match>
      <Match when={true}>
        <AuthCard title="Create your Hearth account">
          <AccountForm testid="register" passwordRules submitLabel="Create account" />
          <p class="auth__footer">
            Already have an account? <A href="/login">Sign in</A>
          </p>
        </AuthCard>
      </Match>
    </Switch>
  );
}
