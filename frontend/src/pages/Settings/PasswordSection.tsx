import { createSignal } from "solid-js";
import { accountApi } from "../../api/account";
import { FormError } from "../../components/FormParts";
import { PasswordPair } from "../../components/PasswordPair";
import { TextField } from "../../components/TextField";
import { useSession, useWorkspace } from "../../context";
import { PASSWORD_HINT, passwordProblem } from "../../passwords";

/** Changing the password ends every other session; `onChanged` lets the session list catch up. */
export function PasswordSection(props: { onChanged(): void }) {
  const session = useSession();
  const { toasts } = useWorkspace();
  const [current, setCurrent] = createSignal("");
  const [next, setNext] = createSignal("");
  const [confirm, setConfirm] = createSignal("");
  const [error, setError] = createSignal("");
  const [busy, setBusy] = createSignal(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setError("");
    if (!current()) {
      setError("Enter your current password.");
      return;
    }
    const problem = passwordProblem(next(), confirm());
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    try {
      await accountApi.changePassword({ currentPassword: current(), newPassword: next() });
      setCurrent("");
      setNext("");
      setConfirm("");
      toasts.info("Password changed. Your other devices were signed out.");
      props.onChanged();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="password-title">
      <h2 id="password-title" class="card__title">
        Password
      </h2>
      <form class="settings__form" onSubmit={submit} novalidate>
        {/* Lets password managers tie the new password to this account. */}
        <input
          type="text"
          class="visually-hidden"
          autocomplete="username"
          value={session.user()?.email ?? ""}
          tabindex="-1"
          aria-hidden="true"
          readOnly
        />
        <TextField
          label="Current password"
          type="password"
          autocomplete="current-password"
          value={current()}
          onInput={(e) => setCurrent(e.currentTarget.value)}
          data-testid="password-current"
        />
        <PasswordPair
          label="New password"
          confirmLabel="Confirm new password"
          hint={PASSWORD_HINT}
          password={next()}
          confirm={confirm()}
          onPassword={setNext}
          onConfirm={setConfirm}
          testid="password-new"
          confirmTestid="password-confirm"
        />
        <FormError testid="password-error" message={error()} />
        <div class="form-actions">
          <button type="submit" class="button button--primary" disabled={busy()} data-testid="password-submit">
            {busy() ? "Changing…" : "Change password"}
          </button>
          <span class="field__hint">You stay signed in here; other devices are signed out.</span>
        </div>
      </form>
    </section>
  );
}
