/**
 * Uploads take turns: at most MAX_ACTIVE file bodies are received at once in the upload isolate,
 * the others wait their turn (first come, first served) before a byte of theirs is read. The CPU
 * an upload needs (receiving, hashing, writing, its database work) is the same either way, and so
 * is the time a batch of uploads takes; what changes is everything else. With 50 bodies in flight,
 * a folder listing or a page of the timeline queued behind all of their work at every step and
 * took over a second (tests/load); with a few at a time it waits behind a few.
 *
 * Nothing here can hold an upload back for ever: workerd may drop a request whose client left
 * without running its `finally`, so a turn not seen for a while is taken back (a turn is kept by
 * the request's own timers, never by a promise another request resolves, which workerd refuses).
 */
import type { MiddlewareHandler } from "hono";

/** Bodies received at once. */
export const MAX_ACTIVE_UPLOADS = 8;
/** How often a waiting upload looks again (ms). */
const POLL_MS = 20;
/** A waiting request not seen for this long has gone (ms). */
const WAITER_GONE_MS = 5_000;
/** An upload whose request never said it finished is taken as done after this long (ms). */
const ACTIVE_GONE_MS = 30_000;

interface Turn {
  seen: number;
}

const active = new Set<Turn>();
const waiting: Turn[] = [];

function forgetGone(now: number): void {
  for (const turn of active) if (now - turn.seen > ACTIVE_GONE_MS) active.delete(turn);
  for (let i = waiting.length - 1; i >= 0; i--) if (now - waiting[i]!.seen > WAITER_GONE_MS) waiting.splice(i, 1);
}

/** Waits for this request's turn; resolves with the function that ends it. */
export async function takeUploadTurn(): Promise<() => void> {
  const turn: Turn = { seen: Date.now() };
  waiting.push(turn);
  for (;;) {
    const now = Date.now();
    turn.seen = now;
    forgetGone(now);
    const place = waiting.indexOf(turn);
    if (place < 0)
      waiting.push(turn); // taken for gone while this isolate was busy: back in line
    else if (place < MAX_ACTIVE_UPLOADS - active.size) {
      waiting.splice(place, 1);
      active.add(turn);
      // A long upload keeps its turn while its body flows.
      const alive = setInterval(() => (turn.seen = Date.now()), ACTIVE_GONE_MS / 3);
      return () => {
        clearInterval(alive);
        active.delete(turn);
      };
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Requests that carry file bytes wait for their turn (see above); every other request goes at once. */
export const uploadTurns: MiddlewareHandler = async (c, next) => {
  const method = c.req.method;
  if (method !== "PUT" && method !== "PATCH" && method !== "POST") return next();
  const done = await takeUploadTurn();
  try {
    await next();
  } finally {
    done();
  }
};
