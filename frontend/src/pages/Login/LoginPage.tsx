import { Navigate, useNavigate, useSearchParams } from "@solidjs/router";
import { createSignal, Match, Switch } from "solid-js";
import { AuthCard } from "../../components/AuthCard";
import { TextField } from "../../components/TextField";
import { useSession } from "../../context";

/** Only paths inside the app are followed after sign-in (no open redirect to other sites). */
function safeNext(next: string | string[] | undefined): string {
  const value = Array.isArray(next) ? next[0] : next;
  return value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/login") ? value : "/drive";
}

export function LoginPage() {
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = createSignal("");
  const [password, setPassword] = createSignal("");
  const [error, setError] = createSignal("");
  const [busy, setBusy] = createSignal(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setError("");
    if (!email().trim() || !password()) {
      setError("Please enter your email and password.");
      return;
    }
    setBusy(true);
    try {
      await session.login({ email: email().trim(), password: password() });
      navigate(safeNext(params.next), { replace: true });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  }

  return (
    <Switch>
      <Match when={session.needsSetup()}>
        <Navigate href="/setup" />
      </Match>
      <Match when={session.user() && !busy()}>
        <Navigate href={safeNext(params.next)} />
      </Match>
      <Match when={true}>
        <AuthCard title="Sign in to Hearth">
          <form class="auth__form" onSubmit={submit} novalidate>
            <TextField
              label="Email"
              type="email"
              autocomplete="username"
              required
              value={email()}
              onInput={(e) => setEmail(e.currentTarget.value)}
              data-testid="login-email"
            />
            <TextField
              label="Password"
              type="password"
              autocomplete="current-password"
              required
              value={password()}
              onInput={(e) => setPassword(e.currentTarget.value)}
              data-testid="login-password"
            />
            <p class="form-error" role="alert" data-testid="login-error">
              {error()}
            </p>
            <button type="submit" class="button button--primary button--wide" disabled={busy()} data-testid="login-submit">
              {busy() ? "Signing in…" : "Sign in"}
            </button>
          </form>
        </AuthCard>
      </Match>
    </Switch>
  );
}
