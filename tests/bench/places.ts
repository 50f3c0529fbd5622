/**
 * Places and search at scale: what the seeded photos' media rows carry (tests/bench/photos.ts) —
 * a camera, and for 70% a GPS position near one of a few dozen towns with its place name and map
 * tile, as the media process leaves them — and the timings of search and the map over them.
 *
 * The towns are skewed like a family's library: 45% of the photos with GPS at home (Lisbon), 10%
 * at a second home, the rest spread over 38 places visited. Positions scatter ±15 km around the
 * town in map tiles (done in tile space: SQLite here has no trigonometry).
 */
import { MAP_TILE_ZOOM, tileOf } from "@hearth/contract";
import type { Client } from "../harness/client";
import { timedRequest } from "./measure";

const TOWNS: [string, string, string, number, number][] = [
  ["Lisbon", "Lisbon", "Portugal", 38.7223, -9.1393],
  ["Porto", "Porto", "Portugal", 41.1496, -8.611],
  ["Faro", "Faro", "Portugal", 37.0194, -7.9322],
  ["Madrid", "Madrid", "Spain", 40.4168, -3.7038],
  ["Barcelona", "Catalonia", "Spain", 41.3874, 2.1686],
  ["Seville", "Andalusia", "Spain", 37.3891, -5.9845],
  ["Paris", "Île-de-France", "France", 48.8566, 2.3522],
  ["Lyon", "Auvergne-Rhône-Alpes", "France", 45.764, 4.8357],
  ["Nice", "Provence-Alpes-Côte d'Azur", "France", 43.7102, 7.262],
  ["London", "England", "United Kingdom", 51.5072, -0.1276],
  ["Edinburgh", "Scotland", "United Kingdom", 55.9533, -3.1883],
  ["Dublin", "Leinster", "Ireland", 53.3498, -6.2603],
  ["Amsterdam", "North Holland", "Netherlands", 52.3676, 4.9041],
  ["Berlin", "Berlin", "Germany", 52.52, 13.405],
  ["Munich", "Bavaria", "Germany", 48.1351, 11.582],
  ["Vienna", "Vienna", "Austria", 48.2082, 16.3738],
  ["Zurich", "Zurich", "Switzerland", 47.3769, 8.5417],
  ["Rome", "Lazio", "Italy", 41.9028, 12.4964],
  ["Florence", "Tuscany", "Italy", 43.7696, 11.2558],
  ["Venice", "Veneto", "Italy", 45.4408, 12.3155],
  ["Athens", "Attica", "Greece", 37.9838, 23.7275],
  ["Istanbul", "Istanbul", "Turkey", 41.0082, 28.9784],
  ["Prague", "Prague", "Czechia", 50.0755, 14.4378],
  ["Copenhagen", "Capital Region", "Denmark", 55.6761, 12.5683],
  ["Stockholm", "Stockholm", "Sweden", 59.3293, 18.0686],
  ["Oslo", "Oslo", "Norway", 59.9139, 10.7522],
  ["Reykjavik", "Capital Region", "Iceland", 64.1466, -21.9426],
  ["New York City", "New York", "United States", 40.7128, -74.006],
  ["San Francisco", "California", "United States", 37.7749, -122.4194],
  ["Chicago", "Illinois", "United States", 41.8781, -87.6298],
  ["Toronto", "Ontario", "Canada", 43.6532, -79.3832],
  ["Mexico City", "Mexico City", "Mexico", 19.4326, -99.1332],
  ["Rio de Janeiro", "Rio de Janeiro", "Brazil", -22.9068, -43.1729],
  ["Buenos Aires", "Buenos Aires", "Argentina", -34.6037, -58.3816],
  ["Cape Town", "Western Cape", "South Africa", -33.9249, 18.4241],
  ["Marrakesh", "Marrakesh-Safi", "Morocco", 31.6295, -7.9811],
  ["Kyoto", "Kyoto", "Japan", 35.0116, 135.7681],
  ["Tokyo", "Tokyo", "Japan", 35.6762, 139.6503],
  ["Sydney", "New South Wales", "Australia", -33.8688, 151.2093],
  ["Reykholt", "West", "Iceland", 64.665, -21.292],
];

const CAMERAS = [
  ["Apple", "iPhone 8"],
  ["Apple", "iPhone 11"],
  ["Apple", "iPhone 12 Pro"],
  ["Apple", "iPhone 15"],
  ["samsung", "Galaxy S21"],
  ["Google", "Pixel 7"],
  ["Canon", "EOS R6"],
  ["SONY", "ILCE-7M3"],
];

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * A CTE `town(t, city, region, country, code, lat, lng, x, y)` and `camera(c, make, model)` to join
 * in the seed's media INSERT, and the expressions that pick them per photo j.
 */
export function placeSeedSql() {
  const towns = TOWNS.map(([city, region, country, lat, lng], t) => {
    const tile = tileOf(lat, lng, MAP_TILE_ZOOM);
    return `(${t}, ${quote(city)}, ${quote(region)}, ${quote(country)}, 'XX', ${lat}, ${lng}, ${tile.x}, ${tile.y})`;
  }).join(", ");
  const cameras = CAMERAS.map(([make, model], c) => `(${c}, ${quote(make!)}, ${quote(model!)})`).join(", ");
  // 45% home, 10% second home, the rest over the other places; 30% of photos without GPS.
  const pick = `CASE WHEN (j * 31) % 100 < 45 THEN 0 WHEN (j * 31) % 100 < 55 THEN 1 ELSE 2 + (j * 7) % ${TOWNS.length - 2} END`;
  return {
    ctes: `town(t, city, region, country, code, lat, lng, x, y) AS (VALUES ${towns}),
      camera(c, make, model) AS (VALUES ${cameras})`,
    townOf: pick,
    hasGps: "j % 10 >= 3",
    cameraOf: `(j / 50) % ${CAMERAS.length}`,
    /** Tile-space scatter of ±100 tiles at zoom 18 (±15 km at Lisbon's latitude). */
    dx: "((j * 7919) % 201 - 100)",
    dy: "((j * 104729) % 201 - 100)",
  };
}

/** Times search and the Places map over the seeded library; the lines to print. */
export async function benchPlaces(client: Client, n: string): Promise<string[]> {
  const lines: string[] = [];
  const line = (label: string, m: { server: number; wall: number }, extra = "") =>
    lines.push(
      `with ${n} photos: ${label}${extra}: ${m.server.toFixed(0)} ms server, ${m.wall.toFixed(0)} ms end to end`,
    );
  const searches = [
    "Lisbon",
    "Portugal",
    "Kyoto",
    "2019",
    "July 2019",
    "summer 2019",
    "july",
    "iPhone",
    "Lisbon 2019",
    "Kyoto 2019",
    "canon july",
    "IMG_00424242",
    "nowhere",
  ];
  for (const q of searches) {
    const m = await timedRequest(client, `/api/photos/search?q=${encodeURIComponent(q)}&limit=200`);
    line(`search "${q}"`, m, ` (${m.body.items.length}${m.body.nextCursor ? "+" : ""} results in the first page)`);
  }
  const first = await timedRequest(client, `/api/photos/search?q=Portugal&limit=200`);
  let cursor = first.body.nextCursor as string;
  for (let i = 0; i < 20 && cursor; i++) {
    const page = await (await client.request("GET", `/api/photos/search?q=Portugal&limit=200&before=${cursor}`)).json();
    cursor = page.nextCursor;
  }
  if (cursor)
    line(
      `search "Portugal", page 22 (keyset)`,
      await timedRequest(client, `/api/photos/search?q=Portugal&limit=200&before=${cursor}`),
    );
  const views: [string, string, number][] = [
    ["the world", "-180,-85,180,85", 1],
    ["Europe", "-25,34,35,60", 4],
    ["Portugal", "-10,36.8,-6,42.2", 7],
    ["Lisbon", "-9.5,38.5,-8.9,38.95", 11],
    ["a few streets of Lisbon", "-9.16,38.70,-9.12,38.73", 15],
  ];
  for (const [label, bbox, zoom] of views) {
    const m = await timedRequest(client, `/api/photos/places?bbox=${bbox}&zoom=${zoom}`);
    line(`places, ${label} (zoom ${zoom})`, m, ` (${m.body.clusters.length} clusters)`);
  }
  const world = await timedRequest(client, `/api/photos/places?bbox=-180,-85,180,85&zoom=1`);
  const biggest = world.body.clusters[0];
  line(
    `opening the biggest cluster (${biggest.count.toLocaleString("en")} photos; first 200)`,
    await timedRequest(client, `/api/photos/search?area=${biggest.area}&limit=200`),
  );
  return lines;
}
