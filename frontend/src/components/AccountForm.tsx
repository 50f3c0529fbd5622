import { useNavigate } from "@solidjs/router";
import { createSignal } from "solid-js";
import { useSession } from "../context";
import { PASSWORD_HINT, passwordProblem } from "../passwords";
import { FormError, SubmitButton } from "./FormParts";
import { PasswordPair } from "./PasswordPair";
import { TextField } from "./TextField";

interface AccountFormProps {
  /** Prefix of every `data-testid`: "register" gives "register-name", "register-email", … */
  testid: string;
  submitLabel: string;
  /** From an invite made for one address: shown, but not editable. */
  fixedEmail?: string | null;
  inviteToken?: string;
  /** Show the password hint and check its length here, not only on the server. */
  passwordRules?: boolean;
}

/** Name, email and password for a new account; on success the new user is signed in. */
export function AccountForm(props: AccountFormProps) {
  const session = useSession();
  const navigate = useNavigate();
  const [name, setName] = createSignal("");
  const [email, setEmail] = createSignal(props.fixedEmail ?? "");
  const [password, setPassword] = createSignal("");
  const [confirm, setConfirm] = createSignal("");
  const [error, setError] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const id = (part: string) => `${props.testid}-${part}`;

  function problem(): string {
    if (!name().trim() || !email().trim() || !password()) return "Please fill in every field.";
    if (props.passwordRules) return passwordProblem(password(), confirm());
    return password() !== confirm() ? "The two passwords don't match." : "";
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setError(problem());
    if (error()) return;
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
        data-testid={id("name")}
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
        data-testid={id("email")}
      />
      <PasswordPair
        label="Password"
        confirmLabel="Confirm password"
        required
        hint={props.passwordRules ? PASSWORD_HINT : undefined}
        password={password()}
        confirm={confirm()}
        onPassword={setPassword}
        onConfirm={setConfirm}
        testid={id("password")}
        confirmTestid={id("password-confirm")}
      />
      <FormError testid={id("error")} message={error()} />
      <SubmitButton testid={id("submit")} busy={busy()} busyLabel="Creating account…" label={props.submitLabel} />
    </form>
  );
}
