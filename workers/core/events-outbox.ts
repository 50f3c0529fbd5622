/**
 * Live events across several edges (several Hearth boxes sharing one database). Each edge has its
 * own UserEvents Durable Objects, so a tab connected to edge B hears nothing of what edge A (or a
 * media process on box A) publishes there. Chosen over edges relaying to each other: the
 * database is the one thing every edge already shares and is authorised to use, so no edge opens
 * a new port on the LAN, needs a list of its peers, or must be up when another publishes; an edge
 * that was restarted catches up on what it missed in the meantime (rows are kept a few minutes).
 *
 * An event is delivered to the publishing edge's tabs at once, as on a single box, and also
 * written to the outbox, naming its origin. Every Hearth's supervisor polls the outbox (from the
 * read replica when there is one) for rows of other origins and hands them to its own edge.
 * Cost: one INSERT per event, and one small indexed read per edge every RELAY_POLL_MS.
 */
import type { HearthEvent } from "@hearth/contract";
import type { EventSink } from "../lib/events";
import type { Database } from "../repositories/database";
import * as outbox from "../repositories/events-outbox";
import { staleTolerantDb, type Services } from "./services";

/** How often an edge's relay looks for other edges' events (ms): the extra delay they see. */
export const RELAY_POLL_MS = 250;
/** Rows older than this are removed by the relays (ms). */
export const OUTBOX_KEEP_MS = 10 * 60_000;
/** Rows handed to the edge per poll at most. */
const RELAY_BATCH = 200;

/** `local`, and every event also written to the outbox as raised by `origin` (empty: one edge only, no outbox). */
export function withOutbox(local: EventSink, db: Database, origin: string | undefined, now: () => number): EventSink {
  if (!origin) return local;
  return {
    async publish(userId: string, event: HearthEvent): Promise<void> {
      await local.publish(userId, event);
      try {
        await outbox.insertOutboxEvent(db, { userId, origin, event: JSON.stringify(event), createdAt: now() });
      } catch (error) {
        // Like a lost local event: the change it reports on stands, and tabs re-read on reconnect.
        console.warn(`event ${event.type} for ${userId} not written to the outbox:`, error);
      }
    },
  };
}

export interface RelayedEvent {
  id: number;
  userId: string;
  /** The HearthEvent's JSON, handed on as it is. */
  event: string;
}

/** Events other Hearths raised after `afterId`, oldest first (a staleness-tolerant read). */
export async function eventsFromOtherEdges(
  services: Pick<Services, "db" | "readDb">,
  origin: string,
  afterId: number,
): Promise<RelayedEvent[]> {
  const rows = await outbox.outboxEventsAfter(staleTolerantDb(services), afterId, origin, RELAY_BATCH);
  return rows.map(({ id, userId, event }) => ({ id, userId, event }));
}

/** Where a relay starting now begins: after the newest event (older ones' tabs have re-read since). */
export async function outboxPosition(services: Pick<Services, "db">): Promise<number> {
  return outbox.newestOutboxId(services.db);
}

export async function pruneOutbox(services: Pick<Services, "db" | "now">): Promise<void> {
  await outbox.deleteOutboxEventsBefore(services.db, services.now() - OUTBOX_KEEP_MS);
}
