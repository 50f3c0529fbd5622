import type { FileItem } from "@hearth/contract";
import { createSignal, Show } from "solid-js";
import { Icon } from "./Icon";
import { processingProblem } from "./processingProblem";

/**
 * In the preview: why this photo or video has no preview, and (for its owner) "Try again", which
 * queues it to be processed again.
 */
export function ProcessingNotice(props: { item: FileItem; onRetry?: (item: FileItem) => Promise<unknown> }) {
  const [state, setState] = createSignal<"idle" | "busy" | "queued" | "error">("idle");
  const problem = () => processingProblem(props.item);
  async function retry() {
    setState("busy");
    try {
      await props.onRetry?.(props.item);
      setState("queued");
    } catch {
      setState("error");
    }
  }
  return (
    <Show when={problem()}>
      {(reason) => (
        <div class="preview__notice" role="status" data-testid="processing-notice">
          <Icon name="info" />
          <span data-testid="processing-reason">
            {state() === "queued" ? "Queued to be processed again." : reason()}
          </span>
          <Show when={props.onRetry && state() !== "queued"}>
            <button
              type="button"
              class="button button--quiet"
              disabled={state() === "busy"}
              onClick={() => void retry()}
              data-testid="processing-retry"
            >
              <Icon name="retry" />
              {state() === "error" ? "Try again (that failed)" : "Try again"}
            </button>
          </Show>
        </div>
      )}
    </Show>
  );
}
