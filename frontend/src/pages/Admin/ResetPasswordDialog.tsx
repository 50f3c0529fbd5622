import type { AdminUser } from "@hearth/contract";
import { createSignal } from "solid-js";
import { adminApi } from "../../api/admin";
import { Dialog } from "../../components/Dialog";
import { DialogFooter } from "../../components/FormParts";
import { passwordProblem } from "../../passwords";
import { TemporaryPasswordField } from "./UserFields";

export function ResetPasswordDialog(props: { user: AdminUser; onSaved(user: AdminUser): void; onClose(): void }) {
  const [password, setPassword] = createSignal("");
  const [error, setError] = createSignal("");
  const [busy, setBusy] = createSignal(false);

  async function submit() {
    const problem = passwordProblem(password());
    setError(problem);
    if (problem) return;
    setBusy(true);
    try {
      props.onSaved(await adminApi.updateUser(props.user.id, { password: password() }));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Reset ${props.user.name}'s password`} id="reset-password" onClose={props.onClose} onSubmit={submit}>
      <p class="dialog__text">
        They are signed out on every device and sign in again with this password. Their files and two-factor setting
        stay as they are.
      </p>
      <TemporaryPasswordField
        label="New password"
        value={password()}
        onInput={setPassword}
        testId="admin-reset-password"
      />
      <DialogFooter
        error={error()}
        errorTestid="admin-reset-error"
        onCancel={props.onClose}
        submitLabel="Reset password"
        submitTestid="admin-reset-submit"
        disabled={busy()}
      />
    </Dialog>
  );
}
