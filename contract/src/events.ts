/** Live events, pushed to the signed-in user's tabs over Server-Sent Events. */

import type { FileItem } from "./drive";
import type { ThumbnailSize } from "./photos";

/**
 * Events pushed on `GET /api/events` (Server-Sent Events). The SSE `event:` field is the `type`,
 * the `data:` field is the JSON of the whole event.
 */
export type HearthEvent =
  | { type: "file.created"; file: FileItem }
  | { type: "file.updated"; file: FileItem }
  | { type: "file.trashed"; fileId: string }
  | { type: "file.restored"; file: FileItem }
  | { type: "file.deleted"; fileId: string }
  | { type: "job.progress"; fileId: string; job: JobKind; state: JobState; progress: number }
  | { type: "thumbnail.ready"; fileId: string; sizes: ThumbnailSize[] }
  /** An album the user owns or is a member of changed (photos, name, cover, members) or went away: fetch it again. */
  | { type: "album.changed"; albumId: string }
  /** A partner share the user gives or receives began, changed or ended: fetch the partners and the timeline again. */
  | { type: "partners.changed" };

export const JOB_KINDS = ["image", "video"] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export const JOB_STATES = ["queued", "running", "done", "failed"] as const;
export type JobState = (typeof JOB_STATES)[number];
