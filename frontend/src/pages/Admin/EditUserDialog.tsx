import type { AdminUser, Role, UpdateUserRequest } from "@hearth/contract";
import { createSignal } from "solid-js";
import { adminApi } from "../../api/admin";
import { Dialog } from "../../components/Dialog";
import { DialogFooter } from "../../components/FormParts";
import { TextField } from "../../components/TextField";
import { RoleSelect } from "./UserFields";
import { parseQuota, quotaInput } from "./accountFields";

export function EditUserDialog(props: { user: AdminUser; onSaved(user: AdminUser): void; onClose(): void }) {
  const [name, setName] = createSignal(props.user.name);
  const [role, setRole] = createSignal<Role>(props.user.role);
  const [quota, setQuota] = createSignal(quotaInput(props.user.quotaBytes));
  const [error, setError] = createSignal("");
  const [busy, setBusy] = createSignal(false);

  async function submit() {
    setError("");
    if (!name().trim()) {
      setError("Please enter a name.");
      return;
    }
    const parsedQuota = parseQuota(quota());
    if ("error" in parsedQuota) {
      setError(parsedQuota.error);
      return;
    }
    // Only what changed, so a concurrent change elsewhere is not overwritten.
    const changes: UpdateUserRequest = {};
    if (name().trim() !== props.user.name) changes.name = name().trim();
    if (role() !== props.user.role) changes.role = role();
    if (parsedQuota.bytes !== props.user.quotaBytes) changes.quotaBytes = parsedQuota.bytes;
    if (Object.keys(changes).length === 0) {
      props.onClose();
      return;
    }
    setBusy(true);
    try {
      props.onSaved(await adminApi.updateUser(props.user.id, changes));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Edit ${props.user.name}`} id="edit-user" onClose={props.onClose} onSubmit={submit}>
      <p class="dialog__text">{props.user.email}</p>
      <TextField
        label="Name"
        type="text"
        autocomplete="off"
        value={name()}
        onInput={(e) => setName(e.currentTarget.value)}
        data-testid="admin-edit-name"
      />
      <RoleSelect value={role()} onChange={setRole} testId="admin-edit-role" />
      <TextField
        label="Storage quota (GB)"
        type="text"
        inputmode="decimal"
        placeholder="No limit"
        hint="Leave empty for no limit."
        value={quota()}
        onInput={(e) => setQuota(e.currentTarget.value)}
        data-testid="admin-edit-quota"
      />
      <DialogFooter
        error={error()}
        errorTestid="admin-edit-error"
        onCancel={props.onClose}
        submitLabel="Save"
        submitTestid="admin-edit-submit"
        disabled={busy()}
      />
    </Dialog>
  );
}
