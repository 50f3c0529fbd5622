/**
 * Offline reverse geocoding: the place a GPS position is in, from the GeoNames-derived table built
 * into the media bundle (supervisor/src/build/place-table.ts). No network, ever. The table is read
 * in place; the only structure built from it is a kd-tree of the coordinates (~2.5 MB), made on
 * the first lookup and kept for the life of the process. A lookup takes microseconds.
 *
 * Which town: the nearest one, unless a much larger town (10× the people or more) is close enough
 * that the point is within its reach (a radius growing with the square root of its population,
 * 3 to 25 km). So Belém is "Lisbon", not the suburb of Algés 1.7 km away, the Eiffel Tower is
 * "Paris", not Neuilly-sur-Seine; but Amadora stays Amadora beside Lisbon (only 3× smaller).
 */
import KDBush from "kdbush";
import { around, distance } from "geokdbush";
import type { PlaceName } from "@hearth/contract";

const MAGIC = 0x48504c31;
/** Farther than this from any town of 1,000 people (at sea, in a desert): no place. */
const MAX_DISTANCE_KM = 50;
const CANDIDATES = 24;
/** How much larger a town must be than the nearest one to claim a point within its reach. */
const CLAIM_RATIO = 10;

export interface PlaceTable {
  lookup(latitude: number, longitude: number): PlaceName | null;
}

/** A town's reach in km: 3 km for a village, ~14 km for Lisbon, at most 25 km. */
function reachKm(population: number): number {
  return Math.min(25, Math.max(3, 0.02 * Math.sqrt(population)));
}

/** Reads a table built by buildPlaceTable. */
export function openPlaceTable(bytes: Uint8Array): PlaceTable {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw new Error("not a Hearth place table");
  const [n, r, s] = [view.getUint32(4, true), view.getUint32(8, true), view.getUint32(12, true)];
  let at = 20;
  const word = (section: number, i: number) => view.getUint32(section + i * 4, true);
  const section = (count: number) => {
    const start = at;
    at += count * 4;
    return start;
  };
  const lat = section(n);
  const lng = section(n);
  const population = section(n);
  const cityName = section(n);
  const cityRegion = section(n);
  const regionName = section(r);
  const regionCountry = section(r);
  const regionCode = section(r);
  const stringStart = section(s + 1);
  const text = at;
  const decoder = new TextDecoder();
  const string = (id: number) =>
    decoder.decode(bytes.subarray(text + word(stringStart, id), text + word(stringStart, id + 1)));
  const latOf = (i: number) => view.getInt32(lat + i * 4, true) / 1e5;
  const lngOf = (i: number) => view.getInt32(lng + i * 4, true) / 1e5;

  let index: KDBush | undefined;
  const tree = () => {
    if (!index) {
      index = new KDBush(n);
      for (let i = 0; i < n; i++) index.add(lngOf(i), latOf(i));
      index.finish();
    }
    return index;
  };

  return {
    lookup(latitude, longitude) {
      if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return null;
      const near = around(tree(), longitude, latitude, CANDIDATES, MAX_DISTANCE_KM);
      const nearest = near[0];
      if (nearest === undefined) return null;
      const people = (i: number) => word(population, i);
      let chosen = nearest;
      for (const i of near) {
        const km = distance(longitude, latitude, lngOf(i), latOf(i));
        if (km <= reachKm(people(i)) && people(i) >= CLAIM_RATIO * people(nearest) && people(i) > people(chosen))
          chosen = i;
      }
      const region = word(cityRegion, chosen);
      return {
        city: string(word(cityName, chosen)),
        region: string(word(regionName, region)) || null,
        country: string(word(regionCountry, region)),
        countryCode: string(word(regionCode, region)),
      };
    },
  };
}
