import { useNavigate } from "@solidjs/router";
import { createSignal } from "solid-js";
import { TextField } from "../../components/TextField";
import { useSession } from "../../context";
import { PASSWORD_HINT, passwordProblem } from "../../passwords";

interface RegisterFormProps {
  /** From an invite made for one address: shown, but not editable. */
  fixedEmail?: string | null;
  inviteToken?: string;
  submitLabel: string;
}

/** Name, email and password for a new account; on success the new user is signed in. */
export function RegisterForm(props: RegisterFormProps) {
  const session = useSession();
  const navigate = useNavigate();
  const [name, setName] = createSignal("");
  const [email, setEmail] = createSignal(props.fixedEmail ?? "");
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
    const problem = passwordProblem(password(), confirm());
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    try {
      await session.register({
        name: name().trim(),
        email: (props.fixedEmail ?? email()).trim(),
        password: password(),
        ...(props.inviteToken ? { inviteToken: props.inviteToken } : {}),
      });
      navigate("/drive", { replace: true });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  }

  return (
    <form class="auth__form" onSubmit={submit} novalidate>
      <TextField
        label="Your name"
        type="text"
        autocomplete="name"
        required
        value={name()}
        onInput={(e) => setName(e.currentTarget.value)}
        data-testid="register-name"
      />
      <TextField
        label="Email"
        type="email"
        autocomplete="email"
        required
        readOnly={!!props.fixedEmail}
        aria-readonly={props.fixedEmail ? "true" : undefined}
        hint={props.fixedEmail ? "The invite was made for this address." : undefined}
        value={email()}
        onInput={(e) => setEmail(e.currentTarget.value)}
        data-testid="register-email"
      />
      <TextField
        label="Password"
        type="password"
        autocomplete="new-password"
        required
        hint={PASSWORD_HINT}
        value={password()}
        onInput={(e) => setPassword(e.currentTarget.value)}
        data-testid="register-password"
      />
      <TextField
        label="Confirm password"
        type="password"
        autocomplete="new-password"
        required
        value={confirm()}
        onInput={(e) => setConfirm(e.currentTarget.value)}
        aria-invalid={confirm() && confirm() !== password() ? "true" : undefined}
        data-testid="register-password-confirm"
      />
      <p class="form-error" role="alert" data-testid="register-error">
        {error()}
      </p>
      <button type="submit" class="button button--primary button--wide" disabled={busy()} data-testid="register-submit">
        {busy() ? "Creating account…" : props.submitLabel}
      </button>
    </form>
  );
}
