/** The events outbox's rows (db/schema.ts `eventsOutbox`): what one edge raised, for the others. */
import { and, asc, desc, gt, lt, ne } from "drizzle-orm";
import { schema, type Database } from "./database";

const { eventsOutbox } = schema;

export type OutboxRow = typeof eventsOutbox.$inferSelect;

export async function insertOutboxEvent(
  db: Database,
  row: { userId: string; origin: string; event: string; createdAt: number },
): Promise<void> {
  await db.insert(eventsOutbox).values(row);
}

/** Rows after `afterId` raised by another Hearth than `origin`, oldest first. */
export async function outboxEventsAfter(
  db: Database,
  afterId: number,
  origin: string,
  limit: number,
): Promise<OutboxRow[]> {
  return db
    .select()
    .from(eventsOutbox)
    .where(and(gt(eventsOutbox.id, afterId), ne(eventsOutbox.origin, origin)))
    .orderBy(asc(eventsOutbox.id))
    .limit(limit);
}

/** The newest row's id (0 when empty): where a relay that starts now begins. */
export async function newestOutboxId(db: Database): Promise<number> {
  const [newest] = await db.select({ id: eventsOutbox.id }).from(eventsOutbox).orderBy(desc(eventsOutbox.id)).limit(1);
  return newest?.id ?? 0;
}

export async function deleteOutboxEventsBefore(db: Database, before: number): Promise<void> {
  await db.delete(eventsOutbox).where(lt(eventsOutbox.createdAt, before));
}
