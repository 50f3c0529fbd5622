import { DEFAULT_ROLE, type AdminUser, type Role } from "@hearth/contract";
import { createSignal } from "solid-js";
import { adminApi } from "../../api/admin";
import { Dialog } from "../../components/Dialog";
import { DialogFooter } from "../../components/FormParts";
import { TextField } from "../../components/TextField";
import { passwordProblem } from "../../passwords";
import { parseQuota } from "./accountFields";
import { RoleSelect, TemporaryPasswordField } from "./UserFields";

/** Creates an account directly, with a temporary password the admin passes on. */
export function AddUserDialog(props: { onCreated(user: AdminUser): void; onClose(): void }) {
  const [name, setName] = createSignal("");
  const [email, setEmail] = createSignal("");
  const [password, setPassword] = createSignal("");
  const [role, setRole] = createSignal<Role>(DEFAULT_ROLE);
  const [quota, setQuota] = createSignal("");
  const [error, setError] = createSignal("");
  const [busy, setBusy] = createSignal(false);

  async function submit() {
    setError("");
    if (!name().trim() || !email().trim()) {
      setError("Please enter a name and an email.");
      return;
    }
    const problem = passwordProblem(password());
    if (problem) {
      setError(problem);
      return;
    }
    const parsedQuota = parseQuota(quota());
    if ("error" in parsedQuota) {
      setError(parsedQuota.error);
      return;
    }
    setBusy(true);
    try {
      const user = await adminApi.createUser({
        name: name().trim(),
        email: email().trim(),
        password: password(),
        role: role(),
        quotaBytes: parsedQuota.bytes,
      });
      props.onCreated(user);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  }

  return (
    <Dialog title="Add a person" id="add-user" onClose={props.onClose} onSubmit={submit} wide>
      <TextField
        label="Name"
        type="text"
        autocomplete="off"
        value={name()}
        onInput={(e) => setName(e.currentTarget.value)}
        data-testid="admin-new-name"
      />
      <TextField
        label="Email"
        type="email"
        autocomplete="off"
        value={email()}
        onInput={(e) => setEmail(e.currentTarget.value)}
        data-testid="admin-new-email"
      />
      <TemporaryPasswordField value={password()} onInput={setPassword} testId="admin-new-password" />
      <div class="dialog__row">
        <RoleSelect value={role()} onChange={setRole} testId="admin-new-role" />
        <TextField
          label="Storage quota (GB)"
          type="text"
          inputmode="decimal"
          placeholder="No limit"
          value={quota()}
          onInput={(e) => setQuota(e.currentTarget.value)}
          data-testid="admin-new-quota"
        />
      </div>
      <DialogFooter
        error={error()}
        errorTestid="admin-new-error"
        onCancel={props.onClose}
        submitLabel={busy() ? "Adding…" : "Add person"}
        submitTestid="admin-new-submit"
        disabled={busy()}
      />
    </Dialog>
  );
}
