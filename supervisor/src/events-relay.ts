/**
 * Hands this Hearth's edge the live events other Hearths sharing the database raised (several
 * boxes, one household; core/events-outbox.ts says why an outbox). Every RELAY_POLL_MS it reads
 * the outbox rows of other origins after the last one it handed on (from the read replica when
 * there is one) and posts each to the edge's loopback events socket, the one media processes use;
 * once a minute it removes rows older than OUTBOX_KEEP_MS.
 */
import type { Client } from "@libsql/client/web";
import { eventsFromOtherEdges, outboxPosition, pruneOutbox, RELAY_POLL_MS } from "@hearth/workers/core/events-outbox";
import { hostServices } from "@hearth/workers/core/host-tasks";

const PRUNE_EVERY_MS = 60_000;

export interface EventsRelayOptions {
  /** This Hearth's NODE_NAME: its own events were delivered by its edge already. */
  origin: string;
  /** The primary. */
  client: Client;
  /** The read replica, when there is one. */
  replica?: Client;
  /** The edge's internal events socket. */
  internalPort: number;
  log: (line: string) => void;
}

export function startEventsRelay(options: EventsRelayOptions): { stop: () => void } {
  const primary = hostServices(options.client);
  const services = { ...primary, readDb: options.replica ? hostServices(options.replica).db : undefined };
  let after: number | undefined;
  let stopped = false;
  let lastPrune = 0;
  let failing = false;
  let timer: NodeJS.Timeout | undefined;

  const relayOnce = async () => {
    after ??= await outboxPosition(primary);
    for (;;) {
      const events = await eventsFromOtherEdges(services, options.origin, after);
      for (const event of events) {
        const response = await fetch(
          `http://127.0.0.1:${options.internalPort}/internal/publish/${encodeURIComponent(event.userId)}`,
          { method: "POST", body: event.event },
        );
        await response.body?.cancel();
        after = event.id;
      }
      if (events.length === 0) break;
    }
    if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
      lastPrune = Date.now();
      // A write: it waits while the primary is down; relaying from the replica goes on.
      await pruneOutbox(primary).catch(() => {});
    }
  };

  const loop = async () => {
    try {
      await relayOnce();
      if (failing) options.log("events relay: working again");
      failing = false;
    } catch (error) {
      // The database or the edge is down or restarting: try again, say so once.
      if (!failing) options.log(`events relay: ${(error as Error).message}; retrying`);
      failing = true;
    }
    if (!stopped) timer = setTimeout(loop, RELAY_POLL_MS);
  };
  void loop();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
