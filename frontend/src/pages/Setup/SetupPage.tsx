import { Navigate } from "@solidjs/router";
import { Show } from "solid-js";
import { AccountForm } from "../../components/AccountForm";
import { AuthCard } from "../../components/AuthCard";
import { useSession } from "../../context";

/** First run: the first account becomes the household's admin and is signed in at once. */
export function SetupPage() {
  const session = useSession();
  return (
    <Show when={session.needsSetup()} fallback={<Navigate href="/drive" />}>
      <AuthCard
        title="Welcome to Hearth — create the admin account"
        intro="This first account looks after the household's Hearth: it can invite everyone else."
      >
        <AccountForm testid="setup" submitLabel="Create admin account" />
      </AuthCard>
    </Show>
  );
}
