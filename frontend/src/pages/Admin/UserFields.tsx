import type { Role } from "@hearth/contract";
import { PASSWORD_HINT } from "../../passwords";
import { suggestPassword } from "./accountFields";

/** A visible password field with a "Suggest" button: the admin has to read it out or copy it. */
export function TemporaryPasswordField(props: {
  value: string;
  onInput(value: string): void;
  testId: string;
  label?: string;
}) {
  return (
    <div class="field">
      <label class="field__label" for={props.testId}>
        {props.label ?? "Temporary password"}
      </label>
      <div class="input-with-button">
        <input
          id={props.testId}
          class="input input--mono"
          type="text"
          autocomplete="off"
          spellcheck={false}
          value={props.value}
          onInput={(e) => props.onInput(e.currentTarget.value)}
          aria-describedby={`${props.testId}-hint`}
          data-testid={props.testId}
        />
        <button type="button" class="button" onClick={() => props.onInput(suggestPassword())}>
          Suggest
        </button>
      </div>
      <span id={`${props.testId}-hint`} class="field__hint">
        {PASSWORD_HINT} Pass it on privately; they can change it in their account settings.
      </span>
    </div>
  );
}

export function RoleSelect(props: { value: Role; onChange(role: Role): void; testId: string }) {
  return (
    <label class="field">
      <span class="field__label">Role</span>
      <select
        class="input select"
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value as Role)}
        data-testid={props.testId}
      >
        <option value="member">Member</option>
        <option value="admin">Admin (manages people and settings)</option>
      </select>
    </label>
  );
}
