/**
 * Memories: "On this day", the photos taken on the viewer's today in earlier years.
 *
 * Which day: the viewer's today, on their own calendar. The server cannot know it (a household
 * has no time zone setting, and at 23:30 in Lisbon it is already tomorrow in Tokyo), so the web
 * app sends its local date as `?date=`; without it the server takes today in UTC.
 *
 * Which photos belong to a day: the ones the timeline files under it, i.e. whose date taken
 * (`sort_at`) falls on that UTC date. For the usual EXIF date with no time zone the media process
 * stores the camera's wall-clock time as if it were UTC (workers/media/exif.ts), so a photo taken
 * at 23:59 on 7 December is a memory of 7 December wherever the household is. (A photo whose EXIF
 * carries an offset is stored as its true instant, and the timeline files it under its UTC date;
 * memories agree with the timeline rather than guess.)
 *
 * Cost: the years come from `photo_months` (one small read: only years with photos in this month),
 * then one statement reads a bounded range of the timeline's index per year (at most
 * MAX_MEMORIES_PER_YEAR + 1 entries each) and one more fetches those rows: two round trips
 * however many years, and the same cost at 1,000 photos or 1,000,000 (tests/bench/memories.ts).
 */
import { DATE_PATTERN, MAX_MEMORIES_PER_YEAR, type MemoriesResponse, type MemoryYear } from "@hearth/contract";
import { badRequest } from "../lib/errors";
import * as memories from "../repositories/memories";
import { toFileItems } from "./presenter";
import { staleTolerantDb, type Services } from "./services";

export interface CalendarDate {
  year: number;
  /** 1..12 */
  month: number;
  /** 1..31 */
  day: number;
}

/** The UTC instant a calendar day starts (ms); correct for years before 100 too, which Date.UTC is not. */
function startOfDay(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

export const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** `?date=` read: "YYYY-MM-DD" naming a real day; today (UTC) when absent; 400 for anything else. */
export function readMemoryDate(date: string | undefined, now: number): CalendarDate {
  if (date === undefined) {
    const today = new Date(now);
    return { year: today.getUTCFullYear(), month: today.getUTCMonth() + 1, day: today.getUTCDate() };
  }
  const parts = DATE_PATTERN.exec(date);
  const [year, month, day] = parts ? [Number(parts[1]), Number(parts[2]), Number(parts[3])] : [0, 0, 0];
  // 2025-02-30 passes the pattern but is no day: it would roll over into March.
  if (!parts || new Date(startOfDay(year, month, day)).getUTCDate() !== day)
    throw badRequest("invalid_date", "date is a day as YYYY-MM-DD, e.g. 2025-07-28.");
  return { year, month, day };
}

/** "YYYY-MM-DD" */
export const formatDate = ({ year, month, day }: CalendarDate) =>
  `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;

/** The instants [from, to) of `date`'s month and day in `year`; null when that year has no such day (29 Feb). */
export function dayInYear(date: CalendarDate, year: number): { from: number; to: number } | null {
  if (date.month === 2 && date.day === 29 && !isLeapYear(year)) return null;
  return { from: startOfDay(year, date.month, date.day), to: startOfDay(year, date.month, date.day + 1) };
}

/** The owner's photos of this day in earlier years, newest year first (`GET /api/photos/memories`). */
export async function listMemories(
  services: Services,
  ownerId: string,
  query: { date?: string },
): Promise<MemoriesResponse> {
  const date = readMemoryDate(query.date, services.now());
  const db = staleTolerantDb(services);
  const month = String(date.month).padStart(2, "0");
  const days = (await memories.yearsWithPhotosIn(db, ownerId, month, date.year)).flatMap((year) => {
    const range = dayInYear(date, year);
    return range ? [{ year, ...range }] : [];
  });
  // One row more than shown per year tells whether the day had more.
  const rows = await memories.listTakenInRanges(db, ownerId, days, MAX_MEMORIES_PER_YEAR + 1);
  const found: MemoryYear[] = [];
  for (const day of days) {
    const ofDay = rows.filter((row) => row.file.sortAt! >= day.from && row.file.sortAt! < day.to);
    if (ofDay.length === 0) continue;
    found.push({
      year: day.year,
      yearsAgo: date.year - day.year,
      items: toFileItems(ofDay.slice(0, MAX_MEMORIES_PER_YEAR)),
      more: ofDay.length > MAX_MEMORIES_PER_YEAR,
    });
  }
  return { date: formatDate(date), years: found };
}
