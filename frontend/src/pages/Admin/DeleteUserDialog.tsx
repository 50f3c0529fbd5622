import type { AdminUser, DeleteUserRequest } from "@hearth/contract";
import { createSignal, For, Show } from "solid-js";
import { adminApi } from "../../api/admin";
import { Dialog } from "../../components/Dialog";
import { DialogFooter } from "../../components/FormParts";

type Mode = "transfer" | "delete";

/**
 * Deleting an account asks what becomes of its files: moved to someone else (the safe default),
 * or deleted, which has to be confirmed by typing the person's name exactly.
 */
export function DeleteUserDialog(props: {
  user: AdminUser;
  /** Everyone who could receive the files. */
  others: AdminUser[];
  onDeleted(): void;
  onClose(): void;
}) {
  const [mode, setMode] = createSignal<Mode>(props.others.length ? "transfer" : "delete");
  const [transferTo, setTransferTo] = createSignal(
    props.others.find((user) => user.role === "admin")?.id ?? props.others[0]?.id ?? "",
  );
  const [confirmName, setConfirmName] = createSignal("");
  const [error, setError] = createSignal("");
  const [busy, setBusy] = createSignal(false);

  const ready = () => (mode() === "transfer" ? !!transferTo() : confirmName() === props.user.name);
  const recipient = () => props.others.find((user) => user.id === transferTo());

  async function submit() {
    if (!ready()) {
      setError(mode() === "transfer" ? "Choose who gets the files." : `Type ${props.user.name} exactly to confirm.`);
      return;
    }
    const request: DeleteUserRequest =
      mode() === "transfer" ? { transferTo: transferTo() } : { deleteFiles: true, confirmName: confirmName() };
    setBusy(true);
    setError("");
    try {
      await adminApi.deleteUser(props.user.id, request);
      props.onDeleted();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  }

  return (
    <Dialog
      title={`Delete ${props.user.name}'s account?`}
      id="delete-user"
      onClose={props.onClose}
      onSubmit={submit}
      wide
    >
      <p class="dialog__text">
        {props.user.email} will no longer be able to sign in. This can't be undone. What should happen to their files?
      </p>
      <fieldset class="choice-group">
        <legend class="visually-hidden">Their files</legend>
        <label class="choice" classList={{ "choice--disabled": !props.others.length }}>
          <input
            type="radio"
            name="delete-mode"
            value="transfer"
            checked={mode() === "transfer"}
            disabled={!props.others.length}
            onChange={() => setMode("transfer")}
            data-testid="admin-delete-mode-transfer"
          />
          <span class="choice__text">
            <span class="choice__title">Give them to someone else</span>
            <span class="muted">They move into a folder “Files from {props.user.name}” in that person's Drive.</span>
          </span>
        </label>
        <Show when={mode() === "transfer" && props.others.length}>
          <label class="field choice__detail">
            <span class="field__label">Move the files to</span>
            <select
              class="input select"
              onChange={(e) => setTransferTo(e.currentTarget.value)}
              data-testid="admin-delete-transfer-to"
            >
              <For each={props.others}>
                {(user) => (
                  <option value={user.id} selected={user.id === transferTo()}>
                    {user.name} ({user.email})
                  </option>
                )}
              </For>
            </select>
          </label>
        </Show>
        <label class="choice">
          <input
            type="radio"
            name="delete-mode"
            value="delete"
            checked={mode() === "delete"}
            onChange={() => setMode("delete")}
            data-testid="admin-delete-mode-delete"
          />
          <span class="choice__text">
            <span class="choice__title">Delete their files too</span>
            <span class="muted">Every file and photo they uploaded is deleted for good.</span>
          </span>
        </label>
        <Show when={mode() === "delete"}>
          <label class="field choice__detail">
            <span class="field__label">
              Type <strong class="confirm-name">{props.user.name}</strong> to confirm
            </span>
            <input
              class="input"
              type="text"
              autocomplete="off"
              spellcheck={false}
              value={confirmName()}
              onInput={(e) => setConfirmName(e.currentTarget.value)}
              aria-invalid={confirmName() && confirmName() !== props.user.name ? "true" : undefined}
              data-testid="admin-delete-confirm-name"
            />
          </label>
        </Show>
      </fieldset>
      <DialogFooter
        error={error()}
        errorTestid="admin-delete-error"
        onCancel={props.onClose}
        submitLabel={
          mode() === "transfer" && recipient()
            ? `Delete and give files to ${recipient()!.name}`
            : "Delete account and files"
        }
        submitTestid="admin-delete-submit"
        disabled={busy() || !ready()}
        danger
      />
    </Dialog>
  );
}
