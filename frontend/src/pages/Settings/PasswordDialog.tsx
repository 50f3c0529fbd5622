import { createSignal, type JSX } from "solid-js";
import { Dialog } from "../../components/Dialog";
import { DialogFooter } from "../../components/FormParts";

interface PasswordDialogProps {
  title: string;
  text: JSX.Element;
  submitLabel: string;
  danger?: boolean;
  /** Prefix for data-testid hooks: `<prefix>-password`, `<prefix>-submit`. */
  testId: string;
  /** Runs with the password; a thrown error's message is shown in the dialog. */
  onSubmit(password: string): Promise<void>;
  onClose(): void;
}

/** Asks for the account's password again before a sensitive change. */
export function PasswordDialog(props: PasswordDialogProps) {
  const [password, setPassword] = createSignal("");
  const [error, setError] = createSignal("");
  const [busy, setBusy] = createSignal(false);

  async function submit() {
    if (!password()) {
      setError("Enter your password.");
      return;
    }
    setBusy(true);
    setError("");
    try {
      await props.onSubmit(password());
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  }

  return (
    <Dialog title={props.title} id={props.testId} onClose={props.onClose} onSubmit={submit}>
      <p class="dialog__text">{props.text}</p>
      <label class="field">
        <span class="field__label">Your password</span>
        <input
          class="input"
          type="password"
          autocomplete="current-password"
          value={password()}
          onInput={(e) => setPassword(e.currentTarget.value)}
          aria-invalid={error() ? "true" : undefined}
          aria-describedby={`${props.testId}-error`}
          data-testid={`${props.testId}-password`}
        />
      </label>
      <DialogFooter
        error={error()}
        errorId={`${props.testId}-error`}
        onCancel={props.onClose}
        submitLabel={props.submitLabel}
        submitTestid={`${props.testId}-submit`}
        disabled={busy()}
        danger={props.danger}
      />
    </Dialog>
  );
}
