import type { JSX } from "solid-js";

/** The form's error line; always present so screen readers announce a new message. */
export function FormError(props: { message: JSX.Element; testid?: string; id?: string }) {
  return (
    <p id={props.id} class="form-error" role="alert" data-testid={props.testid}>
      {props.message}
    </p>
  );
}

/** A full-width primary submit button that shows `busyLabel` and disables itself while busy. */
export function SubmitButton(props: { testid: string; busy: boolean; busyLabel: string; label: string }) {
  return (
    <button type="submit" class="button button--primary button--wide" disabled={props.busy} data-testid={props.testid}>
      {props.busy ? props.busyLabel : props.label}
    </button>
  );
}

interface DialogFooterProps {
  error: string;
  errorId?: string;
  errorTestid?: string;
  onCancel(): void;
  submitLabel: JSX.Element;
  submitTestid: string;
  disabled: boolean;
  danger?: boolean;
}

/** A dialog form's error line, then Cancel and the submit button. */
export function DialogFooter(props: DialogFooterProps) {
  return (
    <>
      <FormError id={props.errorId} testid={props.errorTestid} message={props.error} />
      <div class="dialog__actions">
        <button type="button" class="button" onClick={() => props.onCancel()}>
          Cancel
        </button>
        <button
          type="submit"
          class="button"
          classList={{ "button--primary": !props.danger, "button--danger-solid": props.danger }}
          disabled={props.disabled}
          data-testid={props.submitTestid}
        >
          {props.submitLabel}
        </button>
      </div>
    </>
  );
}
