import type { UpdateStatus } from "@hearth/contract";
import { createSignal, onCleanup } from "solid-js";
import { updatesApi } from "../../api/updates";

const FINISHED = ["completed", "failed", "rolled_back", "cancelled"];

/**
 * Follows one update live over SSE. The app itself is stopped and replaced mid-update, so the
 * stream drops; EventSource reconnects by itself and the first event after is the current state.
 */
export function createUpdateWatch(onFinished: () => void) {
  const [status, setStatus] = createSignal<UpdateStatus | null>(null);
  const [offline, setOffline] = createSignal(false);
  let source: EventSource | undefined;

  function stop() {
    source?.close();
    source = undefined;
  }

  function watch(id: string) {
    stop();
    source = new EventSource(updatesApi.streamUrl(id));
    source.addEventListener("phase", (event) => {
      const next = JSON.parse((event as MessageEvent<string>).data) as UpdateStatus;
      setOffline(false);
      setStatus(next);
      if (FINISHED.includes(next.state)) {
        stop();
        onFinished();
      }
    });
    // While Hearth restarts during the update, say so rather than show an error.
    source.onerror = () => setOffline(true);
  }

  onCleanup(stop);
  return { status, offline, watch, setStatus };
}
