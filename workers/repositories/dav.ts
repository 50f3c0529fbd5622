/** Queries on WebDAV dead properties and locks: rows in, rows out. */
import { and, eq, gt, inArray, lte, or, sql } from "drizzle-orm";
import { schema, type Database } from "./database";

const { davProperties, davLocks, files } = schema;

export type DavPropertyRow = typeof davProperties.$inferSelect;
export type DavLockRow = typeof davLocks.$inferSelect;

export async function propertiesOf(db: Database, fileIds: string[]): Promise<DavPropertyRow[]> {
  if (fileIds.length === 0) return [];
  const rows: DavPropertyRow[] = [];
  for (let i = 0; i < fileIds.length; i += 500)
    rows.push(
      ...(await db
        .select()
        .from(davProperties)
        .where(inArray(davProperties.fileId, fileIds.slice(i, i + 500)))),
    );
  return rows;
}

/** Sets and removes properties of one item, all at once (PROPPATCH is atomic). */
export async function changeProperties(
  db: Database,
  fileId: string,
  set: { name: string; value: string }[],
  remove: string[],
): Promise<void> {
  const statements = [
    ...remove.map((name) =>
      db.delete(davProperties).where(and(eq(davProperties.fileId, fileId), eq(davProperties.name, name))),
    ),
    ...set.map((p) =>
      db
        .insert(davProperties)
        .values({ fileId, name: p.name, value: p.value })
        .onConflictDoUpdate({ target: [davProperties.fileId, davProperties.name], set: { value: p.value } }),
    ),
  ];
  if (statements.length === 0) return;
  await db.batch(statements as [(typeof statements)[0], ...typeof statements]);
}

/**
 * Copies the properties of `fromId` and everything under it onto the copies, given as pairs of
 * (original id, copy id).
 */
export async function copyProperties(db: Database, pairs: { from: string; to: string }[]): Promise<void> {
  for (const { from, to } of pairs)
    await db.run(
      sql`INSERT OR REPLACE INTO dav_properties (file_id, name, value) SELECT ${to}, name, value FROM dav_properties WHERE file_id = ${from}`,
    );
}

/** Live children of a folder as (name, id) pairs, for pairing copies with their originals. */
export async function childNames(
  db: Database,
  ownerId: string,
  parentId: string,
): Promise<{ id: string; name: string; kind: string }[]> {
  return db
    .select({ id: files.id, name: files.name, kind: files.kind })
    .from(files)
    .where(and(eq(files.ownerId, ownerId), eq(files.parentId, parentId), sql`${files.trashedAt} is null`));
}

/** Live locks on `path`, on its ancestors (infinity locks) or, when `withDescendants`, below it. */
export async function locksAffecting(
  db: Database,
  ownerId: string,
  path: string,
  now: number,
  withDescendants: boolean,
): Promise<DavLockRow[]> {
  const ancestors = ancestorsOf(path);
  const conditions = [eq(davLocks.path, path), and(inArray(davLocks.path, ancestors), eq(davLocks.depth, "infinity"))];
  if (withDescendants) conditions.push(below(path));
  return db
    .select()
    .from(davLocks)
    .where(and(eq(davLocks.ownerId, ownerId), gt(davLocks.expiresAt, now), or(...conditions)));
}

/** Lock paths strictly below `path` (LIKE wildcards in names escaped). */
function below(path: string) {
  const prefix = path === "/" ? "/" : `${path}/`;
  const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql`${davLocks.path} like ${pattern} escape '\\'`;
}

/** "/a/b/c" → ["/", "/a", "/a/b"] (the root is "/"). */
function ancestorsOf(path: string): string[] {
  const parts = path.split("/").filter(Boolean);
  const out = ["/"];
  for (let i = 1; i < parts.length; i++) out.push("/" + parts.slice(0, i).join("/"));
  return path === "/" ? [] : out;
}

export async function insertLock(db: Database, row: DavLockRow): Promise<void> {
  await db.insert(davLocks).values(row);
}

export async function findLock(
  db: Database,
  ownerId: string,
  token: string,
  now: number,
): Promise<DavLockRow | undefined> {
  const [row] = await db
    .select()
    .from(davLocks)
    .where(and(eq(davLocks.token, token), eq(davLocks.ownerId, ownerId), gt(davLocks.expiresAt, now)))
    .limit(1);
  return row;
}

export async function refreshLock(
  db: Database,
  token: string,
  timeoutSeconds: number,
  expiresAt: number,
): Promise<void> {
  await db.update(davLocks).set({ timeoutSeconds, expiresAt }).where(eq(davLocks.token, token));
}

export async function deleteLock(db: Database, ownerId: string, token: string): Promise<boolean> {
  const rows = await db
    .delete(davLocks)
    .where(and(eq(davLocks.token, token), eq(davLocks.ownerId, ownerId)))
    .returning({ token: davLocks.token });
  return rows.length > 0;
}

/** Removes the locks on a path and below (the resource was deleted or moved away). */
export async function deleteLocksAt(db: Database, ownerId: string, path: string): Promise<void> {
  await db.delete(davLocks).where(and(eq(davLocks.ownerId, ownerId), or(eq(davLocks.path, path), below(path))));
}

/** Forgets expired locks (called now and then, so the table stays small). */
export async function deleteExpiredLocks(db: Database, now: number): Promise<void> {
  await db.delete(davLocks).where(lte(davLocks.expiresAt, now));
}
