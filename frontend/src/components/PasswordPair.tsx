import { TextField } from "./TextField";

interface PasswordPairProps {
  password: string;
  confirm: string;
  onPassword(value: string): void;
  onConfirm(value: string): void;
  label: string;
  confirmLabel: string;
  hint?: string;
  required?: boolean;
  testid: string;
  confirmTestid: string;
}

/** A new password and its confirmation; the confirmation is marked invalid while they differ. */
export function PasswordPair(props: PasswordPairProps) {
  return (
    <>
      <TextField
        label={props.label}
        type="password"
        autocomplete="new-password"
        required={props.required}
        hint={props.hint}
        value={props.password}
        onInput={(e) => props.onPassword(e.currentTarget.value)}
        data-testid={props.testid}
      />
      <TextField
        label={props.confirmLabel}
        type="password"
        autocomplete="new-password"
        required={props.required}
        value={props.confirm}
        onInput={(e) => props.onConfirm(e.currentTarget.value)}
        aria-invalid={props.confirm && props.confirm !== props.password ? "true" : undefined}
        data-testid={props.confirmTestid}
      />
    </>
  );
}
