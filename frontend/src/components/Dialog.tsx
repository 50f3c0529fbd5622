import { onCleanup, onMount, type JSX, type ParentProps } from "solid-js";
import "./Dialog.css";

interface DialogProps {
  title: string;
  /** Prefix for the ids that label the dialog (`<id>-title`). */
  id: string;
  /** Called when the dialog closes itself (Esc); the owner unmounts it to close it. */
  onClose(): void;
  onSubmit?(event: SubmitEvent): void;
  wide?: boolean;
  testId?: string;
}

/**
 * A modal form on the native <dialog>: the page behind is inert, Esc closes it, focus starts on
 * the first field (or the element marked `autofocus`) and returns where it was when it closes.
 */
export function Dialog(props: ParentProps<DialogProps>): JSX.Element {
  let dialog!: HTMLDialogElement;
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;

  onMount(() => {
    dialog.showModal();
    const first = dialog.querySelector<HTMLElement>("[autofocus], input:not([readonly]), select, textarea, button");
    first?.focus();
  });
  let unmounted = false;
  onCleanup(() => {
    // close() below queues a close event; by then the owner may already show something else.
    unmounted = true;
    if (dialog.open) dialog.close();
    if (opener?.isConnected) opener.focus();
  });

  return (
    <dialog
      ref={dialog}
      class="dialog"
      classList={{ "dialog--wide": props.wide }}
      aria-labelledby={`${props.id}-title`}
      data-testid={props.testId}
      onClose={() => {
        if (!unmounted) props.onClose();
      }}
    >
      <form
        class="dialog__body"
        novalidate
        onSubmit={(event) => {
          event.preventDefault();
          props.onSubmit?.(event);
        }}
      >
        <h2 id={`${props.id}-title`} class="dialog__title">
          {props.title}
        </h2>
        {props.children}
      </form>
    </dialog>
  );
}
