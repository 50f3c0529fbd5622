/**
 * The UserEvents Durable Object: one per user, a hub that fans events out to that user's open
 * Server-Sent Events streams (every tab, every device). Events are not stored: a client that
 * reconnects re-reads state from the API, as the web app does on `open`.
 *
 * A stream whose client has gone is only noticed when a write fails, so every stream gets a
 * heartbeat comment; without it dead streams pile up and workerd's shutdown waits on them.
 *
 * Publishing never waits for a stream: a write resolves only once the reader downstream takes it,
 * and a stream nobody reads any more (a tab navigated away, whose departure workerd did not pass
 * on) then held every later publish, and with it the request that published: a user's archive
 * or upload hung for good. Each stream gets its events queued instead; one that falls
 * MAX_BEHIND events behind is closed, and its tab reconnects and reads afresh, as on any reconnect.
 */
import { DurableObject } from "cloudflare:workers";
import type { EventsBindings } from "../lib/env";

const HEARTBEAT_MS = 15_000;
/** Events queued for a stream that has not taken them, after which it is closed. */
export const MAX_BEHIND = 256;
const encoder = new TextEncoder();

interface Subscriber {
  writer: WritableStreamDefaultWriter<Uint8Array>;
  heartbeat: ReturnType<typeof setInterval>;
  /** Writes not yet taken by the stream's reader. */
  behind: number;
}

export class UserEvents extends DurableObject<EventsBindings> {
  private subscribers = new Set<Subscriber>();

  override async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/subscribe") return this.subscribe(request);
    if (url.pathname === "/publish" && request.method === "POST") {
      const event = JSON.parse(await request.text()) as { type: string };
      const delivered = this.broadcast(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      return Response.json({ delivered });
    }
    return new Response("not found", { status: 404 });
  }

  private subscribe(request: Request): Response {
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    const writer = writable.getWriter();
    const subscriber: Subscriber = {
      writer,
      heartbeat: setInterval(() => this.send(subscriber, ": heartbeat\n\n"), HEARTBEAT_MS),
      behind: 0,
    };
    this.subscribers.add(subscriber);
    request.signal.addEventListener("abort", () => this.drop(subscriber));
    // `retry` tells EventSource how soon to reconnect; the comment opens the stream at once.
    this.send(subscriber, "retry: 3000\n: connected\n\n");
    return new Response(readable, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        "x-accel-buffering": "no",
      },
    });
  }

  /** Queues `text` on the stream without waiting for it; false when the stream is gone or too far behind. */
  private send(subscriber: Subscriber, text: string): boolean {
    if (subscriber.behind >= MAX_BEHIND) {
      this.drop(subscriber);
      return false;
    }
    subscriber.behind++;
    subscriber.writer.write(encoder.encode(text)).then(
      () => void subscriber.behind--,
      () => this.drop(subscriber),
    );
    return true;
  }

  private drop(subscriber: Subscriber): void {
    if (!this.subscribers.delete(subscriber)) return;
    clearInterval(subscriber.heartbeat);
    subscriber.writer.abort().catch(() => {});
  }

  private broadcast(text: string): number {
    return [...this.subscribers].filter((s) => this.send(s, text)).length;
  }
}
