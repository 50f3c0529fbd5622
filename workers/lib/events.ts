/**
 * The event fan-out, seen from the code that has something to say: an EventSink publishes a
 * HearthEvent to one user's UserEvents Durable Object, which pushes it to their open tabs.
 */
import type { HearthEvent } from "@hearth/contract";

/** Tells a user's open tabs what changed. Never throws: a lost event must not fail the work it reports on. */
export interface EventSink {
  publish(userId: string, event: HearthEvent): Promise<void>;
}

async function deliver(send: () => Promise<Response>, userId: string, event: HearthEvent): Promise<void> {
  try {
    const response = await send();
    await response.body?.cancel();
  } catch (error) {
    console.warn(`event ${event.type} for ${userId} not delivered:`, error);
  }
}

/** From the edge process's isolates, which hold the UserEvents namespace. */
export function eventsThroughNamespace(namespace: DurableObjectNamespace): EventSink {
  return {
    publish: (userId, event) =>
      deliver(
        () =>
          namespace
            .get(namespace.idFromName(userId))
            .fetch("http://user-events/publish", { method: "POST", body: JSON.stringify(event) }),
        userId,
        event,
      ),
  };
}

/** From a media process, through the edge process's internal events socket (loopback only). */
export function eventsThroughEdge(edge: Fetcher): EventSink {
  return {
    publish: (userId, event) =>
      deliver(
        () =>
          edge.fetch(`http://edge/internal/publish/${encodeURIComponent(userId)}`, {
            method: "POST",
            body: JSON.stringify(event),
          }),
        userId,
        event,
      ),
  };
}

/** Drops every event: for the `hearth admin` command and jobs with nobody to tell. */
export const noEvents: EventSink = { publish: async () => {} };
