/** Publishing events to a user's open event streams through the Progress Durable Object. */
import type { HearthEvent } from "@hearth/contract";

/** Where an event goes: a Durable Object namespace (edge isolates) or the edge's internal socket (media). */
export type ProgressTarget = { namespace: DurableObjectNamespace } | { internal: Fetcher };

/** Never throws: a lost progress event must not fail the work it reports on. */
export async function publishEvent(target: ProgressTarget, userId: string, event: HearthEvent): Promise<void> {
  const body = JSON.stringify(event);
  try {
    const response =
      "namespace" in target
        ? await target.namespace.get(target.namespace.idFromName(userId)).fetch("http://progress/publish", { method: "POST", body })
        : await target.internal.fetch(`http://edge/internal/publish/${encodeURIComponent(userId)}`, { method: "POST", body });
    await response.body?.cancel();
  } catch (error) {
    console.warn(`progress event ${event.type} for ${userId} not delivered:`, error);
  }
}
