/**
 * Partner sharing's queries: the shares (partner_shares, partner_share_folders) and the reads of a
 * share limited to folders. Such a share never walks the photos through the folder tree: the
 * chosen folders' subtree is resolved (folders only, through files_children_name_idx), then
 * `files_photos_folder_idx` (parent_id, sort_at, id) is read one range per folder, and month counts
 * come from `photo_folder_months` (migration 0013_partners). Who may see what is core/partners.ts.
 */
import { and, eq, inArray, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import { schema, type Database } from "./database";
import type { ItemRow } from "./files";
import type { TimelineKey } from "./photos";

const { partnerShares, partnerShareFolders, files, blobs, media, users } = schema;

export type PartnerShareRow = typeof partnerShares.$inferSelect;

/** A share with the other person's name (the partner's for shares given, the owner's for those received). */
export interface PartnerShareWithPerson {
  share: PartnerShareRow;
  personId: string;
  personName: string;
  /** The folders it is limited to (ids; empty for a share of the whole library). */
  folderIds: string[];
}

// The share's folder ids in the same read (one round trip per request, not two).
const folderIdsJson = sql<string>`(SELECT json_group_array(${partnerShareFolders.folderId}) FROM ${partnerShareFolders}
  WHERE ${partnerShareFolders.ownerId} = ${partnerShares.ownerId} AND ${partnerShareFolders.partnerId} = ${partnerShares.partnerId})`;

const withFolderIds = <T extends { folderIds: string }>(row: T) => ({
  ...row,
  folderIds: JSON.parse(row.folderIds) as string[],
});

/** Instants far outside any photo's date: the open ends of a range. */
export const EARLIEST = -8.64e15;
export const LATEST = 8.64e15;

/** The share from `ownerId` to `partnerId` with the owner's name, while the owner's account is active. */
export async function findShare(
  db: Database,
  ownerId: string,
  partnerId: string,
): Promise<PartnerShareWithPerson | undefined> {
  const [row] = await db
    .select({ share: partnerShares, personId: users.id, personName: users.name, folderIds: folderIdsJson })
    .from(partnerShares)
    .innerJoin(users, and(eq(users.id, partnerShares.ownerId), isNull(users.disabledAt)))
    .where(and(eq(partnerShares.ownerId, ownerId), eq(partnerShares.partnerId, partnerId)))
    .limit(1);
  return row && withFolderIds(row);
}

/** The shares a user gives, with the partners' names. */
export async function sharesGivenBy(db: Database, ownerId: string): Promise<PartnerShareWithPerson[]> {
  const rows = await db
    .select({ share: partnerShares, personId: users.id, personName: users.name, folderIds: folderIdsJson })
    .from(partnerShares)
    .innerJoin(users, eq(users.id, partnerShares.partnerId))
    .where(eq(partnerShares.ownerId, ownerId))
    .orderBy(sql`lower(${users.name})`);
  return rows.map(withFolderIds);
}

/** The shares a user receives from active accounts, with the owners' names. */
export async function sharesReceivedBy(db: Database, partnerId: string): Promise<PartnerShareWithPerson[]> {
  const rows = await db
    .select({ share: partnerShares, personId: users.id, personName: users.name, folderIds: folderIdsJson })
    .from(partnerShares)
    .innerJoin(users, and(eq(users.id, partnerShares.ownerId), isNull(users.disabledAt)))
    .where(eq(partnerShares.partnerId, partnerId))
    .orderBy(sql`lower(${users.name})`);
  return rows.map(withFolderIds);
}

/** The folders of these shares with their names (trashed ones too: `trashed` says so). */
export async function foldersOfShares(
  db: Database,
  shares: { ownerId: string; partnerId: string }[],
): Promise<{ ownerId: string; partnerId: string; id: string; name: string; trashed: boolean }[]> {
  if (shares.length === 0) return [];
  const rows = await db
    .select({
      ownerId: partnerShareFolders.ownerId,
      partnerId: partnerShareFolders.partnerId,
      id: files.id,
      name: files.name,
      trashedAt: files.trashedAt,
    })
    .from(partnerShareFolders)
    .innerJoin(files, eq(files.id, partnerShareFolders.folderId))
    .where(
      or(
        ...shares.map((s) =>
          and(eq(partnerShareFolders.ownerId, s.ownerId), eq(partnerShareFolders.partnerId, s.partnerId)),
        ),
      ),
    )
    .orderBy(sql`lower(${files.name})`);
  return rows.map(({ trashedAt, ...rest }) => ({ ...rest, trashed: trashedAt !== null }));
}

/** Which of these ids are live folders of the owner. */
export async function liveFolderIds(db: Database, ownerId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: files.id })
    .from(files)
    .where(and(inArray(files.id, ids), eq(files.ownerId, ownerId), eq(files.kind, "folder"), isNull(files.trashedAt)));
  return rows.map((r) => r.id);
}

/**
 * Creates the share or changes its date and folders, in one transaction; the partner's
 * show-in-timeline choice survives a change.
 */
export async function putShare(
  db: Database,
  share: { ownerId: string; partnerId: string; fromAt: number | null; folderIds: string[] | null; now: number },
): Promise<void> {
  const { ownerId, partnerId, fromAt, folderIds, now } = share;
  const limitedToFolders = folderIds !== null;
  const ofShare = and(eq(partnerShareFolders.ownerId, ownerId), eq(partnerShareFolders.partnerId, partnerId));
  await db.batch([
    db
      .insert(partnerShares)
      .values({ ownerId, partnerId, fromAt, limitedToFolders, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: [partnerShares.ownerId, partnerShares.partnerId],
        set: { fromAt, limitedToFolders, updatedAt: now },
      }),
    db.delete(partnerShareFolders).where(ofShare),
    ...(folderIds ?? []).map((folderId) => db.insert(partnerShareFolders).values({ ownerId, partnerId, folderId })),
  ]);
}

/** Ends a share; false when there was none. */
export async function deleteShare(db: Database, ownerId: string, partnerId: string): Promise<boolean> {
  const [deleted] = await db.batch([
    db
      .delete(partnerShares)
      .where(and(eq(partnerShares.ownerId, ownerId), eq(partnerShares.partnerId, partnerId)))
      .returning({ ownerId: partnerShares.ownerId }),
    db
      .delete(partnerShareFolders)
      .where(and(eq(partnerShareFolders.ownerId, ownerId), eq(partnerShareFolders.partnerId, partnerId))),
  ]);
  return deleted.length > 0;
}

/** The partner's choice for a share they receive; false when there is no such share. */
export async function setShowInTimeline(
  db: Database,
  ownerId: string,
  partnerId: string,
  show: boolean,
): Promise<boolean> {
  const rows = await db
    .update(partnerShares)
    .set({ showInTimeline: show })
    .where(and(eq(partnerShares.ownerId, ownerId), eq(partnerShares.partnerId, partnerId)))
    .returning({ ownerId: partnerShares.ownerId });
  return rows.length > 0;
}

/** A live photo or video (anyone's) by id, with its blob and media rows. */
export async function findLivePhoto(db: Database, id: string): Promise<ItemRow | undefined> {
  const [row] = await db
    .select({ file: files, blob: blobs, media })
    .from(files)
    .leftJoin(blobs, eq(blobs.id, files.blobId))
    .leftJoin(media, eq(media.blobId, files.blobId))
    .where(and(eq(files.id, id), isNull(files.trashedAt), eq(files.kind, "file"), isNotNull(files.sortAt)))
    .limit(1);
  return row;
}

/** Photos by id with their blob and media rows, in no particular order. */
export async function itemsByIds(db: Database, ids: string[]): Promise<ItemRow[]> {
  if (ids.length === 0) return [];
  return db
    .select({ file: files, blob: blobs, media })
    .from(files)
    .leftJoin(blobs, eq(blobs.id, files.blobId))
    .leftJoin(media, eq(media.blobId, files.blobId))
    .where(inArray(files.id, ids));
}

/** How many of the owner's timeline photos lie in [from, to): at most a month's, read from the timeline index. */
export async function countOwnerPhotos(db: Database, ownerId: string, from: number, to: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(files)
    .where(
      and(
        eq(files.ownerId, ownerId),
        isNull(files.trashedAt),
        eq(files.kind, "file"),
        isNull(files.archivedAt),
        sql`${files.sortAt} >= ${from}`,
        sql`${files.sortAt} < ${to}`,
      ),
    );
  return Number(row?.n ?? 0);
}

/**
 * The live folders under (and including) the roots, as a CTE `tree(id)`. It walks folders only,
 * through files_children_name_idx (owner, parent_key, kind, ...): its cost is the number of
 * folders, never of photos. Both are forced: left to itself, SQLite 3.45 (sqld's) read each step
 * as a scan of all the owner's files by files_owner_updated_idx with the tree inside, a second
 * per step at 200,000 photos. CROSS JOIN keeps the tree the outer loop; UNION (not ALL) stops at
 * a (corrupt) cycle.
 */
function subtree(ownerId: string, rootIds: string[]): SQL {
  const list = sql.join(
    rootIds.map((id) => sql`${id}`),
    sql`, `,
  );
  return sql`WITH RECURSIVE tree(id) AS (
    SELECT id FROM files WHERE owner_id = ${ownerId} AND id IN (${list}) AND kind = 'folder' AND trashed_at IS NULL
    UNION
    SELECT f.id FROM tree CROSS JOIN files f INDEXED BY files_children_name_idx
      ON f.owner_id = ${ownerId} AND f.parent_key = tree.id AND f.kind = 'folder' AND f.trashed_at IS NULL)`;
}

/** The timeline photos under the roots per month, newest month first: the subtree's rows of photo_folder_months. */
export async function folderMonths(
  db: Database,
  ownerId: string,
  rootIds: string[],
): Promise<{ month: string; count: number }[]> {
  if (rootIds.length === 0) return [];
  const rows = await db.all<{ month: string; count: number }>(sql`${subtree(ownerId, rootIds)}
    SELECT month, sum(count) AS count FROM photo_folder_months WHERE folder_id IN (SELECT id FROM tree)
    GROUP BY month HAVING sum(count) > 0 ORDER BY month DESC`);
  return rows.map((r) => ({ month: r.month, count: Number(r.count) }));
}

// The timeline conditions of files_photos_folder_idx, word for word (sort_at IS NOT NULL is implied
// by the range, which must be the only lower bound SQLite sees: see repositories/photos.ts).
const FOLDER_SHELF = sql`f.trashed_at IS NULL AND f.kind = 'file' AND f.archived_at IS NULL`;

/** How many timeline photos under the roots lie in [from, to): at most a month's, one index range per folder. */
export async function countFolderPhotos(
  db: Database,
  ownerId: string,
  rootIds: string[],
  from: number,
  to: number,
): Promise<number> {
  if (rootIds.length === 0) return 0;
  const [row] = await db.all<{ n: number }>(sql`${subtree(ownerId, rootIds)}
    SELECT count(*) AS n FROM files f INDEXED BY files_photos_folder_idx
    WHERE f.parent_id IN (SELECT id FROM tree) AND ${FOLDER_SHELF} AND f.sort_at >= ${from} AND f.sort_at < ${to}`);
  return Number(row?.n ?? 0);
}

export interface FolderPhotoQuery {
  /** Only photos in [lower, upper) (ms). */
  lower: number;
  upper: number;
  /** Strictly beyond this position, in the direction asked. */
  key?: TimelineKey;
  /** "older": newest first, older than `key`; "newer": oldest first, newer than `key`. */
  direction: "older" | "newer";
  limit: number;
}

/**
 * Positions of the timeline photos under the roots, in [lower, upper) and beyond `key`: each
 * folder's range of files_photos_folder_idx (covering: no table row is read), sorted together.
 * The caller bounds the range (core/partners.ts) so that it holds about a page, whatever the
 * size of the subtree.
 */
export async function folderPhotoKeys(
  db: Database,
  ownerId: string,
  rootIds: string[],
  query: FolderPhotoQuery,
): Promise<TimelineKey[]> {
  if (rootIds.length === 0 || query.lower >= query.upper) return [];
  const { key, direction } = query;
  // One lower and one upper bound on sort_at for the index range: the tighter of range and cursor.
  let lower = sql`f.sort_at >= ${query.lower}`;
  let upper = sql`f.sort_at < ${query.upper}`;
  let tie = sql``;
  if (key && direction === "older") {
    if (key.sortAt < query.upper) upper = sql`f.sort_at <= ${key.sortAt}`;
    tie = sql`AND (f.sort_at < ${key.sortAt} OR (f.sort_at = ${key.sortAt} AND f.id < ${key.id}))`;
  }
  if (key && direction === "newer") {
    if (key.sortAt >= query.lower) lower = sql`f.sort_at >= ${key.sortAt}`;
    tie = sql`AND (f.sort_at > ${key.sortAt} OR (f.sort_at = ${key.sortAt} AND f.id > ${key.id}))`;
  }
  const order = direction === "older" ? sql`f.sort_at DESC, f.id DESC` : sql`f.sort_at ASC, f.id ASC`;
  const rows = await db.all<{ id: string; sort_at: number }>(sql`${subtree(ownerId, rootIds)}
    SELECT f.id, f.sort_at FROM files f INDEXED BY files_photos_folder_idx
    WHERE f.parent_id IN (SELECT id FROM tree) AND ${FOLDER_SHELF} AND ${lower} AND ${upper} ${tie}
    ORDER BY ${order} LIMIT ${query.limit}`);
  return rows.map((r) => ({ id: r.id, sortAt: Number(r.sort_at) }));
}
