/** The form's error line; always present so screen readers announce a new message. */
export function FormError(props: { testid: string; message: string }) {
  return (
    <p class="form-error" role="alert" data-testid={props.testid}>
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
