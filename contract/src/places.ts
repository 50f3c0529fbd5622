/** Photos: place names, the Places map and search. */

import type { FileItem } from "./drive";

/** Where a photo was taken, by offline reverse geocoding of its GPS position against GeoNames. */
export interface PlaceName {
  /** The town ("Lisbon"). */
  city: string;
  /** Its first-level region ("Lisbon", "Bavaria"); null when GeoNames has none. */
  region: string | null;
  /** The country in English ("Portugal"). */
  country: string;
  /** ISO 3166-1 alpha-2 ("PT"). */
  countryCode: string;
}

/** "Lisbon, Portugal", "Estoril, Lisbon, Portugal": the region only when it says something the town does not. */
export function placeLabel(place: PlaceName): string {
  const parts = [place.city];
  if (place.region && place.region !== place.city) parts.push(place.region);
  parts.push(place.country);
  return parts.join(", ");
}

/**
 * The finest Web Mercator zoom a photo's position is stored at (a tile of ~150 m at the equator);
 * clusters at coarser zooms are its tile coordinates shifted right.
 */
export const MAP_TILE_ZOOM = 18;
/** The zoom levels the server counts clusters at (a cluster is one tile of that zoom). */
export const MAP_CLUSTER_LEVELS = [2, 4, 6, 8, 10, 12, 14, 16, 18] as const;
/** Latitudes Web Mercator can draw. */
export const MAX_MERCATOR_LATITUDE = 85.0511287798;

/** The Web Mercator tile (x, y) a position falls in at `zoom`. */
export function tileOf(latitude: number, longitude: number, zoom: number): { x: number; y: number } {
  const n = 2 ** zoom;
  const lat = Math.max(-MAX_MERCATOR_LATITUDE, Math.min(MAX_MERCATOR_LATITUDE, latitude));
  const rad = (lat * Math.PI) / 180;
  const x = Math.floor(((longitude + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return { x: Math.min(n - 1, Math.max(0, x)), y: Math.min(n - 1, Math.max(0, y)) };
}

/**
 * The cluster level for a map at `zoom`: tiles of zoom + 2 are 64 px wide on screen, about the
 * size of a cluster's marker, so markers rarely overlap.
 */
export function clusterLevelFor(zoom: number): number {
  const wanted = Math.floor(zoom) + 2;
  let level: number = MAP_CLUSTER_LEVELS[0];
  for (const candidate of MAP_CLUSTER_LEVELS) if (candidate <= wanted) level = candidate;
  return level;
}

/** One marker of the Places map: the photos of one tile, drawn at their centroid. */
export interface PlaceCluster {
  /** The tile, "level/x/y": pass it as `area` to `GET /api/photos/search` to open its photos. */
  area: string;
  latitude: number;
  longitude: number;
  count: number;
  /** The newest photo in it, for the marker's thumbnail. */
  cover: FileItem | null;
}

/**
 * `GET /api/photos/places?bbox=west,south,east,north&zoom=Z` → the owner's timeline photos with GPS
 * in the box, clustered by tiles of `level` (clusterLevelFor(zoom)); at most MAX_PLACE_CLUSTERS
 * (the most populous first; `truncated` says some were left out). A cluster of one is a photo.
 */
export interface PlacesResponse {
  level: number;
  clusters: PlaceCluster[];
  truncated: boolean;
}

export const MAX_PLACE_CLUSTERS = 500;
/** "level/x/y" of a cluster tile. */
export const AREA_PATTERN = /^(\d{1,2})\/(\d{1,6})\/(\d{1,6})$/;

/**
 * `GET /api/photos/search?q=&area=&before=&limit=` → the owner's timeline photos matching every
 * word of `q`, newest taken first, paged like the timeline (`nextCursor` → `before`). A word is a
 * year ("2019"), a month ("July", "jul"), a season ("summer": June–August, northern hemisphere),
 * or text matched against the start of words in the place ("Lisbon", "Portugal"), the camera
 * ("iPhone") and the file name ("IMG_1234"). `area` ("level/x/y", from the map) keeps results in
 * one cluster. `understood` says how the words were read, for the results header.
 */
export interface PhotoSearchResponse {
  items: FileItem[];
  nextCursor: string | null;
  understood: SearchWord[];
}

/** How one word of a search was read. */
export type SearchWord =
  | { kind: "year"; text: string; year: number }
  | { kind: "month"; text: string; month: number }
  | { kind: "season"; text: string; months: number[] }
  | { kind: "text"; text: string };

/** Longest `q` accepted, in characters; at most MAX_SEARCH_WORDS words. */
export const MAX_SEARCH_LENGTH = 200;
export const MAX_SEARCH_WORDS = 8;

/** Where the Places map draws street detail from, when the household wants more than the built-in outlines. */
export interface MapSettings {
  /**
   * A MapLibre style URL (ends in .json) or a raster tile URL template with {z}/{x}/{y}; null for
   * the offline base (country and coast outlines served by Hearth). Set by an admin.
   */
  tileUrl: string | null;
}
