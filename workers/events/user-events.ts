/**
 * The UserEvents Durable Object: one per user, a hub that fans events out to that user's open
 * Server-Sent Events streams (every tab, every device). Events are not stored: a client that
 * reconnects re-reads state from the API, as the web app does on `open`.
 *
 * A stream whose client has gone is only noticed when a write fails, so every stream gets a
 * heartbeat comment; without it dead streams pile up and workerd's shutdown waits on them.
 */
import { DurableObject } from "cloudflare:workers";
import type { EventsBindings } from "../lib/env";

const HEARTBEAT_MS = 15_000;
const encoder = new TextEncoder();

interface Subscriber {
  writer: WritableStreamDefaultWriter<Uint8Array>;
  heartbeat: ReturnType<typeof setInterval>;
}

export class UserEvents extends DurableObject<EventsBindings> {
  private subscribers = new Set<Subscriber>();

  override async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/subscribe") return this.subscribe(request);
    if (url.pathname === "/publish" && request.method === "POST") {
      const event = JSON.parse(await request.text()) as { type: string };
      const delivered = await this.broadcast(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      return Response.json({ delivered });
    }
    return new Response("not found", { status: 404 });
  }

  private subscribe(request: Request): Response {
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    const writer = writable.getWriter();
    const subscriber: Subscriber = {
      writer,
      heartbeat: setInterval(() => void this.send(subscriber, ": heartbeat\n\n"), HEARTBEAT_MS),
    };
    this.subscribers.add(subscriber);
    request.signal.addEventListener("abort", () => this.drop(subscriber));
    // `retry` tells EventSource how soon to reconnect; the comment opens the stream at once.
    void this.send(subscriber, "retry: 3000\n: connected\n\n");
    return new Response(readable, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        "x-accel-buffering": "no",
      },
    });
  }

  private async send(subscriber: Subscriber, text: string): Promise<boolean> {
    try {
      await subscriber.writer.write(encoder.encode(text));
      return true;
    } catch {
      this.drop(subscriber);
      return false;
    }
  }

  private drop(subscriber: Subscriber): void {
    if (!this.subscribers.delete(subscriber)) return;
    clearInterval(subscriber.heartbeat);
    subscriber.writer.abort().catch(() => {});
  }

  private async broadcast(text: string): Promise<number> {
    const results = await Promise.all([...this.subscribers].map((s) => this.send(s, text)));
    return results.filter(Boolean).length;
  }
}
