import type { MemoriesResponse } from "@hearth/contract";
import { request } from "./client";

const pad = (n: number) => String(n).padStart(2, "0");

/** Today on this browser's calendar, "YYYY-MM-DD": the day memories are of (contract/src/memories.ts). */
export function localToday(now = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** "On this day": the photos taken on `date` in earlier years. */
export const memoriesApi = {
  onThisDay: (date = localToday()) =>
    request<MemoriesResponse>(`/api/photos/memories?date=${encodeURIComponent(date)}`),
};
