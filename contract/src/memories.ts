/** Memories: "On this day", the photos taken on today's date in earlier years. */

import type { FileItem } from "./drive";

/** Most photos one year of memories lists (`more` says when the day had others): two minutes of slideshow. */
export const MAX_MEMORIES_PER_YEAR = 24;

/** A calendar date, "YYYY-MM-DD". */
export const DATE_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The photos of one earlier year taken on the asked day, newest taken first. */
export interface MemoryYear {
  year: number;
  /** `date`'s year minus `year`: 1 for last year. */
  yearsAgo: number;
  items: FileItem[];
  /** True when that day had more than MAX_MEMORIES_PER_YEAR photos (the first ones are listed). */
  more: boolean;
}

/**
 * `GET /api/photos/memories?date=YYYY-MM-DD` → the caller's own timeline photos (not archived, not
 * in the trash) taken on that month and day in earlier years, newest year first; years without
 * any are left out. `date` is the viewer's today on their own calendar (the web app sends the
 * browser's local date); without it, today in UTC. A photo's day is the one the timeline files it
 * under: the UTC date of its date taken, which is the camera's own wall-clock date for photos
 * whose EXIF records no time zone. On 29 February only leap years answer.
 */
export interface MemoriesResponse {
  date: string;
  years: MemoryYear[];
}
