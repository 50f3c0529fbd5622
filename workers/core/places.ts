/**
 * Places: the map of the owner's photos with GPS, clustered on the server. The database counts
 * photos per Web Mercator tile at every level of MAP_CLUSTER_LEVELS as they come and go (triggers,
 * migration 0012_places), so a map request reads only the cells in view: its cost follows what is
 * on screen, not the size of the library. Naming places happens in the media process (it has the
 * GeoNames table); photos processed before Hearth knew places are named by the maintenance pass.
 */
import {
  clusterLevelFor,
  MAX_PLACE_CLUSTERS,
  tileOf,
  type MapSettings,
  type PlaceCluster,
  type PlacesResponse,
} from "@hearth/contract";
import { badRequest } from "../lib/errors";
import { readSettings } from "../repositories/settings";
import * as places from "../repositories/places";
import type { PlaceColumns } from "../repositories/places";
import { ownerToken } from "./photo-search";
import { toFileItem } from "./presenter";
import type { Services } from "./services";

export interface PlacesQuery {
  bbox?: string;
  zoom?: string;
}

/** "west,south,east,north" in degrees; 400 for anything else. West may exceed east across the antimeridian. */
export function parseBbox(bbox: string | undefined) {
  const parts = (bbox ?? "").split(",").map(Number);
  const [west, south, east, north] = parts as [number, number, number, number];
  const valid =
    parts.length === 4 &&
    parts.every(Number.isFinite) &&
    south >= -90 &&
    north <= 90 &&
    south <= north &&
    west >= -540 &&
    east <= 540;
  if (!valid) throw badRequest("invalid_bbox", "bbox is west,south,east,north in degrees.");
  return { west, south, east, north };
}

/** The tile columns a longitude span covers at `level`: one range, or two across the antimeridian. */
export function columnRanges(west: number, east: number, level: number): [number, number][] {
  const n = 2 ** level;
  if (east - west >= 360) return [[0, n - 1]];
  const wrap = (lng: number) => ((((lng + 180) % 360) + 360) % 360) - 180;
  const x0 = tileOf(0, wrap(west), level).x;
  const x1 = tileOf(0, wrap(east), level).x;
  return x0 <= x1
    ? [[x0, x1]]
    : [
        [x0, n - 1],
        [0, x1],
      ];
}

/** `GET /api/photos/places?bbox=&zoom=`: the owner's photos with GPS in view, as clusters. */
export async function listPlaces(services: Services, ownerId: string, query: PlacesQuery): Promise<PlacesResponse> {
  const box = parseBbox(query.bbox);
  const zoom = Number(query.zoom);
  if (query.zoom === undefined || !Number.isFinite(zoom) || zoom < 0 || zoom > 24)
    throw badRequest("invalid_zoom", "zoom is the map's zoom, 0 to 24.");
  const level = clusterLevelFor(zoom);
  const y0 = tileOf(box.north, 0, level).y;
  const y1 = tileOf(box.south, 0, level).y;
  const token = ownerToken(ownerId);
  const cells = [];
  for (const [x0, x1] of columnRanges(box.west, box.east, level))
    cells.push(
      ...(await places.listCells(services.db, ownerId, token, level, { x0, x1, y0, y1 }, MAX_PLACE_CLUSTERS + 1)),
    );
  cells.sort((a, b) => b.count - a.count);
  const shown = cells.slice(0, MAX_PLACE_CLUSTERS);
  const coverIds = shown.flatMap((c) => (c.coverId ? [c.coverId] : []));
  const covers = new Map(
    (await places.listItemsByIds(services.db, ownerId, coverIds)).map((row) => [
      row.file.id,
      toFileItem(row.file, row.blob, row.media),
    ]),
  );
  const clusters: PlaceCluster[] = shown.map((c) => ({
    area: `${level}/${c.x}/${c.y}`,
    latitude: c.latitude,
    longitude: c.longitude,
    count: c.count,
    cover: (c.coverId && covers.get(c.coverId)) || null,
  }));
  return { level, clusters, truncated: cells.length > MAX_PLACE_CLUSTERS };
}

/** Works out a position's place columns; the media process's geocoder (media/place-of.ts). */
export type PlaceNamer = (latitude: number, longitude: number) => PlaceColumns;

const BACKLOG_BATCH = 500;

/**
 * Names photos that have GPS but no place yet (processed before Hearth knew places), in batches,
 * until none is left or `budgetMs` is spent; how many it named. Nothing is re-thumbnailed.
 */
export async function nameUnplacedPhotos(services: Services, namer: PlaceNamer, budgetMs: number): Promise<number> {
  const started = services.now();
  let named = 0;
  while (services.now() - started < budgetMs) {
    const backlog = await places.listPlaceBacklog(services.db, BACKLOG_BATCH);
    if (backlog.length === 0) break;
    await places.savePlaces(
      services.db,
      backlog.map((row) => ({ blobId: row.blobId, values: namer(row.latitude, row.longitude) })),
    );
    named += backlog.length;
    if (backlog.length < BACKLOG_BATCH) break;
  }
  return named;
}

/** `GET /api/photos/map`: where the Places map takes street detail from (null: offline outlines only). */
export async function mapSettings(services: Services): Promise<MapSettings> {
  return { tileUrl: (await readSettings(services.db)).mapTileUrl };
}
