/**
 * The events isolate. It owns the UserEvents Durable Object class; its own fetch handler is served
 * only on the edge process's loopback-only internal socket, where media processes publish
 * progress: `POST /internal/publish/<userId>` with a HearthEvent as the JSON body.
 */
import type { EventsBindings } from "../lib/env";

export { UserEvents } from "./user-events";

export default {
  async fetch(request: Request, env: EventsBindings): Promise<Response> {
    const match = /^\/internal\/publish\/([^/]+)$/.exec(new URL(request.url).pathname);
    if (!match || request.method !== "POST") return new Response("not found", { status: 404 });
    const userId = decodeURIComponent(match[1]!);
    const stub = env.USER_EVENTS.get(env.USER_EVENTS.idFromName(userId));
    return stub.fetch("http://user-events/publish", { method: "POST", body: request.body });
  },
} satisfies ExportedHandler<EventsBindings>;
