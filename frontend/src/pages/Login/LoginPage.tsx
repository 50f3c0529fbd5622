import { A, Navigate, useNavigate, useSearchParams } from "@solidjs/router";
import { createSignal, Match, onMount, Show, Switch } from "solid-js";
import { AuthCard } from "../../components/AuthCard";
import { FormError, SubmitButton } from "../../components/FormParts";
import { TextField } from "../../components/TextField";
import { useSession } from "../../context";
import { safeNext } from "../../nextPath";
import { TwoFactorStep } from "./TwoFactorStep";

export function LoginPage() {
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = createSignal("");
  const [password, setPassword] = createSignal("");
  const [error, setError] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [challenge, setChallenge] = createSignal<string | null>(null);

  // Registration may have been opened or closed since the app started.
  onMount(() => void session.refreshStatus().catch(() => undefined));

  const finish = () => navigate(safeNext(params.next), { replace: true });

  // A 429's message says how long to wait; the server keeps refusing until then.
  const showError = (err: unknown) => setError(err instanceof Error ? err.message : String(err));

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setError("");
    if (!email().trim() || !password()) {
      setError("Please enter your email and password.");
      return;
    }
    setBusy(true);
    try {
      const outcome = await session.login({ email: email().trim(), password: password() });
      if ("challenge" in outcome) {
        setPassword("");
        setChallenge(outcome.challenge);
        setBusy(false);
      } else {
        finish();
      }
    } catch (err) {
      showError(err);
      setBusy(false);
    }
  }

  /** The challenge expired (or the user wants another account): back to the password step. */
  function startOver(message: string) {
    setChallenge(null);
    setError(message);
  }

  return (
    <Switch>
      <Match when={session.needsSetup()}>
        <Navigate href="/setup" />
      </Match>
      <Match when={session.user() && !busy()}>
        <Navigate href={safeNext(params.next)} />
      </Match>
      <Match when={challenge()}>
        {(current) => <TwoFactorStep challenge={current()} onSignedIn={finish} onStartOver={startOver} />}
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
            <FormError testid="login-error" message={error()} />
            <SubmitButton testid="login-submit" busy={busy()} busyLabel="Signing in…" label="Sign in" />
          </form>
          <Show when={session.registrationOpen()}>
            <p class="auth__footer">
              New to this Hearth?{" "}
              <A href="/register" data-testid="login-register">
                Create account
              </A>
            </p>
          </Show>
        </AuthCard>
      </Match>
    </Switch>
  );
}
