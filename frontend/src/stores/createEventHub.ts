import type { HearthEvent } from "@hearth/contract";
import { createSignal, onCleanup } from "solid-js";
import { connectEvents, type ConnectionState } from "../api/events";

export type HubListener = (event: HearthEvent) => void;

/**
 * One live connection to the server's event stream, shared by every page. Pages subscribe for as
 * long as they are mounted; `publish` lets the app feed its own results (a finished upload) through
 * the same path, so a list has one way of learning about new files.
 */
export function createEventHub() {
  const listeners = new Set<HubListener>();
  const resyncListeners = new Set<() => void>();
  const [state, setState] = createSignal<ConnectionState>("connecting");

  const publish = (event: HearthEvent) => {
    for (const listener of [...listeners]) listener(event);
  };

  const connection = connectEvents({
    onEvent: publish,
    onState: setState,
    onResync: () => {
      for (const listener of [...resyncListeners]) listener();
    },
  });
  onCleanup(() => connection.close());

  return {
    state,
    publish,
    /** Listens until the calling component unmounts. */
    listen(listener: HubListener) {
      listeners.add(listener);
      onCleanup(() => listeners.delete(listener));
    },
    /** Runs after the stream reconnected from a gap, when events may have been missed. */
    onResync(listener: () => void) {
      resyncListeners.add(listener);
      onCleanup(() => resyncListeners.delete(listener));
    },
  };
}

export type EventHub = ReturnType<typeof createEventHub>;
