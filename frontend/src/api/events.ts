import type { HearthEvent } from "@hearth/contract";

const EVENT_TYPES: HearthEvent["type"][] = [
  "file.created",
  "file.updated",
  "file.trashed",
  "file.restored",
  "file.deleted",
  "job.progress",
  "thumbnail.ready",
  "album.changed",
  "partners.changed",
];

export type ConnectionState = "connecting" | "live" | "offline";

export interface EventConnection {
  close(): void;
}

export interface EventConnectionHandlers {
  onEvent(event: HearthEvent): void;
  onState(state: ConnectionState): void;
  /** The stream came back after a gap: events may have been missed, so lists should be refetched. */
  onResync(): void;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * Keeps one EventSource open on `/api/events`. The browser retries dropped connections by itself;
 * when it gives up (the server answered an error status, so `readyState` is CLOSED) we retry with
 * exponential backoff, and at once when the network or the tab comes back.
 */
export function connectEvents(handlers: EventConnectionHandlers): EventConnection {
  let source: EventSource | null = null;
  let closed = false;
  let backoff = 1000;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let hadConnection = false;
  let missedSome = false;

  const dispatch = (data: string) => {
    try {
      handlers.onEvent(JSON.parse(data) as HearthEvent);
    } catch {
      // A malformed event is dropped rather than breaking the stream.
    }
  };

  const open = () => {
    clearTimeout(retryTimer);
    if (closed) return;
    source?.close();
    handlers.onState("connecting");
    const es = new EventSource("/api/events");
    source = es;
    es.onopen = () => {
      backoff = 1000;
      handlers.onState("live");
      if (hadConnection && missedSome) handlers.onResync();
      hadConnection = true;
      missedSome = false;
    };
    es.onerror = () => {
      missedSome = true;
      if (es.readyState === EventSource.CLOSED) {
        handlers.onState("offline");
        scheduleRetry();
      } else {
        handlers.onState("connecting");
      }
    };
    // Named events carry their type in `event:`; unnamed ones still carry it in the JSON.
    for (const type of EVENT_TYPES)
      es.addEventListener(type, (event) => dispatch((event as MessageEvent<string>).data));
    es.onmessage = (event: MessageEvent<string>) => dispatch(event.data);
  };

  const scheduleRetry = () => {
    clearTimeout(retryTimer);
    if (closed) return;
    retryTimer = setTimeout(open, backoff + Math.random() * 500);
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  };

  const retryNowIfDown = () => {
    if (!closed && (!source || source.readyState === EventSource.CLOSED)) {
      backoff = 1000;
      open();
    }
  };
  const onVisible = () => {
    if (document.visibilityState === "visible") retryNowIfDown();
  };
  window.addEventListener("online", retryNowIfDown);
  document.addEventListener("visibilitychange", onVisible);

  open();

  return {
    close() {
      closed = true;
      clearTimeout(retryTimer);
      source?.close();
      source = null;
      window.removeEventListener("online", retryNowIfDown);
      document.removeEventListener("visibilitychange", onVisible);
    },
  };
}
