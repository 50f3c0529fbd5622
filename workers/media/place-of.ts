/**
 * The place columns of a photo's media row from its GPS position: the town (offline, see
 * place-names.ts) and its map tile at MAP_TILE_ZOOM. Used when a photo is processed and by the
 * maintenance pass that names photos processed before Hearth knew places.
 */
import { MAP_TILE_ZOOM, tileOf } from "@hearth/contract";
import table from "hearth:place-table";
import { openPlaceTable, type PlaceTable } from "./place-names";

let places: PlaceTable | undefined;

export interface PlaceValues {
  placeCity: string | null;
  placeRegion: string | null;
  placeCountry: string | null;
  placeCountryCode: string | null;
  mapX: number;
  mapY: number;
}

/** The place columns for a position (the town null at sea or in a desert; the map tile always). */
export function placeValues(latitude: number, longitude: number): PlaceValues {
  places ??= openPlaceTable(table);
  const place = places.lookup(latitude, longitude);
  const tile = tileOf(latitude, longitude, MAP_TILE_ZOOM);
  return {
    placeCity: place?.city ?? null,
    placeRegion: place?.region ?? null,
    placeCountry: place?.country ?? null,
    placeCountryCode: place?.countryCode ?? null,
    mapX: tile.x,
    mapY: tile.y,
  };
}
