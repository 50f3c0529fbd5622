import { splitProps, type JSX } from "solid-js";

type InputProps = JSX.InputHTMLAttributes<HTMLInputElement>;

/** A labelled input; the label wraps the input so it is always associated. */
export function TextField(props: InputProps & { label: string; hint?: string }) {
  const [own, input] = splitProps(props, ["label", "hint"]);
  return (
    <label class="field">
      <span class="field__label">{own.label}</span>
      <input class="input" {...input} />
      {own.hint && <span class="field__hint">{own.hint}</span>}
    </label>
  );
}
