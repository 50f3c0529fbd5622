/**
 * Albums and who may do what with them. The owner does everything; a contributor sees the album,
 * adds photos they own and removes only what they added; a viewer only sees it. Anyone else gets
 * 404 on every album route, as if it did not exist. Only the owner renames, deletes, sets the
 * cover, manages members and makes public links; a member may leave (which takes out what they
 * added: their photos were shared with the album, not given to it).
 */
import {
  ALBUM_ROLES,
  type AlbumDetail,
  type AlbumItemsResponse,
  type AlbumListResponse,
  type AlbumResponse,
  type AlbumRole,
  type AlbumSummary,
  type PeopleResponse,
} from "@hearth/contract";
import { badRequest, HttpError, notFound } from "../lib/errors";
import { newId } from "../lib/ids";
import * as repo from "../repositories/albums";
import type { AlbumItemRow, AlbumRow } from "../repositories/albums";
import { toAlbumDetail, toAlbumItem, toAlbumSummary } from "./albums-presenter";
import type { Services } from "./services";
import { decodeAfter, parseFileIds, parseLimit, parseName } from "./album-input";

export const albumNotFound = () => notFound("No such album.");
const ownerOnly = (what: string) => new HttpError(403, "owner_only", `Only the album's owner can ${what}.`);

export interface AlbumAccessRow {
  album: AlbumRow;
  role: "owner" | AlbumRole;
}

/** The album and the caller's role in it; 404 for anyone who is neither owner nor member. */
export async function albumFor(services: Services, userId: string, albumId: string): Promise<AlbumAccessRow> {
  const found = albumId.length <= 64 ? await repo.findAlbumFor(services.db, albumId, userId) : undefined;
  if (!found) throw albumNotFound();
  return found;
}

/** Every id must be a live photo or video of `userId`; else 404 (nothing says whose it is). */
export async function ownPhotos(services: Services, userId: string, fileIds: string[]): Promise<string[]> {
  const found = new Set(await repo.ownedLivePhotos(services.db, userId, fileIds));
  const missing = fileIds.filter((id) => !found.has(id));
  if (missing.length > 0)
    throw notFound(
      `No such photo or video of yours: ${missing.slice(0, 3).join(", ")}${missing.length > 3 ? "…" : ""}.`,
    );
  return fileIds;
}

/** Tells the owner and every member that the album changed (their open album pages and lists refetch). */
async function announce(services: Services, album: AlbumRow): Promise<void> {
  const members = await repo.listMembers(services.db, album.id);
  const everyone = [album.ownerId, ...members.map((m) => m.userId)];
  await Promise.all(everyone.map((id) => services.events.publish(id, { type: "album.changed", albumId: album.id })));
}

async function summaries(
  services: Services,
  rows: { album: AlbumRow; ownerName: string | null; access: AlbumSummary["access"] }[],
): Promise<AlbumSummary[]> {
  const stats = await repo.albumStats(
    services.db,
    rows.map((r) => r.album.id),
  );
  const coverIds = [...stats.values()].map((s) => s.coverId ?? s.newestId).filter((id): id is string => id !== null);
  const covers = await repo.coverMedia(services.db, coverIds);
  return rows.map((r) => {
    const s = stats.get(r.album.id);
    const coverId = s?.coverId ?? s?.newestId ?? null;
    return toAlbumSummary({
      album: r.album,
      ownerName: r.ownerName,
      access: r.access,
      stats: s,
      cover: coverId ? covers.get(coverId) : undefined,
    });
  });
}

/** One album's summary as the caller sees it. */
async function summaryOf(services: Services, found: AlbumAccessRow): Promise<AlbumSummary> {
  const ownerName = await repo.personName(services.db, found.album.ownerId);
  const [summary] = await summaries(services, [{ album: found.album, ownerName, access: found.role }]);
  return summary!;
}

async function detailOf(services: Services, found: AlbumAccessRow): Promise<AlbumDetail> {
  const summary = await summaryOf(services, found);
  const members = (await repo.listMembers(services.db, found.album.id)).map((m) => ({
    id: m.userId,
    name: m.name,
    role: m.role,
  }));
  // The chosen cover only while it is still a live photo of the album.
  const coverId =
    found.album.coverFileId !== null && summary.cover?.fileId === found.album.coverFileId
      ? found.album.coverFileId
      : null;
  return toAlbumDetail(summary, coverId, members);
}

/** `GET /api/albums`: the caller's albums, and those shared with them. */
export async function listAlbums(services: Services, userId: string): Promise<AlbumListResponse> {
  const rows = await repo.listAlbumsOf(services.db, userId);
  const all = await summaries(
    services,
    rows.map((r) => ({ album: r.album, ownerName: r.ownerName, access: r.role })),
  );
  return { owned: all.filter((a) => a.access === "owner"), shared: all.filter((a) => a.access !== "owner") };
}

/** `POST /api/albums`: a new album, empty or with some of the caller's photos. */
export async function createAlbum(
  services: Services,
  userId: string,
  input: { name?: unknown; fileIds?: unknown },
): Promise<AlbumDetail> {
  const name = parseName(input.name);
  const fileIds = input.fileIds === undefined ? [] : parseFileIds(input.fileIds, { allowEmpty: true });
  await ownPhotos(services, userId, fileIds);
  const now = services.now();
  const album: AlbumRow = { id: newId(), ownerId: userId, name, coverFileId: null, createdAt: now, updatedAt: now };
  await repo.insertAlbum(services.db, album);
  await repo.insertItems(services.db, album.id, fileIds, userId, now);
  return detailOf(services, { album, role: "owner" });
}

/** `GET /api/albums/:id`: the album and a page of its photos, oldest taken first. */
export async function getAlbum(
  services: Services,
  userId: string,
  albumId: string,
  query: { after?: string; limit?: string } = {},
): Promise<AlbumResponse> {
  const found = await albumFor(services, userId, albumId);
  const after = decodeAfter(query.after);
  const limit = parseLimit(query.limit);
  const rows = await repo.listAlbumItems(services.db, albumId, { after, limit: limit + 1 });
  const shown = rows.slice(0, limit);
  const last = shown.at(-1)?.file;
  const isOwner = found.role === "owner";
  return {
    album: await detailOf(services, found),
    items: shown.map((row) => toAlbumItem(row, userId, isOwner)),
    nextCursor: rows.length > limit && last ? `${last.sortAt}.${last.id}` : null,
  };
}

/** `PATCH /api/albums/:id`: rename and/or choose the cover (owner only; the cover must be in the album). */
export async function patchAlbum(
  services: Services,
  userId: string,
  albumId: string,
  input: { name?: unknown; coverId?: unknown },
): Promise<AlbumDetail> {
  const found = await albumFor(services, userId, albumId);
  if (found.role !== "owner") throw ownerOnly("rename it or choose its cover");
  const patch: { name?: string; coverFileId?: string | null; updatedAt: number } = { updatedAt: services.now() };
  if (input.name !== undefined) patch.name = parseName(input.name);
  if (input.coverId !== undefined) {
    if (input.coverId !== null && typeof input.coverId !== "string")
      throw badRequest("invalid_cover", "coverId is the id of a photo in the album, or null.");
    if (input.coverId !== null && !(await repo.findAlbumItem(services.db, albumId, input.coverId)))
      throw badRequest("cover_not_in_album", "The cover must be a photo in the album.");
    patch.coverFileId = input.coverId;
  }
  await repo.updateAlbum(services.db, albumId, patch);
  const album = { ...found.album, ...patch };
  await announce(services, album);
  return detailOf(services, { album, role: "owner" });
}

/** `DELETE /api/albums/:id` (owner only): the album goes, its photos stay where they are. */
export async function deleteAlbum(services: Services, userId: string, albumId: string): Promise<void> {
  const found = await albumFor(services, userId, albumId);
  if (found.role !== "owner") throw ownerOnly("delete it; you can leave it instead");
  const members = await repo.listMembers(services.db, albumId);
  await repo.deleteAlbum(services.db, albumId);
  const everyone = [userId, ...members.map((m) => m.userId)];
  await Promise.all(everyone.map((id) => services.events.publish(id, { type: "album.changed", albumId })));
}

/**
 * `POST /api/albums/:id/items`: the owner and contributors add photos and videos of their own
 * (a viewer gets 403 `viewer_cannot_add`). Photos already in the album stay as they were.
 */
export async function addItems(
  services: Services,
  userId: string,
  albumId: string,
  input: { fileIds?: unknown },
): Promise<AlbumItemsResponse> {
  const found = await albumFor(services, userId, albumId);
  if (found.role === "viewer")
    throw new HttpError(403, "viewer_cannot_add", "You can view this album; ask its owner to let you add photos.");
  const fileIds = parseFileIds(input.fileIds);
  // A photo someone else already put in the album may be sent again (it is left as it is).
  const already = new Set((await repo.itemsIn(services.db, albumId, fileIds)).map((i) => i.fileId));
  await ownPhotos(
    services,
    userId,
    fileIds.filter((id) => !already.has(id)),
  );
  const now = services.now();
  const changed = await repo.insertItems(
    services.db,
    albumId,
    fileIds.filter((id) => !already.has(id)),
    userId,
    now,
  );
  if (changed > 0) {
    await repo.updateAlbum(services.db, albumId, { updatedAt: now });
    await announce(services, found.album);
  }
  return { changed, unchanged: fileIds.length - changed, album: await summaryOf(services, found) };
}

/**
 * `DELETE /api/albums/:id/items`: the owner removes any photo, a contributor only those they
 * added (403 `not_your_addition` otherwise, and nothing is removed). The photos stay in Drive.
 */
export async function removeItems(
  services: Services,
  userId: string,
  albumId: string,
  input: { fileIds?: unknown },
): Promise<AlbumItemsResponse> {
  const found = await albumFor(services, userId, albumId);
  if (found.role === "viewer") throw new HttpError(403, "viewer_cannot_remove", "You can only view this album.");
  const fileIds = parseFileIds(input.fileIds);
  const present = await repo.itemsIn(services.db, albumId, fileIds);
  if (found.role !== "owner" && present.some((i) => i.addedBy !== userId))
    throw new HttpError(403, "not_your_addition", "You can only remove photos you added.");
  const changed = await repo.deleteItems(
    services.db,
    albumId,
    present.map((i) => i.fileId),
  );
  if (changed > 0) {
    await repo.updateAlbum(services.db, albumId, { updatedAt: services.now() });
    await announce(services, found.album);
  }
  return { changed, unchanged: fileIds.length - changed, album: await summaryOf(services, found) };
}

/** `PUT /api/albums/:id/members/:userId` (owner only): shares the album with a household member, or changes their role. */
export async function putMember(
  services: Services,
  userId: string,
  albumId: string,
  memberId: string,
  input: { role?: unknown },
): Promise<AlbumDetail> {
  const found = await albumFor(services, userId, albumId);
  if (found.role !== "owner") throw ownerOnly("share it");
  if (!ALBUM_ROLES.includes(input.role as AlbumRole))
    throw badRequest("invalid_role", `role is ${ALBUM_ROLES.join(" or ")}.`);
  if (memberId === userId) throw badRequest("owner_is_not_a_member", "You own this album already.");
  if (!(await repo.findActivePerson(services.db, memberId))) throw notFound("No such household member.");
  await repo.upsertMember(services.db, albumId, memberId, input.role as AlbumRole, services.now());
  await announce(services, found.album);
  return detailOf(services, found);
}

/**
 * `DELETE /api/albums/:id/members/:userId`: the owner removes a member, or a member leaves
 * (themself). What they added leaves with them. 204.
 */
export async function removeMember(
  services: Services,
  userId: string,
  albumId: string,
  memberId: string,
): Promise<void> {
  const found = await albumFor(services, userId, albumId);
  if (found.role !== "owner" && memberId !== userId) throw ownerOnly("remove other people");
  if (memberId === found.album.ownerId)
    throw badRequest("owner_is_not_a_member", "The owner cannot leave their own album; delete it instead.");
  // Everyone who was in it hears of it, the one leaving too (their open album page closes).
  const members = await repo.listMembers(services.db, albumId);
  if (!(await repo.deleteMember(services.db, albumId, memberId))) throw notFound("That person is not in this album.");
  await repo.deleteItemsAddedBy(services.db, albumId, memberId);
  await repo.updateAlbum(services.db, albumId, { updatedAt: services.now() });
  const everyone = [found.album.ownerId, ...members.map((m) => m.userId)];
  await Promise.all(everyone.map((id) => services.events.publish(id, { type: "album.changed", albumId })));
}

/** A photo of the album a member may see (thumbnail, preview, original): 404 for anything else. */
export async function albumPhoto(
  services: Services,
  userId: string,
  albumId: string,
  fileId: string,
): Promise<AlbumItemRow> {
  await albumFor(services, userId, albumId);
  const row = await repo.findAlbumItem(services.db, albumId, fileId);
  if (!row) throw notFound("No such photo in this album.");
  return row;
}

/** `GET /api/people`: the other active household members, to share albums with (names only). */
export async function listPeople(services: Services, userId: string): Promise<PeopleResponse> {
  return { people: await repo.listPeople(services.db, userId) };
}
