import type { AlbumSummary } from "@hearth/contract";

const monthYear = (iso: string) => new Date(iso).toLocaleDateString(undefined, { month: "short", year: "numeric" });

/** "12 items · Jul 2022 – Aug 2023", as an album card and header say it. */
export function albumFacts(album: AlbumSummary): string {
  const count = `${album.count.toLocaleString()} ${album.count === 1 ? "item" : "items"}`;
  if (!album.from || !album.to) return count;
  const [from, to] = [monthYear(album.from), monthYear(album.to)];
  return `${count} · ${from === to ? from : `${from} – ${to}`}`;
}
