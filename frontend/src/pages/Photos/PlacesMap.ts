/**
 * The Places map's MapLibre setup. The base works with no internet: land and country outlines
 * from Natural Earth (the `world-atlas` package, TopoJSON turned into GeoJSON here) are part of
 * Hearth's own web app. An admin's tile or style URL (Admin → Settings) draws street detail over
 * them. Clusters come from the server (`GET /api/photos/places`) for what is in view.
 */
import { placeLabel, type PlacesResponse } from "@hearth/contract";
import * as maplibregl from "maplibre-gl";
import type { Map as MapLibreMap, StyleSpecification } from "maplibre-gl";
import "maplibre-gl/dist/maplibre-gl.css";
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";
import { feature, mesh } from "topojson-client";
import countries from "world-atlas/countries-50m.json";

// MapLibre finds its worker next to its own module, which a bundle does not keep: name the copy Vite emits.
maplibregl.setWorkerUrl(workerUrl);

const world = countries as unknown as Parameters<typeof feature>[0] & {
  objects: { countries: Parameters<typeof feature>[1]; land: Parameters<typeof feature>[1] };
};

/** The offline base: sea, land, country borders. No glyphs, sprites or tiles from anywhere. */
function baseStyle(tileUrl: string | null): StyleSpecification {
  const land = feature(world, world.objects.land);
  const borders = mesh(world, world.objects.countries as never, (a: unknown, b: unknown) => a !== b);
  const raster = tileUrl && /\{z\}/.test(tileUrl) ? tileUrl : null;
  return {
    version: 8,
    sources: {
      land: { type: "geojson", data: land as never },
      borders: { type: "geojson", data: borders as never },
      ...(raster ? { street: { type: "raster", tiles: [raster], tileSize: 256, attribution: "Street detail" } } : {}),
    },
    layers: [
      { id: "sea", type: "background", paint: { "background-color": "#cfe3ee" } },
      { id: "land", type: "fill", source: "land", paint: { "fill-color": "#f3efe6" } },
      ...(raster ? [{ id: "street", type: "raster" as const, source: "street" }] : []),
      { id: "coast", type: "line", source: "land", paint: { "line-color": "#8aa6b8", "line-width": 0.8 } },
      { id: "borders", type: "line", source: "borders", paint: { "line-color": "#a89f91", "line-width": 0.7 } },
    ],
  };
}

export interface PlacesMapOptions {
  container: HTMLElement;
  tileUrl: string | null;
  center?: [number, number];
  zoom?: number;
  load(bbox: [number, number, number, number], zoom: number): Promise<PlacesResponse>;
  onCluster(area: string, count: number, label: string): void;
}

/** Makes the map; clusters follow the view. */
export function createPlacesMap(options: PlacesMapOptions): MapLibreMap {
  const styleUrl = options.tileUrl && !/\{z\}/.test(options.tileUrl) ? options.tileUrl : null;
  const map = new maplibregl.Map({
    container: options.container,
    style: styleUrl ?? baseStyle(options.tileUrl),
    center: options.center ?? [0, 30],
    zoom: options.zoom ?? 1.5,
    attributionControl: { compact: true, customAttribution: "Natural Earth" },
    renderWorldCopies: false,
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");

  // Clusters are DOM markers (the cover photo and a count): text layers would need a glyph server.
  let markers: maplibregl.Marker[] = [];
  let generation = 0;
  const refresh = async () => {
    const mine = ++generation;
    const b = map.getBounds();
    const answer = await options.load([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], map.getZoom());
    if (mine !== generation) return;
    markers.forEach((m) => m.remove());
    markers = answer.clusters.map((c) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "places-marker";
      button.dataset.testid = "places-cluster";
      button.dataset.count = String(c.count);
      const label = c.cover?.media?.place ? placeLabel(c.cover.media.place) : `${c.count} photos`;
      button.setAttribute("aria-label", `${c.count.toLocaleString()} photos, ${label}`);
      if (c.cover?.thumbnails.includes(240))
        button.style.backgroundImage = `url(/api/files/${encodeURIComponent(c.cover.id)}/thumbnail?size=240)`;
      const count = document.createElement("span");
      count.textContent = c.count > 9999 ? `${Math.round(c.count / 1000)}k` : c.count.toLocaleString();
      button.append(count);
      button.addEventListener("click", (event) => {
        event.stopPropagation();
        options.onCluster(c.area, c.count, label);
      });
      return new maplibregl.Marker({ element: button }).setLngLat([c.longitude, c.latitude]).addTo(map);
    });
    options.container.dataset.clusters = String(markers.length);
  };

  map.on("load", () => {
    map.on("moveend", () => void refresh());
    void refresh();
  });
  return map;
}
