/** Headings of the timeline. Months and days are UTC, as the server groups them. */
const monthFormat = new Intl.DateTimeFormat(undefined, { month: "long", year: "numeric", timeZone: "UTC" });
const shortMonthFormat = new Intl.DateTimeFormat(undefined, { month: "short", timeZone: "UTC" });
const dayFormat = new Intl.DateTimeFormat(undefined, {
  weekday: "short",
  month: "short",
  day: "numeric",
  timeZone: "UTC",
});

const utc = (key: string) => {
  const [year, month, day] = key.split("-").map(Number) as [number, number, number?];
  return new Date(Date.UTC(year, month - 1, day ?? 1));
};

/** "July 2024" */
export const monthLabel = (month: string) => monthFormat.format(utc(month));
/** "Jul" */
export const shortMonthLabel = (month: string) => shortMonthFormat.format(utc(month));
/** "Sun, Jul 28" */
export const dayLabel = (day: string) => dayFormat.format(utc(day));
