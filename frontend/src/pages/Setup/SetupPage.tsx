import { Navigate, useNavigate } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { AuthCard } from "../../components/AuthCard";
import { TextField } from "../../components/TextField";
import { useSession } from "../../context";

/** First run: the first account becomes the household's admin and is signed in at once. */
export function SetupPage() {
  const session = useSession();
  const navigate = useNavigate();
  const [name, setName] = createSignal("");
  const [email, setEmail] = createSignal("");
  const [password, setPassword] = createSignal("");
  const [confirm, setConfirm] = createSignal("");
  const [error, setError] = createSignal("");
  const [busy, setBusy] = createSignal(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setError("");
    if (!name().trim() || !email().trim() || !password()) {
      setError("Please fill in every field.");
      return;
    }
    if (password() !== confirm()) {
      setError("The two passwords don't match.");
      return;
    }
    setBusy(true);
    try {
      await session.register({ name: name().trim(), email: email().trim(), password: password() });
      navigate("/drive", { replace: true });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  }

  return (
    <Show when={session.needsSetup()} fallback={<Navigate href="/drive" />}>
      <AuthCard
        title="Welcome to Hearth — create the admin account"
        intro="This first account looks after the household's Hearth: it can invite everyone else."
      >
        <form class="auth__form" onSubmit={submit} novalidate>
          <TextField
            label="Your name"
            type="text"
            autocomplete="name"
            required
            value={name()}
            onInput={(e) => setName(e.currentTarget.value)}
            data-testid="setup-name"
          />
          <TextField
            label="Email"
            type="email"
            autocomplete="email"
            required
            value={email()}
            onInput={(e) => setEmail(e.currentTarget.value)}
            data-testid="setup-email"
          />
          <TextField
            label="Password"
            type="password"
            autocomplete="new-password"
            required
            value={password()}
            onInput={(e) => setPassword(e.currentTarget.value)}
            data-testid="setup-password"
          />
          <TextField
            label="Confirm password"
            type="password"
            autocomplete="new-password"
            required
            value={confirm()}
            onInput={(e) => setConfirm(e.currentTarget.value)}
            aria-invalid={confirm() && confirm() !== password() ? "true" : undefined}
            data-testid="setup-password-confirm"
          />
          <p class="form-error" role="alert" data-testid="setup-error">
            {error()}
          </p>
          <button type="submit" class="button button--primary button--wide" disabled={busy()} data-testid="setup-submit">
            {busy() ? "Creating account…" : "Create admin account"}
          </button>
        </form>
      </AuthCard>
    </Show>
  );
}
