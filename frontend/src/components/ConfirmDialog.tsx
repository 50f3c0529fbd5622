import { createSignal, type JSX } from "solid-js";
import { Dialog } from "./Dialog";

interface ConfirmDialogProps {
  title: string;
  children: JSX.Element;
  confirmLabel: string;
  danger?: boolean;
  /** Does the work; a thrown error is shown in the dialog, which stays open. */
  onConfirm(): Promise<void>;
  onClose(): void;
}

/** Asks before something that cannot be undone. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal("");

  async function confirm() {
    setBusy(true);
    setError("");
    try {
      await props.onConfirm();
      props.onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  }

  return (
    <Dialog title={props.title} id="confirm" testId="confirm-dialog" onClose={props.onClose} onSubmit={confirm}>
      <div class="dialog__text">{props.children}</div>
      <p class="form-error" role="alert">
        {error()}
      </p>
      <div class="dialog__actions">
        <button type="button" class="button" onClick={() => props.onClose()} autofocus>
          Cancel
        </button>
        <button
          type="submit"
          class="button"
          classList={{ "button--danger-solid": props.danger, "button--primary": !props.danger }}
          disabled={busy()}
          data-testid="confirm-submit"
        >
          {props.confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
