import { For, Show } from "solid-js";
import type { Toasts as ToastStore } from "../stores/createToasts";
import { Icon } from "./Icon";

export function Toasts(props: { store: ToastStore }) {
  return (
    <div class="toasts" aria-live="polite" aria-relevant="additions">
      <For each={props.store.toasts()}>
        {(toast) => (
          <div
            class="toast"
            classList={{ "toast--error": toast.tone === "error" }}
            role={toast.tone === "error" ? "alert" : "status"}
            data-testid="toast"
          >
            <span>{toast.message}</span>
            <Show when={toast.action}>
              {(action) => (
                <button
                  type="button"
                  class="toast__action"
                  data-testid="toast-action"
                  onClick={() => {
                    const { run } = action();
                    props.store.dismiss(toast.id);
                    run();
                  }}
                >
                  {action().label}
                </button>
              )}
            </Show>
            <button
              type="button"
              class="icon-button icon-button--small"
              aria-label="Dismiss"
              onClick={() => props.store.dismiss(toast.id)}
            >
              <Icon name="close" />
            </button>
          </div>
        )}
      </For>
    </div>
  );
}
