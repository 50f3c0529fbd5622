/**
 * Partner sharing: a household member shares their whole Photos library with another, from a date
 * and optionally only the photos in chosen folders (their subfolders too). Trashed and archived
 * photos are never shared. The partner browses them apart (`/api/partners/:userId/photos`) or
 * shows them in their own timeline, each marked with its owner (`FileItem.owner`). Either side
 * stops it with `DELETE /api/partners/:userId`.
 */

/** Most folders one share may be limited to. */
export const MAX_PARTNER_FOLDERS = 100;

/** Which share `DELETE /api/partners/:userId?direction=` ends: the one you give, or the one you receive. */
export const PARTNER_DIRECTIONS = ["given", "received"] as const;
export type PartnerDirection = (typeof PARTNER_DIRECTIONS)[number];

export interface PartnerFolder {
  id: string;
  name: string;
  /** True while the folder is in the owner's trash (its photos are not shared meanwhile). */
  trashed: boolean;
}

/** A share as either side sees it. */
export interface PartnerShare {
  /** The other person: the partner for shares you give, the owner for shares you receive. */
  user: { id: string; name: string };
  /** Photos taken on or after this instant (ISO) are shared; null: all of them. */
  from: string | null;
  /** Only the photos in these folders and their subfolders; null: the whole library. */
  folders: PartnerFolder[] | null;
  createdAt: string;
  updatedAt: string;
}

/** A share you receive, with your own choice for it. */
export interface ReceivedPartnerShare extends PartnerShare {
  /** The photos appear in your timeline (marked as the owner's), not only on the partner's page. */
  showInTimeline: boolean;
}

/** `GET /api/partners` → the shares you give and those you receive, by name. */
export interface PartnersResponse {
  sharedByMe: PartnerShare[];
  sharedWithMe: ReceivedPartnerShare[];
}

/**
 * `PUT /api/partners/:userId` (the owner) → PartnerShare: shares your photos with that household
 * member, or changes the date and folders of the share. `from`: a date ("2024-07-01", UTC), an ISO
 * instant or milliseconds; absent or null: everything. `folderIds`: your folders; absent, null or
 * empty: the whole library.
 */
export interface PutPartnerRequest {
  from?: string | number | null;
  folderIds?: string[] | null;
}

/** `PATCH /api/partners/:userId` (the partner) → ReceivedPartnerShare. */
export interface PatchPartnerRequest {
  showInTimeline: boolean;
}
