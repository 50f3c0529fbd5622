/**
 * Albums' queries: albums, their photos (album_items) and the household members they are shared
 * with (album_members). Who may do what is core/albums.ts. Every read of an album's photos joins
 * live files, so a trashed photo is hidden and comes back on restore; purged files, deleted
 * albums and deleted accounts clean up after themselves by triggers (migration 0011_albums).
 */
import { and, asc, eq, gt, inArray, isNotNull, isNull, ne, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { schema, type Database } from "./database";
import type { ItemRow } from "./files";

const { albums, albumItems, albumMembers, files, blobs, media, users } = schema;

export type AlbumRow = typeof albums.$inferSelect;
export type AlbumRole = (typeof albumMembers.$inferSelect)["role"];

/** A position in an album, oldest taken first: items strictly after it come next. */
export interface AlbumKey {
  sortAt: number;
  id: string;
}

const liveItem = and(eq(files.id, albumItems.fileId), isNull(files.trashedAt), isNotNull(files.sortAt));

export async function insertAlbum(db: Database, row: AlbumRow): Promise<void> {
  await db.insert(albums).values(row);
}

/** The album with the caller's role in it ("owner", a member's role), or undefined when they have none. */
export async function findAlbumFor(
  db: Database,
  albumId: string,
  userId: string,
): Promise<{ album: AlbumRow; role: "owner" | AlbumRole } | undefined> {
  const [row] = await db
    .select({ album: albums, role: albumMembers.role })
    .from(albums)
    .leftJoin(albumMembers, and(eq(albumMembers.albumId, albums.id), eq(albumMembers.userId, userId)))
    .where(eq(albums.id, albumId))
    .limit(1);
  if (!row) return undefined;
  if (row.album.ownerId === userId) return { album: row.album, role: "owner" };
  return row.role ? { album: row.album, role: row.role } : undefined;
}

/** The albums a user owns and those shared with them, with their owners' names. */
export async function listAlbumsOf(
  db: Database,
  userId: string,
): Promise<{ album: AlbumRow; ownerName: string | null; role: "owner" | AlbumRole }[]> {
  const rows = await db
    .select({ album: albums, ownerName: users.name, role: albumMembers.role })
    .from(albums)
    .leftJoin(users, eq(users.id, albums.ownerId))
    .leftJoin(albumMembers, and(eq(albumMembers.albumId, albums.id), eq(albumMembers.userId, userId)))
    .where(or(eq(albums.ownerId, userId), isNotNull(albumMembers.userId)))
    .orderBy(sql`${albums.updatedAt} desc`, albums.id);
  return rows.map((r) => ({ ...r, role: r.album.ownerId === userId ? "owner" : r.role! }));
}

export interface AlbumStats {
  albumId: string;
  count: number;
  from: number | null;
  to: number | null;
  /** The newest photo (the default cover). */
  newestId: string | null;
  /** The chosen cover when it is still a live item of the album. */
  coverId: string | null;
  memberCount: number;
}

/** Counts, date ranges, covers and member counts of these albums (live photos only). */
export async function albumStats(db: Database, albumIds: string[]): Promise<Map<string, AlbumStats>> {
  const stats = new Map<string, AlbumStats>();
  if (albumIds.length === 0) return stats;
  for (const id of albumIds)
    stats.set(id, { albumId: id, count: 0, from: null, to: null, newestId: null, coverId: null, memberCount: 0 });
  const counted = await db
    .select({
      albumId: albumItems.albumId,
      count: sql<number>`count(*)`,
      from: sql<number | null>`min(${files.sortAt})`,
      to: sql<number | null>`max(${files.sortAt})`,
      newestId: sql<string | null>`(select i2.file_id from album_items i2 join files f2 on f2.id = i2.file_id
        and f2.trashed_at is null and f2.sort_at is not null where i2.album_id = ${albumItems.albumId}
        order by f2.sort_at desc, f2.id desc limit 1)`,
      coverId: sql<
        string | null
      >`max(case when ${files.id} = (select ${albums.coverFileId} from ${albums} where ${albums.id} = ${albumItems.albumId}) then ${files.id} end)`,
    })
    .from(albumItems)
    .innerJoin(files, liveItem)
    .where(inArray(albumItems.albumId, albumIds))
    .groupBy(albumItems.albumId);
  for (const row of counted) Object.assign(stats.get(row.albumId)!, row, { count: Number(row.count) });
  const members = await db
    .select({ albumId: albumMembers.albumId, count: sql<number>`count(*)` })
    .from(albumMembers)
    .where(inArray(albumMembers.albumId, albumIds))
    .groupBy(albumMembers.albumId);
  for (const row of members) stats.get(row.albumId)!.memberCount = Number(row.count);
  return stats;
}

/** The placeholder and thumbnails of these files (album covers). */
export async function coverMedia(
  db: Database,
  fileIds: string[],
): Promise<Map<string, { thumbhash: string | null; placeholderColour: string | null; thumbnails: string }>> {
  if (fileIds.length === 0) return new Map();
  const rows = await db
    .select({
      id: files.id,
      thumbhash: media.thumbhash,
      placeholderColour: media.placeholderColour,
      thumbnails: media.thumbnails,
    })
    .from(files)
    .leftJoin(media, eq(media.blobId, files.blobId))
    .where(inArray(files.id, fileIds));
  return new Map(rows.map((r) => [r.id, { ...r, thumbnails: r.thumbnails ?? "" }]));
}

export type AlbumItemRow = ItemRow & { addedBy: string; addedByName: string | null; addedAt: number };

const addedByUser = alias(users, "added_by_user");

function selectAlbumItems(db: Database) {
  return db
    .select({
      file: files,
      blob: blobs,
      media,
      addedBy: albumItems.addedBy,
      addedByName: addedByUser.name,
      addedAt: albumItems.addedAt,
    })
    .from(albumItems)
    .innerJoin(files, liveItem)
    .leftJoin(blobs, eq(blobs.id, files.blobId))
    .leftJoin(media, eq(media.blobId, files.blobId))
    .leftJoin(addedByUser, eq(addedByUser.id, albumItems.addedBy));
}

/** A page of the album's live photos, oldest taken first (then by id). */
export async function listAlbumItems(
  db: Database,
  albumId: string,
  page: { after?: AlbumKey; limit: number },
): Promise<AlbumItemRow[]> {
  const after = page.after;
  const cursor = after
    ? or(gt(files.sortAt, after.sortAt), and(eq(files.sortAt, after.sortAt), gt(files.id, after.id)))
    : undefined;
  return selectAlbumItems(db)
    .where(and(eq(albumItems.albumId, albumId), cursor))
    .orderBy(asc(files.sortAt), asc(files.id))
    .limit(page.limit);
}

/** One live photo of the album, or undefined when it is not in it (or trashed). */
export async function findAlbumItem(db: Database, albumId: string, fileId: string): Promise<AlbumItemRow | undefined> {
  const [row] = await selectAlbumItems(db)
    .where(and(eq(albumItems.albumId, albumId), eq(albumItems.fileId, fileId)))
    .limit(1);
  return row;
}

/** Which of these files are in the album (trashed ones too), and who added each. */
export async function itemsIn(
  db: Database,
  albumId: string,
  fileIds: string[],
): Promise<{ fileId: string; addedBy: string }[]> {
  if (fileIds.length === 0) return [];
  return db
    .select({ fileId: albumItems.fileId, addedBy: albumItems.addedBy })
    .from(albumItems)
    .where(and(eq(albumItems.albumId, albumId), inArray(albumItems.fileId, fileIds)));
}

/**
 * The owner's live photos and videos among these ids, read by primary key (`+owner_id`: without
 * it SQLite walks every file of the owner through the owner's index).
 */
export async function ownedLivePhotos(db: Database, ownerId: string, fileIds: string[]): Promise<string[]> {
  if (fileIds.length === 0) return [];
  const rows = await db
    .select({ id: files.id })
    .from(files)
    .where(
      and(
        inArray(files.id, fileIds),
        sql`+${files.ownerId} = ${ownerId}`,
        isNull(files.trashedAt),
        eq(files.kind, "file"),
        isNotNull(files.sortAt),
      ),
    );
  return rows.map((r) => r.id);
}

/** Adds photos (those already in are left as they are); returns how many went in. */
export async function insertItems(
  db: Database,
  albumId: string,
  fileIds: string[],
  addedBy: string,
  now: number,
): Promise<number> {
  if (fileIds.length === 0) return 0;
  const rows = await db
    .insert(albumItems)
    .values(fileIds.map((fileId) => ({ albumId, fileId, addedBy, addedAt: now })))
    .onConflictDoNothing()
    .returning({ fileId: albumItems.fileId });
  return rows.length;
}

/** Takes photos out of the album; returns how many were in it. */
export async function deleteItems(db: Database, albumId: string, fileIds: string[]): Promise<number> {
  if (fileIds.length === 0) return 0;
  const rows = await db
    .delete(albumItems)
    .where(and(eq(albumItems.albumId, albumId), inArray(albumItems.fileId, fileIds)))
    .returning({ fileId: albumItems.fileId });
  return rows.length;
}

/** Takes out everything one person added (someone leaving an album takes their photos with them). */
export async function deleteItemsAddedBy(db: Database, albumId: string, userId: string): Promise<void> {
  await db.delete(albumItems).where(and(eq(albumItems.albumId, albumId), eq(albumItems.addedBy, userId)));
}

export async function updateAlbum(
  db: Database,
  id: string,
  patch: Partial<Pick<AlbumRow, "name" | "coverFileId" | "updatedAt">>,
): Promise<void> {
  await db.update(albums).set(patch).where(eq(albums.id, id));
}

/** Deletes the album; its items, members and links go with it (trigger `albums_deleted`), its photos stay. */
export async function deleteAlbum(db: Database, id: string): Promise<void> {
  await db.delete(albums).where(eq(albums.id, id));
}

/** The album's members with their names, by name. */
export async function listMembers(
  db: Database,
  albumId: string,
): Promise<{ userId: string; name: string; role: AlbumRole }[]> {
  return db
    .select({ userId: albumMembers.userId, name: users.name, role: albumMembers.role })
    .from(albumMembers)
    .innerJoin(users, eq(users.id, albumMembers.userId))
    .where(eq(albumMembers.albumId, albumId))
    .orderBy(sql`lower(${users.name})`);
}

/** Adds a member or changes their role. */
export async function upsertMember(
  db: Database,
  albumId: string,
  userId: string,
  role: AlbumRole,
  now: number,
): Promise<void> {
  await db
    .insert(albumMembers)
    .values({ albumId, userId, role, addedAt: now })
    .onConflictDoUpdate({ target: [albumMembers.albumId, albumMembers.userId], set: { role } });
}

/** Removes a member; false when they were not one. */
export async function deleteMember(db: Database, albumId: string, userId: string): Promise<boolean> {
  const rows = await db
    .delete(albumMembers)
    .where(and(eq(albumMembers.albumId, albumId), eq(albumMembers.userId, userId)))
    .returning({ userId: albumMembers.userId });
  return rows.length > 0;
}

/** The active household members other than `exceptUserId`, by name (names only, never emails). */
export async function listPeople(db: Database, exceptUserId: string): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(ne(users.id, exceptUserId), isNull(users.disabledAt)))
    .orderBy(sql`lower(${users.name})`);
}

/** An active user by id (to add as a member). */
export async function findActivePerson(db: Database, id: string): Promise<{ id: string; name: string } | undefined> {
  const [row] = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.id, id), isNull(users.disabledAt)))
    .limit(1);
  return row;
}

/** Every photo of the album, oldest first, for a ZIP or a public page. */
export function listAllAlbumItems(db: Database, albumId: string, limit: number): Promise<AlbumItemRow[]> {
  return listAlbumItems(db, albumId, { limit });
}

/** A user's display name, or null when the account is gone. */
export async function personName(db: Database, id: string): Promise<string | null> {
  const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, id)).limit(1);
  return row?.name ?? null;
}
