import { createSignal, onMount, Show } from "solid-js";
import "./Dialog.css";

interface NameDialogProps {
  title: string;
  label: string;
  submitLabel: string;
  initialName?: string;
  /** Prefix for data-testid hooks: `<prefix>-name` (or `inputTestId`), `<prefix>-submit`. */
  testId: string;
  inputTestId?: string;
  /** Saves the name; a thrown error's message is shown in the dialog. */
  onSubmit(name: string): Promise<void>;
  onClose(): void;
}

/** A small modal asking for one name (new folder, rename). */
export function NameDialog(props: NameDialogProps) {
  let dialog!: HTMLDialogElement;
  let input!: HTMLInputElement;
  const [name, setName] = createSignal(props.initialName ?? "");
  const [error, setError] = createSignal("");
  const [busy, setBusy] = createSignal(false);

  onMount(() => {
    dialog.showModal();
    input.focus();
    // Select the name without its extension, as file managers do.
    const dot = name().lastIndexOf(".");
    input.setSelectionRange(0, dot > 0 ? dot : name().length);
  });

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const trimmed = name().trim();
    if (!trimmed) {
      setError("Please enter a name.");
      return;
    }
    setBusy(true);
    setError("");
    try {
      await props.onSubmit(trimmed);
      dialog.close();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  }

  return (
    <dialog ref={dialog} class="dialog" aria-labelledby={`${props.testId}-title`} onClose={() => props.onClose()}>
      <form class="dialog__body" onSubmit={submit} novalidate>
        <h2 id={`${props.testId}-title`} class="dialog__title">
          {props.title}
        </h2>
        <label class="field">
          <span class="field__label">{props.label}</span>
          <input
            ref={input}
            class="input"
            type="text"
            value={name()}
            onInput={(event) => setName(event.currentTarget.value)}
            autocomplete="off"
            spellcheck={false}
            aria-invalid={error() ? "true" : undefined}
            aria-describedby={`${props.testId}-error`}
            data-testid={props.inputTestId ?? `${props.testId}-name`}
          />
        </label>
        <p id={`${props.testId}-error`} class="form-error" role="alert">
          <Show when={error()}>{error()}</Show>
        </p>
        <div class="dialog__actions">
          <button type="button" class="button" onClick={() => dialog.close()}>
            Cancel
          </button>
          <button type="submit" class="button button--primary" disabled={busy()} data-testid={`${props.testId}-submit`}>
            {props.submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
