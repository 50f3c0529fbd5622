import { createSignal } from "solid-js";

export interface ToastAction {
  label: string;
  run(): void;
}

export interface Toast {
  id: number;
  message: string;
  tone: "info" | "error";
  action?: ToastAction;
}

/** Short messages in a polite live region: confirmations fade, errors stay until dismissed. */
export function createToasts() {
  const [toasts, setToasts] = createSignal<Toast[]>([]);
  let nextId = 1;

  const dismiss = (id: number) => setToasts((list) => list.filter((toast) => toast.id !== id));
  const show = (message: string, tone: Toast["tone"] = "info", action?: ToastAction) => {
    const id = nextId++;
    setToasts((list) => [...list.slice(-3), { id, message, tone, action }]);
    // One with an action (Undo) stays a little longer, to be reachable.
    if (tone === "info") setTimeout(() => dismiss(id), action ? 8000 : 4000);
  };

  return {
    toasts,
    dismiss,
    info: (message: string, action?: ToastAction) => show(message, "info", action),
    error: (error: unknown) => show(error instanceof Error ? error.message : String(error), "error"),
  };
}

export type Toasts = ReturnType<typeof createToasts>;
